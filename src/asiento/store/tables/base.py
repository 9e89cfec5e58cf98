"""Declarative base with stable constraint names (Alembic needs them), and company keys.

Every company-scoped table is keyed by company (docs/design/company-keys.md): its
primary key is ``(company_id, id)``, its unique constraints include ``company_id`` and
its foreign keys to other company-scoped tables are composite, ``(company_id, x_id)`` ->
``parent (company_id, id)`` (``company_fk``). The ORM identity stays ``id`` alone (ids
are unique across companies), so ``session.get(Model, id)`` keeps working.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

import asiento.store.ddl  # noqa: F401  (the SQLite key and PostgreSQL partition hooks)


def _fk_column(constraint: Any, _table: Table) -> str:
    """The column a foreign key is about: the last one that is not ``company_id``, so a
    composite ``(company_id, account_id)`` key keeps the name its single-column
    predecessor had (``fk_journals_default_account_id_accounts``)."""
    names = [c.name if hasattr(c, "name") else str(c) for c in constraint.columns] or [
        str(e.parent.name) for e in constraint.elements
    ]
    others = [n for n in names if n != "company_id"]
    return (others or names)[-1]


NAMING: dict[str, Any] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk_column": _fk_column,
    "fk": "fk_%(table_name)s_%(fk_column)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL, INTEGER (rowid alias) on SQLite.
IdType = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CompanyScoped:
    """Mixin: the owning company and an integer id, primary key ``(company_id, id)``.

    ``company_id`` is declared first so the primary key leads with it. ``id`` comes
    from one sequence per table (PostgreSQL) or the rowid (SQLite, see
    ``store.ddl``): unique across companies, hence the mapper's identity alone.
    """

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), primary_key=True, sort_order=-2
    )
    # indexed alone too: the ORM reads and writes rows by ``id`` (``session.get``, flushes),
    # which the ``(company_id, id)`` key cannot serve on PostgreSQL
    id: Mapped[int] = mapped_column(
        IdType, primary_key=True, autoincrement=True, index=True, sort_order=-1
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"primary_key": [cls.__table__.c.id]}  # type: ignore[attr-defined]

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        # an explicit key keeps its column order; the implicit one SQLAlchemy builds
        # from the columns would put the autoincrement ``id`` first
        table: Table = cls.__table__  # type: ignore[attr-defined]
        table.append_constraint(PrimaryKeyConstraint("company_id", "id"))


def company_fk(column: str, parent: str, *, ondelete: str | None = None) -> ForeignKeyConstraint:
    """``(company_id, column)`` -> ``parent (company_id, id)``: a row may only point at a
    row of its own company, and both live on the same shard."""
    return ForeignKeyConstraint(
        ["company_id", column], [f"{parent}.company_id", f"{parent}.id"], ondelete=ondelete
    )


def created_at_column() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


def tax_links(name: str, line_column: str, parent: str) -> Table:
    """A link table between lines of ``parent`` and their taxes, keyed by company too:
    ``(company_id, line_column, tax_id)``, composite foreign keys to both sides. The line
    column is indexed alone as well: the services read a page of lines' taxes by line ids
    (``line_id IN (...)``), as they did when the key led with it."""
    return Table(
        name,
        Base.metadata,
        Column("company_id", IdType, primary_key=True),
        Column(line_column, IdType, primary_key=True, index=True),
        Column("tax_id", IdType, primary_key=True),
        company_fk(line_column, parent, ondelete="CASCADE"),
        company_fk("tax_id", "taxes"),
    )
