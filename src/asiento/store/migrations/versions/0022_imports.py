"""Imports: the opening-balance account setting.

- ``accounting_settings.opening_balance_account_id``: the account an opening
  balance import posts against (the suspense of a migration): the open items
  of receivable and payable accounts and the totals of those accounts given
  without detail. It is zero again once the detail matches the totals.

Revision ID: 0022_imports
Revises: 0021_recurring
Create Date: 2026-12-06 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_imports"
down_revision: str | None = "0021_recurring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("accounting_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opening_balance_account_id", ID, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_accounting_settings_opening_balance_account_id_accounts"),
            "accounts",
            ["opening_balance_account_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("accounting_settings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_accounting_settings_opening_balance_account_id_accounts"),
            type_="foreignkey",
        )
        batch_op.drop_column("opening_balance_account_id")
