"""Index invoices and payments by their journal entry.

The automatic statement pass and the bulk payment-state refresh look
documents up by ``entry_id`` for thousands of items at once; without an
index each lookup scans the table (quadratic on 100,000 open invoices).

Revision ID: 0012_entry_indexes
Revises: 0011_auth
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_entry_indexes"
down_revision: str | None = "0011_auth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_invoices_entry_id", "invoices", ["entry_id"], unique=False)
    op.create_index("ix_payments_entry_id", "payments", ["entry_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_payments_entry_id", table_name="payments")
    op.drop_index("ix_invoices_entry_id", table_name="invoices")
