"""Invoice lines remember the line they credit (credit-note limits per line).

Revision ID: 0009_invoices
Revises: 0008_purchasing
Create Date: 2026-11-23 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_invoices"
down_revision: str | None = "0008_purchasing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "origin_line_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.create_index(
            batch_op.f("ix_invoice_lines_origin_line_id"), ["origin_line_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_invoice_lines_origin_line_id_invoice_lines"),
            "invoice_lines",
            ["origin_line_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_invoice_lines_origin_line_id_invoice_lines"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_invoice_lines_origin_line_id"))
        batch_op.drop_column("origin_line_id")
