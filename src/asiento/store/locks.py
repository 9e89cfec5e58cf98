"""Row locks and insert-if-missing, per dialect.

PostgreSQL takes explicit row locks (``FOR NO KEY UPDATE`` so that concurrent
inserts referencing the row are not blocked). SQLite needs none: every
transaction starts with ``BEGIN IMMEDIATE`` (see ``session.py``), which already
serialises writers.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from asiento.domain.errors import NotFound
from asiento.store.tables import Company

T = TypeVar("T")


def for_update(session: Session, stmt: Select[Any]) -> Select[Any]:
    """``stmt`` with a row lock where the dialect needs one."""
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update(key_share=True)
    return stmt


def lock_company(session: Session, company_id: int) -> None:
    """Serialise a company-wide creation (an import, a supplier created from a document):
    the second of two such transactions waits here and then sees what the first made."""
    session.scalars(for_update(session, select(Company.id).where(Company.id == company_id))).one()


def insert_ignore(session: Session, table: Any, values: dict[str, Any]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: safe when two transactions race to create a row."""
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    session.execute(module.insert(table).values(**values).on_conflict_do_nothing())


def lock_scoped(session: Session, model: type[T], company_id: int, key: int, kind: str) -> T:
    """Row ``key`` of ``model`` in this company, locked until the transaction ends, or ``NotFound``.

    The one way a state change reads the document it changes: on PostgreSQL the
    row is taken ``FOR NO KEY UPDATE`` *before* its state is read, so of N
    concurrent callers one proceeds and the others wait, then read the state
    the winner committed (READ COMMITTED re-reads a locked row) and are refused
    by the caller's state check. ``populate_existing`` overwrites a copy the
    session already holds, so a check never runs on a stale state. On SQLite
    ``BEGIN IMMEDIATE`` already made the transaction the only writer.
    """
    stmt = select(model).where(
        model.id == key,  # type: ignore[attr-defined]
        model.company_id == company_id,  # type: ignore[attr-defined]
    )
    stmt = for_update(session, stmt).execution_options(populate_existing=True)
    row = session.scalars(stmt).first()
    if row is None:
        raise NotFound(kind, key)
    return row
