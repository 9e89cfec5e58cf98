"""Persistence: SQLAlchemy 2 tables, engine and session, unit of work, sequences, migrations."""
