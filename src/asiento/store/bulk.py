"""Set-based helpers for large id lists and per-row updates, per dialect.

Why: an ``IN (...)`` over tens of thousands of ids renders one bound parameter
per id (slow to compile and to parse, and PostgreSQL caps a statement at
65,535 parameters), and an executemany ``UPDATE`` runs the statement (and its
row triggers' plan) once per row. On PostgreSQL ``= ANY(:array)`` takes the
ids as one array parameter and ``UPDATE ... FROM unnest(:arrays)`` updates a
batch in one statement with one array parameter per column (column names
come from the table, never from input). SQLite keeps ``IN`` and executemany, which are cheap
in-process.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, any_, bindparam, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

BATCH = 10_000


def is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def id_in(session: Session, col: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """``col IN ids``, as ``col = ANY(:array)`` on PostgreSQL."""
    if is_pg(session):
        return col == any_(bindparam(None, list(ids), type_=ARRAY(BigInteger)))  # type: ignore[no-any-return]
    return col.in_(list(ids))  # type: ignore[no-any-return]


def update_by_id(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Set the given columns of each row, found by ``id`` (one statement per batch on PostgreSQL).

    Every row has the same keys: ``id`` plus column names of ``table``.
    """
    if not rows:
        return
    keys = [k for k in rows[0] if k != "id"]
    conn = session.connection()
    if not is_pg(session):
        many = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({k: bindparam(f"_{k}") for k in keys})
        )
        conn.execute(many, [{f"_{k}": v for k, v in r.items()} for r in rows])
        return
    dialect = session.get_bind().dialect
    names = ["id", *keys]
    arrays = ", ".join(
        f"CAST(:a{n} AS {'BIGINT' if k == 'id' else table.c[k].type.compile(dialect=dialect)}[])"
        for n, k in enumerate(names)
    )
    sets = ", ".join(f"{k} = v.{k}" for k in keys)
    stmt = text(
        f"UPDATE {table.name} AS t SET {sets} FROM unnest({arrays}) AS v({', '.join(names)}) "
        "WHERE t.id = v.id"
    )
    for start in range(0, len(rows), BATCH):
        part = rows[start : start + BATCH]
        conn.execute(stmt, {f"a{n}": [r[k] for r in part] for n, k in enumerate(names)})


def insert_rows(session: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys): ``INSERT ... SELECT FROM unnest`` on PostgreSQL.

    Why: psycopg's executemany sends one INSERT per row (pipelined, but each is
    parsed, bound and executed on its own); one statement per batch with one
    array parameter per column costs a fraction. SQLite keeps executemany.
    """
    if not rows:
        return
    conn = session.connection()
    if not is_pg(session):
        conn.execute(table.insert(), list(rows))
        return
    dialect = session.get_bind().dialect
    given = list(rows[0])
    # what Core would fill in: the columns' scalar Python-side defaults
    defaults = {
        c.name: c.default.arg
        for c in table.c
        if c.name not in given and c.default is not None and c.default.is_scalar
    }
    names = [*given, *defaults]
    arrays = ", ".join(
        f"CAST(:a{n} AS {table.c[k].type.compile(dialect=dialect)}[])" for n, k in enumerate(names)
    )
    stmt = text(f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({arrays})")
    for start in range(0, len(rows), BATCH):
        part = rows[start : start + BATCH]
        values = {f"a{n}": [r[k] for r in part] for n, k in enumerate(given)}
        values |= {f"a{len(given) + n}": [v] * len(part) for n, v in enumerate(defaults.values())}
        conn.execute(stmt, values)
