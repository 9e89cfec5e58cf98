"""Reconciliation: the index open-item queries and automatic reconciliation read.

Revision ID: 0006_recon
Revises: 0004_followups

(company, account, partner, reconciled): open items of one partner on one
reconcilable account, without touching the reconciled history.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_recon"
down_revision: str | None = "0004_followups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_journal_items_open",
        "journal_items",
        ["company_id", "account_id", "partner_id", "reconciled"],
    )


def downgrade() -> None:
    op.drop_index("ix_journal_items_open", table_name="journal_items")
