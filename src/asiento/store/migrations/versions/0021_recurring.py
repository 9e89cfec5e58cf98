"""Recurring invoices: templates, their lines and the periods they billed.

- ``recurring_invoices``: the template (partner, journal, term, currency,
  reference) and its schedule (frequency, day, start, end or count), the
  ``post`` and ``send`` flags and its state (active, archived);
- ``recurring_invoice_lines``: its lines, as invoice line inputs;
- ``recurring_occurrences``: one row per (template, period) billed, UNIQUE, so
  a period is billed once however many runs overlap.

Revision ID: 0021_recurring
Revises: 0020_bill_imports
Create Date: 2026-12-06 06:40:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import asiento.store.types

revision: str = "0021_recurring"
down_revision: str | None = "0020_bill_imports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
EXACT = asiento.store.types.ExactDecimal(length=64)


def _scoped(table: str) -> list[Any]:
    """The id and company columns every business table has."""
    return [
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("company_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=f"fk_{table}_company_id_companies",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    ]  # fmt: skip


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    name = f"fk_{table}_{column}_{target}"
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=name, ondelete=ondelete)


def upgrade() -> None:
    t = "recurring_invoices"
    op.create_table(
        t,
        *_scoped(t),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("journal_id", ID, nullable=True),
        sa.Column("payment_term_id", ID, nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("ref", sa.String(200), nullable=False),
        sa.Column("narration", sa.Text(), nullable=False),
        sa.Column("frequency", sa.String(10), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("post", sa.Boolean(), nullable=False),
        sa.Column("send", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        _fk(t, "partner_id", "partners"),
        _fk(t, "journal_id", "journals"),
        _fk(t, "payment_term_id", "payment_terms"),
        sa.UniqueConstraint("company_id", "name", name="uq_recurring_invoices_company_id_name"),
    )
    op.create_index("ix_recurring_invoices_company_id", t, ["company_id"])
    t = "recurring_invoice_lines"
    op.create_table(
        t,
        *_scoped(t),
        sa.Column("template_id", ID, nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("product_id", ID, nullable=True),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("quantity", EXACT, nullable=False),
        sa.Column("price_unit", EXACT, nullable=True),
        sa.Column("discount", EXACT, nullable=False),
        sa.Column("account_id", ID, nullable=True),
        sa.Column("tax_ids", sa.String(500), nullable=True),
        _fk(t, "template_id", "recurring_invoices", ondelete="CASCADE"),
        _fk(t, "product_id", "products"),
        _fk(t, "account_id", "accounts"),
    )
    op.create_index("ix_recurring_invoice_lines_company_id", t, ["company_id"])
    op.create_index("ix_recurring_invoice_lines_template_id", t, ["template_id"])
    t = "recurring_occurrences"
    op.create_table(
        t,
        *_scoped(t),
        sa.Column("template_id", ID, nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column("invoice_id", ID, nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        _fk(t, "template_id", "recurring_invoices"),
        _fk(t, "invoice_id", "invoices", ondelete="SET NULL"),
        sa.UniqueConstraint(
            "template_id", "period", name="uq_recurring_occurrences_template_id_period"
        ),
    )
    op.create_index("ix_recurring_occurrences_company_id", t, ["company_id"])
    op.create_index("ix_recurring_occurrences_template_id", t, ["template_id"])
    op.create_index("ix_recurring_occurrences_invoice_id", t, ["invoice_id"])


def downgrade() -> None:
    op.drop_table("recurring_occurrences")
    op.drop_table("recurring_invoice_lines")
    op.drop_table("recurring_invoices")
