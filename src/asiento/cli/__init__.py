"""The ``asiento`` command line: thin Typer adapters over the services."""
