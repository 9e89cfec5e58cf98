"""Bank statement importers: each turns one file format into ``ParsedStatement``s."""
