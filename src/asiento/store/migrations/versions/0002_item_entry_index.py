"""The items of an entry are found by ``(company_id, entry_id)``, not by ``entry_id`` alone.

Why: every read of an entry's items names its company (``store.tenancy`` adds
``company_id = :company`` to each ORM statement), and the only index on ``entry_id`` did
not lead with it. PostgreSQL, planning without statistics (a ledger written by batch
posting's COPY, autovacuum not yet round), took ``company_id = :company`` for selective
and ANDed ``ix_journal_items_entry_id`` with a company-leading index: each look-up read
the company's whole index, and posting one entry on a 100,000-entry ledger took 0.3 s
(issue 23). One index on both columns serves the look-up alone, whatever the statistics
(and routes on Citus like every company key).

Revision ID: 0002_item_entry_index
Revises: 0001_initial
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_item_entry_index"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_journal_items_entry", "journal_items", ["company_id", "entry_id"], unique=False
    )
    op.drop_index("ix_journal_items_entry_id", table_name="journal_items")


def downgrade() -> None:
    op.create_index("ix_journal_items_entry_id", "journal_items", ["entry_id"], unique=False)
    op.drop_index("ix_journal_items_entry", table_name="journal_items")
