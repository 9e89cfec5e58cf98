"""How company keys are rendered per database (docs/design/company-keys.md).

The models declare the primary key of a company-scoped table as ``(company_id, id)``.

- **SQLite** has no sequences, and only a single-column ``INTEGER PRIMARY KEY`` (the
  rowid) numbers itself. There the key is rendered as ``PRIMARY KEY (id)``, an alias of
  the rowid, so ids stay unique across companies, plus ``UNIQUE (company_id, id)`` named
  ``uq_<table>_company_id_id``, the target of the composite foreign keys. Alembic's
  ``op.create_table`` and batch mode compile through the same hook.
- **PostgreSQL** keeps the composite key, with ``id`` from the table's own sequence.
  With ``ASIENTO_PARTITION_BY_COMPANY=N`` (N >= 2) every table that has a ``company_id``
  column is created ``PARTITION BY HASH (company_id)`` with N partitions
  ``<table>_p0`` .. ``<table>_p<N-1>``: the rules hash partitioning imposes (unique
  constraints include the partition key) are the ones Citus imposes on distributed
  tables, so the test suite run on that schema stands in for Citus in CI.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Connection, PrimaryKeyConstraint, Table, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn, CreateTable
from sqlalchemy.sql.compiler import DDLCompiler

PARTITION_ENV = "ASIENTO_PARTITION_BY_COMPANY"
COMPANY_KEY = ("company_id", "id")


def partition_count() -> int:
    """The number of hash partitions asked for by ``ASIENTO_PARTITION_BY_COMPANY`` (0: none)."""
    raw = os.environ.get(PARTITION_ENV, "").strip()
    if not raw:
        return 0
    count = int(raw)
    if count < 2:
        raise ValueError(f"{PARTITION_ENV} must be a number of partitions >= 2, not {raw!r}")
    return count


def company_key_unique_name(table: str) -> str:
    """The name of the SQLite-only ``UNIQUE (company_id, id)`` of a company-scoped table."""
    return f"uq_{table}_company_id_id"


def _company_keyed(table: Table) -> bool:
    return tuple(c.name for c in table.primary_key.columns) == COMPANY_KEY


@compiles(CreateColumn, "sqlite")
def _sqlite_company_id_column(element: CreateColumn, compiler: DDLCompiler, **kw: Any) -> str:
    """``id INTEGER NOT NULL`` for a company key: SQLAlchemy refuses an autoincrement
    column in a composite key on SQLite, but here the key is rendered as the rowid."""
    column = element.element
    table = column.table
    if column.name != "id" or not isinstance(table, Table) or not _company_keyed(table):
        return str(compiler.visit_create_column(element, **kw))  # type: ignore[no-untyped-call]
    return f"{compiler.preparer.format_column(column)} INTEGER NOT NULL"


@compiles(PrimaryKeyConstraint, "sqlite")
def _sqlite_company_key(element: PrimaryKeyConstraint, compiler: DDLCompiler, **kw: Any) -> str:
    """``PRIMARY KEY (id)`` (the rowid) and ``UNIQUE (company_id, id)`` for a company key."""
    if tuple(c.name for c in element.columns) != COMPANY_KEY:
        return str(compiler.visit_primary_key_constraint(element, **kw))
    name = compiler.preparer.format_constraint(element)
    primary = f"CONSTRAINT {name} PRIMARY KEY (id)" if name else "PRIMARY KEY (id)"
    unique = compiler.preparer.quote(company_key_unique_name(element.table.name))
    return f"{primary}, CONSTRAINT {unique} UNIQUE (company_id, id)"


def _partitioned(table: Table) -> bool:
    return "company_id" in table.c and partition_count() > 0


@compiles(CreateTable, "postgresql")
def _postgresql_create_table(element: CreateTable, compiler: DDLCompiler, **kw: Any) -> str:
    text = str(compiler.visit_create_table(element, **kw))  # type: ignore[no-untyped-call]
    if not _partitioned(element.element):
        return text
    return text.rstrip() + " PARTITION BY HASH (company_id)\n\n"


@event.listens_for(Table, "after_create")
def _create_partitions(table: Table, connection: Connection, **kw: Any) -> None:
    """The N partitions of a table created ``PARTITION BY HASH (company_id)``."""
    if connection.dialect.name != "postgresql" or not _partitioned(table):
        return
    count = partition_count()
    for remainder in range(count):
        connection.exec_driver_sql(
            f'CREATE TABLE "{table.name}_p{remainder}" PARTITION OF "{table.name}" '
            f"FOR VALUES WITH (MODULUS {count}, REMAINDER {remainder})"
        )
