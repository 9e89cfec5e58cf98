"""The payment that took a cash discount, on the discount's journal entry.

``journal_entries.payment_id`` is set on the entry posted for an early-payment
discount (origin ``cash_discount``) to the payment that earned it, so that
cancelling the payment reverses exactly its discount entries. No foreign key:
``payments.entry_id`` already points the other way, and the column is a plain
reference like ``origin_id``. Entries posted before this revision have none.

Revision ID: 0023_discount_entry_payment
Revises: 0022_imports
Create Date: 2026-12-06 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023_discount_entry_payment"
down_revision: str | None = "0022_imports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("journal_entries") as batch:
        batch.add_column(
            sa.Column(
                "payment_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
    op.create_index("ix_journal_entries_payment", "journal_entries", ["company_id", "payment_id"])


def downgrade() -> None:
    op.drop_index("ix_journal_entries_payment", table_name="journal_entries")
    with op.batch_alter_table("journal_entries") as batch:
        batch.drop_column("payment_id")
