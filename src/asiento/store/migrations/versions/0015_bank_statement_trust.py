"""Bank statements that can be trusted: identity, balance source, line warnings, originals.

- ``bank_statements.identity``: SHA-256 of what identifies a statement (account,
  number, period, balances, lines), so a file repeating a statement already
  imported skips it as a duplicate;
- ``bank_statements.balance_source``: where the balances come from (``file``,
  ``previous`` statement's closing, ``declared`` by the user, or
  ``unverifiable``: validated only with an explicit, audited confirmation);
- ``statement_lines.warning``: e.g. a bank reference reused with another date
  or amount; ``original_amount``/``original_currency``: the foreign amount of a
  line booked in the account currency;
- an index on (journal, transaction id) to find reused bank references.

Revision ID: 0015_bank_statement_trust
Revises: 0014_walls
Create Date: 2026-12-06 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import asiento.store.types

revision: str = "0015_bank_statement_trust"
down_revision: str | None = "0014_walls"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bank_statements") as batch:
        batch.add_column(sa.Column("identity", sa.String(64), nullable=True))
        batch.add_column(sa.Column("balance_source", sa.String(12), nullable=True))
    with op.batch_alter_table("statement_lines") as batch:
        batch.add_column(sa.Column("warning", sa.String(300), nullable=True))
        batch.add_column(
            sa.Column("original_amount", asiento.store.types.ExactDecimal(length=64), nullable=True)
        )
        batch.add_column(sa.Column("original_currency", sa.String(3), nullable=True))
    op.create_index(
        "ix_bank_statements_journal_identity", "bank_statements", ["journal_id", "identity"]
    )
    op.create_index(
        "ix_statement_lines_journal_transaction",
        "statement_lines",
        ["journal_id", "transaction_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_statement_lines_journal_transaction", table_name="statement_lines")
    op.drop_index("ix_bank_statements_journal_identity", table_name="bank_statements")
    with op.batch_alter_table("statement_lines") as batch:
        batch.drop_column("original_currency")
        batch.drop_column("original_amount")
        batch.drop_column("warning")
    with op.batch_alter_table("bank_statements") as batch:
        batch.drop_column("balance_source")
        batch.drop_column("identity")
