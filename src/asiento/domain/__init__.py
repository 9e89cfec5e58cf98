"""Pure accounting rules: no I/O, no SQLAlchemy, no FastAPI, no Typer."""
