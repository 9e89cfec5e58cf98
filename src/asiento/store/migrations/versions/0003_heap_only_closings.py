"""Closing an item, paying an invoice and booking a statement line update their rows in place.

Why (issue 23): the automatic statement pass updates, per bank line, the invoice's receivable
item (its residual, ``reconciled`` and ``full_reconciliation_id``), the invoice (its payment
state and residual) and the line (its state and entry). PostgreSQL can keep such an update on
the row's own page, without a new entry in each of the table's indexes (a heap-only tuple),
only when no index uses a changed column and the page has room. None of the three did: 0 of
40,000 item updates, 0 of 20,000 invoice and 0 of 20,000 line updates were heap-only in a
20,000-line pass.

- ``journal_items.full_reconciliation_id`` loses its index. Items are looked up by their
  full reconciliation only when one is dissolved (unreconcile, a payment cancelled): clearing
  the items' link and the foreign key's check on deleting the full reconciliation row each
  read the company's items through a company-led index. That is the price, paid on the rare
  path, for the frequent one (every payment that closes an item).
- ``partial_reconciliations`` gains ``(company_id, full_reconciliation_id)``: unreconciling by
  a full reconciliation finds its partials by it (it scanned them before).
- ``invoices`` and ``statement_lines`` keep a fifth of each page free (fillfactor 80, as
  ``journal_items`` since ``0001``), per partition on a hash-partitioned schema. Pages
  written before this revision fill up as they are; new pages keep the room.

Revision ID: 0003_heap_only_closings
Revises: 0002_item_entry_index
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_heap_only_closings"
down_revision: str | None = "0002_item_entry_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROOMY_TABLES = ("invoices", "statement_lines")


def _fillfactor_sql(table: str, factor: int | None) -> str:
    """Set (or reset, ``None``) a table's fillfactor, on each partition when partitioned."""
    setting = f"SET (fillfactor = {factor})" if factor else "RESET (fillfactor)"
    return f"""
DO $$
DECLARE part regclass;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = '{table}'::regclass) = 'p' THEN
        FOR part IN SELECT inhrelid::regclass FROM pg_inherits
                    WHERE inhparent = '{table}'::regclass LOOP
            EXECUTE format('ALTER TABLE %s {setting}', part);
        END LOOP;
    ELSE
        ALTER TABLE {table} {setting};
    END IF;
END $$;
"""


def upgrade() -> None:
    op.drop_index("ix_journal_items_full_reconciliation_id", table_name="journal_items")
    op.create_index(
        "ix_partial_reconciliations_full",
        "partial_reconciliations",
        ["company_id", "full_reconciliation_id"],
        unique=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in ROOMY_TABLES:
            op.execute(_fillfactor_sql(table, 80))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ROOMY_TABLES:
            op.execute(_fillfactor_sql(table, None))
    op.drop_index("ix_partial_reconciliations_full", table_name="partial_reconciliations")
    op.create_index(
        "ix_journal_items_full_reconciliation_id",
        "journal_items",
        ["full_reconciliation_id"],
        unique=False,
    )
