"""Every company-scoped table is keyed by company, so it can be distributed by ``company_id``.

Citus distributes a table by one column and PostgreSQL's hash partitioning splits it by
one key; both refuse a primary key or unique constraint without that column, and a
foreign key between two distributed tables must carry it. The checks read
``Base.metadata`` (what the migration is compared with), so a new table or constraint
that would break distribution fails here before it reaches a server. The SQLite rendering
of the key (``store.ddl``) is checked on a real database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import (
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Table,
    UniqueConstraint,
    insert,
    select,
    text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateTable

from asiento.store.ddl import company_key_unique_name
from asiento.store.migrate import upgrade
from asiento.store.session import make_engine
from asiento.store.tables import Base

GLOBAL_TABLES = {"companies", "users", "web_sessions"}
"""Shared by all companies: reference tables on Citus."""


def company_scoped() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if "company_id" in t.c]


def distribution_problems(table: Table) -> list[str]:
    """What keeps ``table`` from being distributed by ``company_id``, in words."""
    problems: list[str] = []

    def leads(columns: list[str]) -> bool:
        return bool(columns) and columns[0] == "company_id"

    key = [c.name for c in table.primary_key.columns]
    if not leads(key):
        problems.append(f"{table.name}: primary key {key}")
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            names = [c.name for c in constraint.columns]
            if not leads(names):
                problems.append(f"{table.name}: unique {names}")
        if isinstance(constraint, ForeignKeyConstraint):
            parent = constraint.referred_table
            if parent.name in GLOBAL_TABLES:
                continue
            names = [c.name for c in constraint.columns]
            targets = [e.column.name for e in constraint.elements]
            if not leads(names) or not leads(targets):
                problems.append(f"{table.name}: foreign key {names} -> {parent.name} {targets}")
    for index in table.indexes:
        names = [c.name for c in index.columns]
        if index.unique and not leads(names):
            problems.append(f"{table.name}: unique index {index.name} {names}")
    return problems


def test_the_global_tables_are_exactly_the_ones_without_company_id() -> None:
    assert set(Base.metadata.tables) - {t.name for t in company_scoped()} == GLOBAL_TABLES


def test_every_company_scoped_key_unique_and_foreign_key_leads_with_company_id() -> None:
    tables = company_scoped()
    assert len(tables) == len(Base.metadata.tables) - len(GLOBAL_TABLES)
    assert [p for t in tables for p in distribution_problems(t)] == []


def test_the_check_names_a_constraint_that_would_break_distribution() -> None:
    """The check above can fail: journal entries shaped as before company keys."""
    before = Table(
        "journal_entries",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("company_id", Integer),
        Column("journal_id", Integer),
        Column("chain_index", Integer),
        Column("reversal_of_id", Integer),
        UniqueConstraint("journal_id", "chain_index"),
        Index("ix_reversal", "reversal_of_id", unique=True),
        ForeignKeyConstraint(["reversal_of_id"], ["journal_entries.id"]),
    )
    assert sorted(distribution_problems(before)) == [
        "journal_entries: foreign key ['reversal_of_id'] -> journal_entries ['id']",
        "journal_entries: primary key ['id']",
        "journal_entries: unique ['journal_id', 'chain_index']",
        "journal_entries: unique index ix_reversal ['reversal_of_id']",
    ]


def test_the_orm_identity_is_the_id_alone() -> None:
    """``session.get(Model, id)`` keeps working: ids are unique across companies."""
    for mapper in Base.registry.mappers:
        table = mapper.local_table
        if "company_id" in table.c:  # type: ignore[attr-defined]
            assert [c.name for c in mapper.primary_key] == ["id"], mapper.class_.__name__


def test_sqlite_keys_the_row_by_its_rowid_and_keeps_company_id_id_unique() -> None:
    ddl = str(CreateTable(Base.metadata.tables["accounts"]).compile(dialect=sqlite.dialect()))
    assert "id INTEGER NOT NULL," in ddl
    assert "CONSTRAINT pk_accounts PRIMARY KEY (id)" in ddl
    assert f"CONSTRAINT {company_key_unique_name('accounts')} UNIQUE (company_id, id)" in ddl


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def test_on_sqlite_ids_are_numbered_by_the_table_and_never_shared_between_companies(
    sqlite_db: str,
) -> None:
    engine = make_engine(sqlite_db)
    companies = Base.metadata.tables["companies"]
    partners = Base.metadata.tables["partners"]
    with engine.begin() as conn:
        one, two = (
            conn.execute(
                insert(companies)
                .values(
                    name=n,
                    currency="EUR",
                    fiscal_year_start_month=1,
                    fiscal_year_start_day=1,
                    tax_rounding="round_per_line",
                    allow_proforma=False,
                )
                .returning(companies.c.id)
            ).scalar_one()
            for n in ("One", "Two")
        )
        for company in (one, two, one, two):
            conn.execute(
                insert(partners).values(
                    company_id=company, name="P", is_customer=True, is_supplier=False, active=True
                )
            )
        rows = conn.execute(
            select(partners.c.company_id, partners.c.id).order_by(partners.c.id)
        ).all()
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'partners'")
        ).scalar_one()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(one, 1), (two, 2), (one, 3), (two, 4)]
    assert "PRIMARY KEY (id)" in sql and "UNIQUE (company_id, id)" in sql


def test_on_sqlite_a_row_cannot_point_at_another_companys_row(sqlite_db: str) -> None:
    """The composite foreign key reaches the parent's ``UNIQUE (company_id, id)``."""
    engine = make_engine(sqlite_db)
    companies = Base.metadata.tables["companies"]
    partners = Base.metadata.tables["partners"]
    holds = Base.metadata.tables["followup_holds"]
    with engine.begin() as conn:
        one, two = (
            conn.execute(
                insert(companies)
                .values(
                    name=n,
                    currency="EUR",
                    fiscal_year_start_month=1,
                    fiscal_year_start_day=1,
                    tax_rounding="round_per_line",
                    allow_proforma=False,
                )
                .returning(companies.c.id)
            ).scalar_one()
            for n in ("One", "Two")
        )
        partner = conn.execute(
            insert(partners)
            .values(company_id=one, name="P", is_customer=True, is_supplier=False, active=True)
            .returning(partners.c.id)
        ).scalar_one()
    with pytest.raises(Exception, match="FOREIGN KEY constraint failed"), engine.begin() as conn:
        conn.execute(insert(holds).values(company_id=two, partner_id=partner, note=""))
    with engine.begin() as conn:
        conn.execute(insert(holds).values(company_id=one, partner_id=partner, note=""))
    engine.dispose()


def test_alembic_batch_mode_on_sqlite_keeps_the_rowid_key_and_the_company_unique(
    sqlite_db: str,
) -> None:
    """A later migration that rebuilds a table (batch mode) keeps the same key shape."""
    engine = make_engine(sqlite_db)
    with engine.begin() as conn:
        ops = Operations(MigrationContext.configure(conn))
        with ops.batch_alter_table("partners", recreate="always") as batch:
            batch.add_column(Column("nickname", Integer, nullable=True))
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'partners'")
        ).scalar_one()
    engine.dispose()
    assert "nickname" in sql
    assert "PRIMARY KEY (id)" in sql
    assert f"CONSTRAINT {company_key_unique_name('partners')} UNIQUE (company_id, id)" in sql
