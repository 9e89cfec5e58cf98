"""Items by entry and partials by item are found by indexes that lead with ``company_id``.

Why: every read of an entry's items and of an item's partial reconciliations names its
company (``store.tenancy`` adds ``company_id = :company`` to each ORM statement), but
``journal_items.entry_id``, ``partial_reconciliations.debit_item_id`` and
``credit_item_id`` were indexed alone. PostgreSQL, planning without statistics (a ledger
written by batch posting's COPY, autovacuum not yet round), took ``company_id = :company``
for selective and ANDed those indexes with a company-leading one: each look-up read the
company's whole index, and posting one entry on a 100,000-entry ledger took 0.3 s per read
of its items (issue 23). One index on both columns serves each look-up alone, whatever
the statistics (and routes on Citus like every company key).

Revision ID: 0002_company_lookup_indexes
Revises: 0001_initial
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_company_lookup_indexes"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, new index, its column after company_id, the single-column index it replaces)
INDEXES = (
    ("journal_items", "ix_journal_items_entry", "entry_id", "ix_journal_items_entry_id"),
    (
        "partial_reconciliations",
        "ix_partial_reconciliations_debit",
        "debit_item_id",
        "ix_partial_reconciliations_debit_item_id",
    ),
    (
        "partial_reconciliations",
        "ix_partial_reconciliations_credit",
        "credit_item_id",
        "ix_partial_reconciliations_credit_item_id",
    ),
)


def upgrade() -> None:
    for table, name, column, old in INDEXES:
        op.create_index(name, table, ["company_id", column], unique=False)
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, name, column, old in INDEXES:
        op.create_index(old, table, [column], unique=False)
        op.drop_index(name, table_name=table)
