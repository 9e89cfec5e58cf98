"""Contacts of a partner: the people there (name, role, e-mail, phone).

``partner_contacts`` rows belong to one partner and go with its row (``ON DELETE
CASCADE``); a partner with documents is only ever archived, so its contacts stay.

Revision ID: 0025_partner_contacts
Revises: 0024_order_totals
Create Date: 2026-12-06 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_partner_contacts"
down_revision: str | None = "0024_order_totals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TABLE = "partner_contacts"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("company_id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(100), nullable=True),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("phone", sa.String(50), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=f"fk_{TABLE}_company_id_companies",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=f"fk_{TABLE}_partner_id_partners",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{TABLE}"),
    )  # fmt: skip
    op.create_index(f"ix_{TABLE}_company_id", TABLE, ["company_id"])
    op.create_index(f"ix_{TABLE}_partner_id", TABLE, ["partner_id"])


def downgrade() -> None:
    op.drop_index(f"ix_{TABLE}_partner_id", table_name=TABLE)
    op.drop_index(f"ix_{TABLE}_company_id", table_name=TABLE)
    op.drop_table(TABLE)
