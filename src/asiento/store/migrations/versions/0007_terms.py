"""Company working calendar for due dates: weekend days, holidays, roll direction.

Revision ID: 0007_terms
Revises: 0006_recon
Create Date: 2026-11-23 11:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_terms"
down_revision: str | None = "0006_recon"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weekend_days", sa.String(length=20), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("holiday_country", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("holiday_subdivision", sa.String(length=10), nullable=True))
        batch_op.add_column(
            sa.Column("extra_holidays", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "due_date_roll", sa.String(length=10), server_default="forward", nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_column("due_date_roll")
        batch_op.drop_column("extra_holidays")
        batch_op.drop_column("holiday_subdivision")
        batch_op.drop_column("holiday_country")
        batch_op.drop_column("weekend_days")
