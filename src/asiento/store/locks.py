"""Row locks and insert-if-missing, per dialect.

PostgreSQL takes explicit row locks (``FOR NO KEY UPDATE`` so that concurrent
inserts referencing the row are not blocked). SQLite needs none: every
transaction starts with ``BEGIN IMMEDIATE`` (see ``session.py``), which already
serialises writers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def for_update(session: Session, stmt: Select[Any]) -> Select[Any]:
    """``stmt`` with a row lock where the dialect needs one."""
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update(key_share=True)
    return stmt


def insert_ignore(session: Session, table: Any, values: dict[str, Any]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: safe when two transactions race to create a row."""
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    session.execute(module.insert(table).values(**values).on_conflict_do_nothing())
