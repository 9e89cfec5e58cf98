"""Accounting settings instead of account codes; partner payment days.

- ``accounting_settings``: one row per company, the accounts automatic
  postings use (exchange differences, cash discounts, write-off, rounding,
  retained earnings, default receivable/payable);
- ``journals``: outstanding receipts/payments and suspense accounts;
- ``payment_terms``: cash discount accounts overriding the company's;
- ``partners.payment_days``: days of the month the partner pays on;
- ``tax_report_lines`` / ``tax_report_boxes``: the report boxes each tax's
  base and amount feed, and the boxes of the return (labels, totals).

Revision ID: 0013_accounting_settings
Revises: 0001_initial
Create Date: 2026-12-06 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_accounting_settings"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
COMPANY_ACCOUNTS = (
    "receivable_account_id",
    "payable_account_id",
    "exchange_gain_account_id",
    "exchange_loss_account_id",
    "discount_granted_account_id",
    "discount_received_account_id",
    "writeoff_account_id",
    "rounding_account_id",
    "retained_earnings_account_id",
)
JOURNAL_ACCOUNTS = (
    "outstanding_receipts_account_id",
    "outstanding_payments_account_id",
    "suspense_account_id",
)
TERM_ACCOUNTS = ("discount_granted_account_id", "discount_received_account_id")


def _account_columns(table: str, names: Sequence[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name in names:
            batch_op.add_column(sa.Column(name, ID, nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_{name}_accounts"), "accounts", [name], ["id"]
            )


def _drop_account_columns(table: str, names: Sequence[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name in reversed(names):
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_{name}_accounts"), type_="foreignkey")
            batch_op.drop_column(name)


def upgrade() -> None:
    op.create_table(
        "accounting_settings",
        *(sa.Column(name, ID, nullable=True) for name in COMPANY_ACCOUNTS),
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("company_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_accounting_settings_company_id_companies"),
            ondelete="RESTRICT",
        ),
        *(
            sa.ForeignKeyConstraint(
                [name], ["accounts.id"], name=op.f(f"fk_accounting_settings_{name}_accounts")
            )
            for name in COMPANY_ACCOUNTS
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounting_settings")),
        sa.UniqueConstraint("company_id", name=op.f("uq_accounting_settings_company_id")),
    )
    op.create_index(
        op.f("ix_accounting_settings_company_id"),
        "accounting_settings",
        ["company_id"],
        unique=False,
    )
    _account_columns("journals", JOURNAL_ACCOUNTS)
    _account_columns("payment_terms", TERM_ACCOUNTS)
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("payment_days", sa.String(length=64), server_default="", nullable=False)
        )
    _tax_report_tables()


def _tax_report_tables() -> None:
    op.create_table(
        "tax_report_lines",
        sa.Column("tax_id", ID, nullable=False),
        sa.Column("document", sa.String(length=8), nullable=False),
        sa.Column("amount_kind", sa.String(length=4), nullable=False),
        sa.Column("account_id", ID, nullable=True),
        sa.Column("box", sa.String(length=16), nullable=False),
        sa.Column("factor", sa.Integer(), nullable=False),
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("company_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_tax_report_lines_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_tax_report_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tax_id"],
            ["taxes.id"],
            name=op.f("fk_tax_report_lines_tax_id_taxes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_report_lines")),
    )
    op.create_index(
        op.f("ix_tax_report_lines_company_id"), "tax_report_lines", ["company_id"], unique=False
    )
    op.create_index(
        op.f("ix_tax_report_lines_tax_id"), "tax_report_lines", ["tax_id"], unique=False
    )
    op.create_table(
        "tax_report_boxes",
        sa.Column("box", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("formula", sa.String(length=200), nullable=False),
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("company_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_tax_report_boxes_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_report_boxes")),
        sa.UniqueConstraint("company_id", "box", name=op.f("uq_tax_report_boxes_company_id_box")),
    )
    op.create_index(
        op.f("ix_tax_report_boxes_company_id"), "tax_report_boxes", ["company_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_tax_report_boxes_company_id"), table_name="tax_report_boxes")
    op.drop_table("tax_report_boxes")
    op.drop_index(op.f("ix_tax_report_lines_tax_id"), table_name="tax_report_lines")
    op.drop_index(op.f("ix_tax_report_lines_company_id"), table_name="tax_report_lines")
    op.drop_table("tax_report_lines")
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_column("payment_days")
    _drop_account_columns("payment_terms", TERM_ACCOUNTS)
    _drop_account_columns("journals", JOURNAL_ACCOUNTS)
    op.drop_index(op.f("ix_accounting_settings_company_id"), table_name="accounting_settings")
    op.drop_table("accounting_settings")
