"""Use cases. Each takes a unit of work and a company, returns results, raises domain errors."""
