"""The Citus distribution plan and its blockers, read from table metadata alone (no database)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from asiento.store.distribution import (
    Blocker,
    Step,
    TableKind,
    classify,
    distribution_blockers,
    plan,
)
from asiento.store.tables import Base
from asiento.store.tables.base import NAMING


def synthetic(*, with_bad: bool) -> MetaData:
    """companies (root), users (reference), journals and entries keyed by (company_id, id),
    and, when asked, ``bad_entries`` keyed as the application's tables are today."""
    md = MetaData(naming_convention=NAMING)
    Table("companies", md, Column("id", BigInteger, primary_key=True), Column("name", String(40)))
    Table(
        "users",
        md,
        Column("id", BigInteger, primary_key=True),
        Column("email", String(80), unique=True),
    )
    Table(
        "journals",
        md,
        Column("company_id", ForeignKey("companies.id"), nullable=False),
        Column("id", BigInteger, autoincrement=True),
        Column("code", String(8)),
        PrimaryKeyConstraint("company_id", "id", name="pk_journals"),
        UniqueConstraint("company_id", "code", name="uq_journals_company_id_code"),
    )
    Table(
        "entries",
        md,
        Column("company_id", ForeignKey("companies.id"), nullable=False),
        Column("id", BigInteger, autoincrement=True),
        Column("journal_id", BigInteger, nullable=False),
        Column("number", String(20)),
        Column("user_id", ForeignKey("users.id", name="fk_entries_user_id_users")),
        PrimaryKeyConstraint("company_id", "id", name="pk_entries"),
        UniqueConstraint("company_id", "journal_id", "number", name="uq_entries_number"),
        ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name="fk_entries_journal",
        ),
    )
    Table(
        "memberships",
        md,
        Column("company_id", ForeignKey("companies.id"), primary_key=True),
        Column("user_id", ForeignKey("users.id"), primary_key=True),
    )
    if with_bad:
        Table(
            "bad_entries",
            md,
            Column("id", BigInteger, primary_key=True),
            Column("company_id", ForeignKey("companies.id"), nullable=False),
            Column("journal_id", ForeignKey("journals.id", name="fk_bad_entries_journal")),
            Column("number", String(20)),
            UniqueConstraint("journal_id", "number", name="uq_bad_entries_number"),
            UniqueConstraint("company_id", "number", name="uq_bad_entries_company_number"),
        )
        Table(
            "bad_lines",
            md,
            Column("company_id", ForeignKey("companies.id"), primary_key=True),
            Column("id", BigInteger, primary_key=True),
            Column("entry_id", BigInteger),
            ForeignKeyConstraint(
                ["company_id", "entry_id"],
                ["entries.company_id", "entries.id"],
                name="fk_bad_lines_entry",
                ondelete="SET NULL",
            ),
        )
        Table(
            "bad_links",
            md,
            Column(
                "entry_id", ForeignKey("entries.id", name="fk_bad_links_entry"), primary_key=True
            ),
        )
    return md


def test_a_schema_keyed_by_company_has_no_blockers() -> None:
    assert distribution_blockers(synthetic(with_bad=False)) == []


def test_every_constraint_without_company_id_is_named() -> None:
    assert distribution_blockers(synthetic(with_bad=True)) == [
        Blocker("bad_entries", "pk_bad_entries", "primary key (id) does not include company_id"),
        Blocker(
            "bad_entries",
            "uq_bad_entries_number",
            "unique (journal_id, number) does not include company_id",
        ),
        Blocker(
            "bad_entries",
            "fk_bad_entries_journal",
            "foreign key (journal_id) -> journals (id) does not carry company_id",
        ),
        Blocker(
            "bad_lines",
            "fk_bad_lines_entry",
            "ON DELETE SET NULL -> entries: Citus refuses it on a foreign key carrying company_id",
        ),
        Blocker("bad_links", "company_id", "no company_id column to distribute by"),
        Blocker("bad_links", "pk_bad_links", "primary key (entry_id) does not include company_id"),
        Blocker(
            "bad_links",
            "fk_bad_links_entry",
            "foreign key (entry_id) -> entries (id) does not carry company_id",
        ),
    ]


def test_link_tables_without_company_id_are_company_scoped() -> None:
    kinds = classify(synthetic(with_bad=True))
    assert kinds == {
        "companies": TableKind.ROOT,
        "users": TableKind.REFERENCE,
        "journals": TableKind.COMPANY,
        "entries": TableKind.COMPANY,
        "memberships": TableKind.COMPANY,
        "bad_entries": TableKind.COMPANY,
        "bad_lines": TableKind.COMPANY,
        "bad_links": TableKind.COMPANY,
    }


def test_the_plan_puts_reference_tables_first_then_the_root_then_parents_before_children() -> None:
    steps = plan(synthetic(with_bad=False))
    assert [s.sql for s in steps] == [
        "SELECT create_reference_table('users')",
        "SELECT create_distributed_table('companies', 'id', colocate_with => 'none')",
        "SELECT create_distributed_table('journals', 'company_id', colocate_with => 'companies')",
        "SELECT create_distributed_table('memberships', 'company_id', "
        "colocate_with => 'companies')",
        "SELECT create_distributed_table('entries', 'company_id', colocate_with => 'companies')",
    ]


def test_the_application_schema_classification() -> None:
    kinds = classify(Base.metadata)
    others = {name: kind for name, kind in kinds.items() if kind is not TableKind.COMPANY}
    assert others == {
        "companies": TableKind.ROOT,
        "users": TableKind.REFERENCE,
        "web_sessions": TableKind.REFERENCE,
    }
    # Every company-scoped table carries company_id, the tax link tables included.
    with_column = {t.name for t in Base.metadata.tables.values() if "company_id" in t.c}
    assert with_column == {n for n, k in kinds.items() if k is TableKind.COMPANY}
    assert {"invoice_line_taxes", "product_taxes", "journal_item_taxes"} <= with_column


def test_the_application_plan_distributes_every_table_after_the_tables_it_refers_to() -> None:
    steps = plan(Base.metadata)
    assert sorted(s.table for s in steps) == sorted(Base.metadata.tables)
    position = {s.table: i for i, s in enumerate(steps)}
    assert [s.kind for s in steps[:3]] == [TableKind.REFERENCE, TableKind.REFERENCE, TableKind.ROOT]
    for step in steps:
        table = Base.metadata.tables[step.table]
        for fk in table.foreign_key_constraints:
            parent = fk.referred_table.name
            assert parent == step.table or position[parent] < position[step.table], (step, parent)
    assert steps[2] == Step("companies", TableKind.ROOT, "id", "none")
    assert {s.colocate_with for s in steps[3:]} == {"companies"}


def test_the_application_schema_has_no_blockers() -> None:
    """Since the company keys (docs/design/company-keys.md) every company-scoped key, unique
    and foreign key carries ``company_id``: Citus can distribute the schema as it is."""
    assert distribution_blockers() == []
