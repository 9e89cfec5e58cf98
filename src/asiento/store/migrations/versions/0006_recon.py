"""Reconciliation: open-item index; SQLite-safe created_at defaults on payment tables.

Revision ID: 0006_recon
Revises: 0009_invoices

0002 wrote ``now()`` as the server default of ``created_at``, which SQLite
does not know: inserting a payment or a reconciliation failed there. This
revision re-creates those defaults as ``CURRENT_TIMESTAMP`` on SQLite (both
dialects accept it) and adds the index that open-item queries and automatic
reconciliation read: (company, account, partner, reconciled).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_recon"
down_revision: str | None = "0009_invoices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("full_reconciles", "payments", "partial_reconciles")


def _set_default(default: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always") as batch:
            batch.alter_column(
                "created_at",
                existing_type=sa.DateTime(timezone=True),
                server_default=sa.text(default),
                existing_nullable=False,
            )


def upgrade() -> None:
    _set_default("(CURRENT_TIMESTAMP)")
    op.create_index(
        "ix_journal_items_open",
        "journal_items",
        ["company_id", "account_id", "partner_id", "reconciled"],
    )


def downgrade() -> None:
    op.drop_index("ix_journal_items_open", table_name="journal_items")
    _set_default("now()")
