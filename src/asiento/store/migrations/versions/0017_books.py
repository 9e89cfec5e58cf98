"""Fiscal year closing: the closing entry and the lock date it replaced.

- ``fiscal_years.closing_entry_id``: the entry that moved the year's income
  and expenses to retained earnings (no foreign key: entries already point at
  their fiscal year, and a cycle would complicate creating and dropping);
- ``fiscal_years.lock_date_before``: the company lock date before closing,
  given back on re-opening;
- ``fiscal_years.closed_at``: when the year was closed.

Revision ID: 0017_books
Revises: 0016_identity
Create Date: 2026-12-06 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_books"
down_revision: str | None = "0016_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("fiscal_years", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closing_entry_id", ID, nullable=True))
        batch_op.add_column(sa.Column("lock_date_before", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fiscal_years", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
        batch_op.drop_column("lock_date_before")
        batch_op.drop_column("closing_entry_id")
