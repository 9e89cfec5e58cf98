"""Distributing the schema over a Citus cluster by ``company_id``.

Every table falls in one of three kinds (``classify``):

- the **root**, ``companies``: the table every ``company_id`` column points at. It is
  distributed by its own ``id`` and opens the co-location group, so a company's own row
  lives on the shard of its books: reading or locking it next to the books never leaves the
  shard, and it moves with them when shards are rebalanced. (The other choice, a reference
  table, would turn every change to a company's settings into a write on every node, for
  the one gain of listing all companies without a fan-out.)
- **company-scoped** tables: those with a ``company_id`` column, and those without one that
  hang off a company-scoped table by a foreign key (the tax link tables). Distributed by
  ``company_id``, co-located with the root, so the rows of one company share one shard.
- **reference** tables: the rest, shared by all companies (users and their web sessions),
  copied to every node.

``plan`` (pure) orders the Citus calls: reference tables, then the root, then the
company-scoped tables, parents before children (Citus accepts a foreign key only to a table
that is already distributed or a reference table). ``distribution_blockers`` (pure) lists the
constraints Citus refuses, which are exactly those PostgreSQL's own hash partitioning
refuses: a primary key or unique constraint without the distribution column, and a foreign key
between distributed tables that does not carry it on both sides. ``distribute`` runs the plan
on a Citus coordinator, in one transaction, and changes nothing anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import (
    Connection,
    Constraint,
    Engine,
    ForeignKeyConstraint,
    Index,
    MetaData,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.exc import DBAPIError

from asiento.domain.errors import AsientoError

COMPANY_COLUMN = "company_id"
_PLAIN_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_NULLING = ("SET NULL", "SET DEFAULT")


class TableKind(StrEnum):
    ROOT = "root"
    COMPANY = "company"
    REFERENCE = "reference"


class DistributionRefused(AsientoError):
    """The database cannot be distributed: not Citus, a blocking constraint, or Citus said no.
    Raised before anything changed, or after the transaction was rolled back."""

    code = "distribution_refused"


@dataclass(frozen=True)
class Step:
    """One Citus call: make ``table`` a reference table or distribute it."""

    table: str
    kind: TableKind
    column: str | None = None
    colocate_with: str | None = None

    @property
    def sql(self) -> str:
        if self.kind is TableKind.REFERENCE:
            return f"SELECT create_reference_table('{self.table}')"
        return (
            f"SELECT create_distributed_table('{self.table}', '{self.column}', "
            f"colocate_with => '{self.colocate_with}')"
        )


@dataclass(frozen=True)
class Blocker:
    """A constraint that keeps ``table`` from being distributed, and why."""

    table: str
    constraint: str
    reason: str

    def __str__(self) -> str:
        return f"{self.table}: {self.constraint}: {self.reason}"


def default_metadata() -> MetaData:
    """The application's tables (imported here, not at module level, to keep this module
    usable on any ``MetaData``)."""
    from asiento.store.tables import Base

    return Base.metadata


def root_table(metadata: MetaData) -> Table:
    """The one table that ``company_id`` columns refer to (composite foreign keys that map
    ``company_id`` onto a parent's ``company_id`` point at a sibling, not at the root)."""
    roots = {
        fk.column.table
        for table in metadata.tables.values()
        if COMPANY_COLUMN in table.c
        for fk in table.c[COMPANY_COLUMN].foreign_keys
        if fk.column.name != COMPANY_COLUMN
    }
    if len(roots) != 1:
        names = sorted(t.name for t in roots)
        raise ValueError(f"expected one table behind every company_id, found {names}")
    return roots.pop()


def classify(metadata: MetaData) -> dict[str, TableKind]:
    """The kind of every table of ``metadata`` (see the module docstring)."""
    root = root_table(metadata)
    kinds: dict[str, TableKind] = {root.name: TableKind.ROOT}
    for table in metadata.sorted_tables:  # parents first: a link table sees its parents' kind
        if table is root:
            continue
        scoped = COMPANY_COLUMN in table.c or any(
            kinds.get(fk.referred_table.name) in (TableKind.ROOT, TableKind.COMPANY)
            for fk in _foreign_keys(table)
        )
        kinds[table.name] = TableKind.COMPANY if scoped else TableKind.REFERENCE
    return kinds


def distribution_column(kind: TableKind) -> str:
    """``id`` for the root, ``company_id`` for company-scoped tables (reference tables have
    none: asking is a bug)."""
    if kind is TableKind.REFERENCE:
        raise ValueError("a reference table has no distribution column")
    return "id" if kind is TableKind.ROOT else COMPANY_COLUMN


def plan(metadata: MetaData) -> list[Step]:
    """Reference tables, then the root, then company-scoped tables, each after the tables
    its foreign keys point at (``MetaData.sorted_tables`` order)."""
    kinds = classify(metadata)
    for name in kinds:
        if not _PLAIN_NAME.match(name):
            raise ValueError(f"table name {name!r} would need quoting")
    root = root_table(metadata).name
    ordered = metadata.sorted_tables
    steps = [
        Step(t.name, TableKind.REFERENCE) for t in ordered if kinds[t.name] is TableKind.REFERENCE
    ]
    steps.append(Step(root, TableKind.ROOT, "id", "none"))
    steps += [
        Step(t.name, TableKind.COMPANY, COMPANY_COLUMN, root)
        for t in ordered
        if kinds[t.name] is TableKind.COMPANY
    ]
    return steps


def distribution_blockers(metadata: MetaData | None = None) -> list[Blocker]:
    """Every constraint that Citus (and hash partitioning by ``company_id``) refuses, table
    by table in dependency order; empty when the schema can be distributed as it is."""
    md = metadata if metadata is not None else default_metadata()
    kinds = classify(md)
    blockers: list[Blocker] = []
    for table in md.sorted_tables:
        # A reference table has no blocker of its own: one with a foreign key to a
        # company-scoped table is company-scoped itself (``classify``).
        if kinds[table.name] is not TableKind.REFERENCE:
            blockers += _distributed_blockers(table, kinds[table.name], kinds)
    return blockers


def _distributed_blockers(
    table: Table, kind: TableKind, kinds: dict[str, TableKind]
) -> list[Blocker]:
    column = distribution_column(kind)
    found: list[Blocker] = []
    if column not in table.c:
        found.append(Blocker(table.name, column, f"no {column} column to distribute by"))
    if column not in table.primary_key.columns:
        found.append(
            _key_blocker(
                table,
                _name(table.primary_key),
                "primary key",
                [c.name for c in table.primary_key.columns],
                column,
            )
        )
    for name, columns in _unique_keys(table):
        if column not in columns:
            found.append(_key_blocker(table, name, "unique", columns, column))
    for fk in _foreign_keys(table):
        parent_kind = kinds[fk.referred_table.name]
        if parent_kind is TableKind.REFERENCE:
            continue
        parent_column = distribution_column(parent_kind)
        pairs = {(e.parent.name, e.column.name) for e in fk.elements}
        if (column, parent_column) not in pairs:
            local = ", ".join(e.parent.name for e in fk.elements)
            remote = ", ".join(e.column.name for e in fk.elements)
            carry = column if column == parent_column else f"{column} -> {parent_column}"
            found.append(
                Blocker(
                    table.name,
                    _name(fk),
                    f"foreign key ({local}) -> {fk.referred_table.name} ({remote}) "
                    f"does not carry {carry}",
                )
            )
        ondelete = (fk.ondelete or "").upper()
        if ondelete in _NULLING:
            # Once the key carries company_id, SET NULL would clear it too; Citus refuses it
            # there even as PostgreSQL 15's SET NULL (column), tried on Citus 13.2.
            found.append(
                Blocker(
                    table.name,
                    _name(fk),
                    f"ON DELETE {ondelete} -> {fk.referred_table.name}: "
                    f"Citus refuses it on a foreign key carrying {column}",
                )
            )
    return found


def _key_blocker(table: Table, name: str, what: str, columns: list[str], column: str) -> Blocker:
    return Blocker(table.name, name, f"{what} ({', '.join(columns)}) does not include {column}")


def _unique_keys(table: Table) -> list[tuple[str, list[str]]]:
    """Unique constraints and unique indexes, by name, with their column names."""
    keys = [
        (_name(c), [col.name for col in c.columns])
        for c in table.constraints
        if isinstance(c, UniqueConstraint)
    ]
    keys += [
        (_name(i), [str(getattr(e, "name", e)) for e in i.expressions])
        for i in table.indexes
        if i.unique
    ]
    return sorted(keys)


def _name(item: Constraint | Index) -> str:
    return str(item.name) if item.name else "(unnamed)"


def _foreign_keys(table: Table) -> list[ForeignKeyConstraint]:
    fks = [c for c in table.constraints if isinstance(c, ForeignKeyConstraint)]
    return sorted(fks, key=_name)


# ---- running the plan on a Citus coordinator ------------------------------------------


def citus_version(connection: Connection) -> str | None:
    """The Citus extension's version in this PostgreSQL database, or None."""
    row = connection.execute(
        text("SELECT extversion FROM pg_extension WHERE extname = 'citus'")
    ).first()
    return str(row[0]) if row else None


def distribute(engine: Engine, metadata: MetaData | None = None) -> list[str]:
    """Distribute every table of ``metadata`` on the Citus coordinator behind ``engine``.

    Refuses (``DistributionRefused``, nothing changed) on a database without Citus and on a
    schema with blockers. Tables Citus already knows are skipped, so a second run does
    nothing. All calls run in one transaction: if Citus refuses one, none took effect.
    Returns one line per table, saying what was done."""
    md = metadata if metadata is not None else default_metadata()
    version = None
    if engine.dialect.name == "postgresql":  # never open (or create) an SQLite file
        with engine.connect() as connection:
            version = citus_version(connection)
    if version is None:
        where = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(
            engine.dialect.name, engine.dialect.name
        )
        raise DistributionRefused(
            f"this {where} database has no Citus extension: run CREATE EXTENSION citus on a "
            "Citus coordinator first; nothing changed"
        )
    blockers = distribution_blockers(md)
    if blockers:
        raise DistributionRefused(
            f"{len(blockers)} constraints cannot be distributed by {COMPANY_COLUMN}; "
            "`asiento db distribute --check` lists them; nothing changed"
        )
    with engine.connect() as connection, connection.begin():
        return _run(connection, plan(md))


def _run(connection: Connection, steps: list[Step]) -> list[str]:
    # Distributed (hash) and reference ('t') tables; not Citus "local" tables, which are
    # in pg_dist_partition too but still wait for their turn.
    known = set(
        connection.execute(
            text(
                "SELECT logicalrelid::regclass::text FROM pg_dist_partition "
                "WHERE partmethod = 'h' OR repmodel = 't'"
            )
        ).scalars()
    )
    todo = [s for s in steps if s.table not in known]
    if _has_user_triggers(connection, [s.table for s in todo]):
        # The immutability triggers read only OLD and NEW of their own row: run on a shard
        # they see exactly what they see on one node. Citus refuses any trigger unless told.
        connection.execute(text("SET LOCAL citus.enable_unsafe_triggers TO on"))
    # Company-scoped tables still local point at the users table when it becomes a reference
    # table; by default Citus then pulls every table of the foreign-key graph into its metadata
    # as a "local table", after which the root can no longer be distributed. Off, the local
    # tables stay plain until their own turn comes, a few statements later.
    connection.execute(text("SET LOCAL citus.enable_local_reference_table_foreign_keys TO off"))
    done = []
    for step in todo:
        try:
            connection.execute(text(step.sql))
        except DBAPIError as exc:
            message = " ".join(str(exc.orig).split("\n")[0].split())
            raise DistributionRefused(
                f"Citus refused {step.table}: {message}; nothing changed"
            ) from None
        done.append(_said(step))
    skipped = [f"{s.table}: already distributed" for s in steps if s.table in known]
    return skipped + done


def _has_user_triggers(connection: Connection, tables: list[str]) -> bool:
    if not tables:
        return False
    count = connection.execute(
        text(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid::regclass::text = ANY(:tables)"
        ),
        {"tables": tables},
    ).scalar_one()
    return bool(count)


def _said(step: Step) -> str:
    if step.kind is TableKind.REFERENCE:
        return f"{step.table}: reference table"
    if step.kind is TableKind.ROOT:
        return f"{step.table}: distributed by {step.column}, the root of the co-location group"
    return f"{step.table}: distributed by {step.column}, co-located with {step.colocate_with}"
