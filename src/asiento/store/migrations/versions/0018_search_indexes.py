"""Indexes for search as you type: names by prefix, numbers, amounts.

- plain indexes (declared on the models too): invoice, entry and payment lookups
  by ``(company_id, number)`` and by amount, product code;
- expression indexes on ``lower(name)`` (migration only, named ``ix_search_*``;
  Alembic does not compare expression indexes): on PostgreSQL with
  ``text_pattern_ops`` so ``lower(name) LIKE 'abc%'`` is an index range scan
  whatever the database collation; on SQLite a plain expression index that the
  search services reach with a ``>= / <`` range on ``lower(name)``;
- on PostgreSQL, when the ``pg_trgm`` extension is available and can be created,
  GIN trigram indexes so ``lower(name) LIKE '%abc%'`` (a word inside a name) is
  indexed too; without it the substring fallback scans, bounded by its LIMIT.

Revision ID: 0018_search_indexes
Revises: 0017_books
Create Date: 2026-12-06 04:30:00
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0018_search_indexes"
down_revision: str | None = "0017_books"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLAIN = (
    ("ix_invoices_company_number", "invoices", ["company_id", "number"]),
    ("ix_invoices_company_amount", "invoices", ["company_id", "amount_total"]),
    ("ix_journal_entries_company_number", "journal_entries", ["company_id", "number"]),
    ("ix_payments_company_amount", "payments", ["company_id", "amount"]),
)
NAMED = (("partners", "name"), ("products", "name"), ("accounts", "name"))


def _has_trgm() -> bool:
    """Create ``pg_trgm`` if the server offers it and we may; never fail the migration."""
    bind = op.get_bind()
    offered = bind.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if offered is None:
        return False
    try:
        with bind.begin_nested():
            bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except Exception:  # no privilege: the substring search scans instead
        return False
    return True


def upgrade() -> None:
    for name, table, columns in PLAIN:
        op.create_index(name, table, columns, unique=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    ops = " text_pattern_ops" if postgres else ""
    for table, column in NAMED:
        op.execute(
            f"CREATE INDEX ix_search_{table}_{column} ON {table} (company_id, lower({column}){ops})"
        )
    if postgres and _has_trgm():
        for table, column in NAMED:
            op.execute(
                f"CREATE INDEX ix_search_{table}_{column}_trgm ON {table} "
                f"USING gin (lower({column}) gin_trgm_ops)"
            )


def downgrade() -> None:
    for table, column in NAMED:
        op.execute(f"DROP INDEX IF EXISTS ix_search_{table}_{column}_trgm")
        op.execute(f"DROP INDEX IF EXISTS ix_search_{table}_{column}")
    for name, table, _columns in reversed(PLAIN):
        op.drop_index(name, table_name=table)
