"""Residual updates that can stay in place, and a version of each company's reference data.

1. ``ix_journal_items_open`` loses its ``reconciled`` column (now ``company_id, account_id,
   partner_id``) and, on PostgreSQL, ``journal_items`` gets ``fillfactor = 80``: a residual
   update (``amount_residual``, ``amount_residual_currency``, ``reconciled``) then changes no
   indexed column and finds room on its page, so PostgreSQL writes it as a heap-only (HOT)
   update instead of a new entry in each of the table's indexes. An update that also sets
   ``full_reconcile_id`` (an item closing) still touches that column's index. The reports and
   passes that filtered on ``reconciled`` through the index read it from the row instead.
2. ``companies.reference_version``: bumped by triggers in the same transaction as any insert,
   update or delete of the company's taxes, product taxes, accounts, journals (their reference
   columns, not the chain head that every posting moves), currencies and payment terms (and
   their lines), so a per-process cache of that data (``services.reference.cache``) is checked
   by the company read that every use case already does; a change made through any path, on
   any worker, is seen by the next request everywhere.

Revision ID: 0025_perf
Revises: 0023_discount_entry_payment
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_perf"
down_revision: str | None = "0023_discount_entry_payment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COMPANY_TABLES = ("taxes", "accounts", "journals", "currencies", "payment_terms")
JOURNAL_REFERENCE_COLUMNS = (
    "company_id, code, name, kind, default_account_id, outstanding_receipts_account_id, "
    "outstanding_payments_account_id, suspense_account_id, number_format, currency, iban, "
    "bank_account, bank_account_id, active"
)
BUMP = "UPDATE companies SET reference_version = reference_version + 1 WHERE id"
PRODUCT_COMPANY = "(SELECT company_id FROM products WHERE id = {row}.product_id)"

PG_FUNCTION = f"""
CREATE FUNCTION asiento_bump_reference_version() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'product_taxes' THEN
        IF TG_OP <> 'INSERT' THEN {BUMP} = {PRODUCT_COMPANY.format(row="OLD")}; END IF;
        IF TG_OP <> 'DELETE' THEN {BUMP} = {PRODUCT_COMPANY.format(row="NEW")}; END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN {BUMP} = OLD.company_id; END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.company_id <> OLD.company_id) THEN
            {BUMP} = NEW.company_id;
        END IF;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _events(table: str) -> str:
    return f"UPDATE OF {JOURNAL_REFERENCE_COLUMNS}" if table == "journals" else "UPDATE"


def _create_triggers(postgresql: bool) -> None:
    if postgresql:
        op.execute(PG_FUNCTION)
    for table in (*COMPANY_TABLES, "product_taxes"):
        if postgresql:
            op.execute(
                f"CREATE TRIGGER {table}_reference_version AFTER INSERT OR {_events(table)} "
                f"OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION asiento_bump_reference_version()"
            )
            continue
        company = PRODUCT_COMPANY if table == "product_taxes" else "{row}.company_id"
        for event, rows in (("INSERT", ("NEW",)), (_events(table), ("OLD", "NEW")),
                            ("DELETE", ("OLD",))):  # fmt: skip
            name = f"{table}_reference_version_{event.split()[0].lower()}"
            body = " ".join(f"{BUMP} = {company.format(row=r)};" for r in rows)
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END")


def _drop_triggers(postgresql: bool) -> None:
    for table in (*COMPANY_TABLES, "product_taxes"):
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_reference_version ON {table}")
            continue
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_reference_version_{event}")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS asiento_bump_reference_version()")


def upgrade() -> None:
    postgresql = op.get_context().dialect.name == "postgresql"
    with op.batch_alter_table("companies") as batch:
        batch.add_column(
            sa.Column("reference_version", sa.Integer(), nullable=False, server_default="0")
        )
    _create_triggers(postgresql)
    op.drop_index("ix_journal_items_open", table_name="journal_items")
    op.create_index(
        "ix_journal_items_open", "journal_items", ["company_id", "account_id", "partner_id"]
    )
    if postgresql:
        op.execute("ALTER TABLE journal_items SET (fillfactor = 80)")


def downgrade() -> None:
    postgresql = op.get_context().dialect.name == "postgresql"
    _drop_triggers(postgresql)
    with op.batch_alter_table("companies") as batch:
        batch.drop_column("reference_version")
    if postgresql:
        op.execute("ALTER TABLE journal_items RESET (fillfactor)")
    op.drop_index("ix_journal_items_open", table_name="journal_items")
    op.create_index(
        "ix_journal_items_open",
        "journal_items",
        ["company_id", "account_id", "partner_id", "reconciled"],
    )
