"""The whole schema before the first release: every table, index and constraint, the
search-as-you-type expression indexes, and the PostgreSQL triggers that keep posted
journal entries and their items immutable.

This file is the squash of the pre-release migrations (0001_ledger .. 0012_entry_indexes,
then 0013_accounting_settings .. 0023_discount_entry_payment), rendered from the models
and checked against them on both databases (tests/store/test_migrations_match_models.py).
Every company-scoped table is keyed ``(company_id, id)`` with composite foreign keys and
company-wide uniques (docs/design/company-keys.md); ``store.ddl`` renders that key on SQLite
and, with ``ASIENTO_PARTITION_BY_COMPANY``, partitions the tables on PostgreSQL.
Until the first release, schema changes may still be folded in here; after it, every
change is a new revision chained on this one (see docs/design/migrations.md).

Revision ID: 0001_initial
Revises:
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

import asiento.store.types

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMMUTABLE_SQL = """
CREATE OR REPLACE FUNCTION asiento_posted_entry_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.state = 'posted' THEN
        RAISE EXCEPTION 'posted journal entry % is immutable', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION asiento_posted_item_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.parent_state = 'posted' THEN
        IF TG_OP = 'DELETE' OR
           (NEW.entry_id, NEW.account_id, NEW.partner_id, NEW.debit, NEW.credit, NEW.balance,
            NEW.currency, NEW.amount_currency, NEW.date, NEW.journal_id, NEW.label,
            NEW.due_date, NEW.parent_state, NEW.company_id, NEW.tax_id)
           IS DISTINCT FROM
           (OLD.entry_id, OLD.account_id, OLD.partner_id, OLD.debit, OLD.credit, OLD.balance,
            OLD.currency, OLD.amount_currency, OLD.date, OLD.journal_id, OLD.label,
            OLD.due_date, OLD.parent_state, OLD.company_id, OLD.tax_id) THEN
            RAISE EXCEPTION 'journal item % of a posted entry is immutable', OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION asiento_posted_entry_guard();
CREATE TRIGGER journal_items_immutable
    BEFORE UPDATE OF entry_id, account_id, partner_id, debit, credit, balance, currency,
        amount_currency, date, journal_id, label, due_date, parent_state, company_id, tax_id
    OR DELETE ON journal_items
    FOR EACH ROW EXECUTE FUNCTION asiento_posted_item_guard();
"""
"""The item guard fires only for an UPDATE that sets one of the columns it protects (or a
DELETE): a residual update (reconciliation, about 100,000 rows in one automatic pass) sets
none of them and skips the function call per row; any statement that does set one, even
to the same value, is checked as before."""

FILLFACTOR_SQL = """
DO $$
DECLARE part regclass;
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'journal_items'::regclass) = 'p' THEN
        FOR part IN SELECT inhrelid::regclass FROM pg_inherits
                    WHERE inhparent = 'journal_items'::regclass LOOP
            EXECUTE format('ALTER TABLE %s SET (fillfactor = 80)', part);
        END LOOP;
    ELSE
        ALTER TABLE journal_items SET (fillfactor = 80);
    END IF;
END $$;
"""
"""``journal_items`` keeps room on its pages so residual updates stay heap-only (HOT); a
hash-partitioned ``journal_items`` (``ASIENTO_PARTITION_BY_COMPANY``) takes it per partition."""

DROP_TRIGGERS_SQL = """
DROP TRIGGER IF EXISTS journal_items_immutable ON journal_items;
DROP TRIGGER IF EXISTS journal_entries_immutable ON journal_entries;
DROP FUNCTION IF EXISTS asiento_posted_item_guard();
DROP FUNCTION IF EXISTS asiento_posted_entry_guard();
"""


SEARCHED_NAMES = (("partners", "name"), ("products", "name"), ("accounts", "name"))
"""Expression indexes on ``lower(name)`` (Alembic does not compare expression indexes, so
the models do not declare them): with ``text_pattern_ops`` on PostgreSQL so a prefix
``LIKE`` is a range scan whatever the collation; a plain expression index on SQLite that
the search services reach with a ``>= / <`` range. With ``pg_trgm`` available, GIN trigram
indexes make ``LIKE '%word%'`` indexed too; without it that search scans, bounded by its
LIMIT."""


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


def _create_search_indexes() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    ops = " text_pattern_ops" if postgres else ""
    for table, column in SEARCHED_NAMES:
        op.execute(
            f"CREATE INDEX ix_search_{table}_{column} ON {table} (company_id, lower({column}){ops})"
        )
    if postgres and _has_trgm():
        for table, column in SEARCHED_NAMES:
            op.execute(
                f"CREATE INDEX ix_search_{table}_{column}_trgm ON {table} "
                f"USING gin (lower({column}) gin_trgm_ops)"
            )


def _drop_search_indexes() -> None:
    for table, column in SEARCHED_NAMES:
        op.execute(f"DROP INDEX IF EXISTS ix_search_{table}_{column}_trgm")
        op.execute(f"DROP INDEX IF EXISTS ix_search_{table}_{column}")


# companies.reference_version is bumped by triggers in the same transaction as any insert,
# update or delete of the company's taxes, product taxes, accounts, journals (their reference
# columns, not the chain head that every posting moves), currencies and payment terms, so
# the per-process cache of that data (services.reference.cache) is checked by the company
# read every use case already does: a change through any path, on any worker, is seen next.
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


def _create_reference_triggers(postgresql: bool) -> None:
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


def _drop_reference_triggers(postgresql: bool) -> None:
    for table in (*COMPANY_TABLES, "product_taxes"):
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_reference_version ON {table}")
            continue
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_reference_version_{event}")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS asiento_bump_reference_version()")


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("tax_id", sa.String(length=64), nullable=True),
        sa.Column("lock_date", sa.Date(), nullable=True),
        sa.Column("fiscal_year_start_month", sa.Integer(), nullable=False),
        sa.Column("fiscal_year_start_day", sa.Integer(), nullable=False),
        sa.Column("tax_rounding", sa.String(length=20), nullable=False),
        sa.Column("allow_proforma", sa.Boolean(), nullable=False),
        sa.Column("reference_version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("weekend_days", sa.String(length=20), server_default="", nullable=False),
        sa.Column("holiday_country", sa.String(length=2), nullable=True),
        sa.Column("holiday_subdivision", sa.String(length=10), nullable=True),
        sa.Column("extra_holidays", sa.Text(), server_default="", nullable=False),
        sa.Column("due_date_roll", sa.String(length=10), server_default="forward", nullable=False),
        sa.Column("legal_name", sa.String(length=200), nullable=True),
        sa.Column("trade_name", sa.String(length=200), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("zip", sa.String(length=20), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("registration_number", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("website", sa.String(length=200), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=5), server_default="en", nullable=False),
        sa.Column("electronic_address", sa.String(length=254), nullable=True),
        sa.Column("electronic_address_scheme", sa.String(length=4), nullable=True),
        sa.Column("einvoice_format", sa.String(length=16), server_default="none", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
    )
    op.create_table(
        "users",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "accounts",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("reconcilable", sa.Boolean(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_accounts_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("company_id", "code", name=op.f("uq_accounts_company_id_code")),
    )
    op.create_index(op.f("ix_accounts_id"), "accounts", ["id"], unique=False)
    op.create_table(
        "api_tokens",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_api_tokens_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint(
            "company_id", "token_hash", name=op.f("uq_api_tokens_company_id_token_hash")
        ),
    )
    op.create_index(op.f("ix_api_tokens_id"), "api_tokens", ["id"], unique=False)
    op.create_index(op.f("ix_api_tokens_token_hash"), "api_tokens", ["token_hash"], unique=False)
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)
    op.create_table(
        "audit_events",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_kind", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column(
            "at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_audit_events_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_audit_events_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_audit_events")),
    )
    op.create_index(
        "ix_audit_events_company_at", "audit_events", ["company_id", "at"], unique=False
    )
    op.create_index(op.f("ix_audit_events_id"), "audit_events", ["id"], unique=False)
    op.create_table(
        "currencies",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("exponent", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_currencies_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_currencies")),
        sa.UniqueConstraint("company_id", "code", name=op.f("uq_currencies_company_id_code")),
    )
    op.create_index(op.f("ix_currencies_id"), "currencies", ["id"], unique=False)
    op.create_table(
        "currency_rates",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("rate", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_currency_rates_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_currency_rates")),
        sa.UniqueConstraint(
            "company_id",
            "currency",
            "date",
            name=op.f("uq_currency_rates_company_id_currency_date"),
        ),
    )
    op.create_index(op.f("ix_currency_rates_id"), "currency_rates", ["id"], unique=False)
    op.create_table(
        "fiscal_years",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column(
            "closing_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("lock_date_before", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_fiscal_years_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_fiscal_years")),
        sa.UniqueConstraint(
            "company_id", "start_date", name=op.f("uq_fiscal_years_company_id_start_date")
        ),
    )
    op.create_index(op.f("ix_fiscal_years_id"), "fiscal_years", ["id"], unique=False)
    op.create_table(
        "followup_levels",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("send_email", sa.Boolean(), nullable=False),
        sa.Column("send_letter", sa.Boolean(), nullable=False),
        sa.Column("manual_call", sa.Boolean(), nullable=False),
        sa.Column("email_subject", sa.String(length=200), nullable=False),
        sa.Column("email_body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_followup_levels_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_followup_levels")),
        sa.UniqueConstraint("company_id", "days", name=op.f("uq_followup_levels_company_id_days")),
        sa.UniqueConstraint(
            "company_id", "sequence", name=op.f("uq_followup_levels_company_id_sequence")
        ),
    )
    op.create_index(op.f("ix_followup_levels_id"), "followup_levels", ["id"], unique=False)
    op.create_table(
        "idempotency_keys",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_idempotency_keys_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint(
            "company_id", "scope", "key", name=op.f("uq_idempotency_keys_company_id_scope_key")
        ),
    )
    op.create_index(op.f("ix_idempotency_keys_id"), "idempotency_keys", ["id"], unique=False)
    op.create_table(
        "memberships",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_memberships_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_memberships")),
        sa.UniqueConstraint(
            "company_id", "user_id", name=op.f("uq_memberships_company_id_user_id")
        ),
    )
    op.create_index(op.f("ix_memberships_id"), "memberships", ["id"], unique=False)
    op.create_index(op.f("ix_memberships_user_id"), "memberships", ["user_id"], unique=False)
    op.create_table(
        "purchase_settings",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("bill_policy", sa.String(length=10), nullable=False),
        sa.Column("invoice_policy", sa.String(length=10), nullable=False),
        sa.Column("three_way_matching", sa.Boolean(), nullable=False),
        sa.Column("block_payment_on_exception", sa.Boolean(), nullable=False),
        sa.Column(
            "receipt_tolerance_pct", asiento.store.types.ExactDecimal(length=64), nullable=False
        ),
        sa.Column("wait_for_payment", sa.Boolean(), nullable=False),
        sa.Column("einvoice_strict_buyer", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_purchase_settings_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_purchase_settings")),
        sa.UniqueConstraint("company_id", name=op.f("uq_purchase_settings_company_id")),
    )
    op.create_index(op.f("ix_purchase_settings_id"), "purchase_settings", ["id"], unique=False)
    op.create_table(
        "tax_report_boxes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("box", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("formula", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_tax_report_boxes_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_tax_report_boxes")),
        sa.UniqueConstraint("company_id", "box", name=op.f("uq_tax_report_boxes_company_id_box")),
    )
    op.create_index(op.f("ix_tax_report_boxes_id"), "tax_report_boxes", ["id"], unique=False)
    op.create_table(
        "web_sessions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_web_sessions_secret_hash")),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"], unique=False)
    op.create_table(
        "accounting_settings",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "receivable_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "payable_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "exchange_gain_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "exchange_loss_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "discount_granted_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "discount_received_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "writeoff_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "rounding_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "retained_earnings_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "opening_balance_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "discount_granted_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_discount_granted_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "discount_received_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_discount_received_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "exchange_gain_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_exchange_gain_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "exchange_loss_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_exchange_loss_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "opening_balance_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_opening_balance_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "payable_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_payable_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "receivable_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_receivable_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "retained_earnings_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_retained_earnings_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "rounding_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_rounding_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "writeoff_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_accounting_settings_writeoff_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_accounting_settings_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_accounting_settings")),
        sa.UniqueConstraint("company_id", name=op.f("uq_accounting_settings_company_id")),
    )
    op.create_index(op.f("ix_accounting_settings_id"), "accounting_settings", ["id"], unique=False)
    op.create_table(
        "payment_terms",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "discount_granted_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "discount_received_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "discount_granted_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_payment_terms_discount_granted_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "discount_received_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_payment_terms_discount_received_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_payment_terms_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_payment_terms")),
        sa.UniqueConstraint("company_id", "name", name=op.f("uq_payment_terms_company_id_name")),
    )
    op.create_index(op.f("ix_payment_terms_id"), "payment_terms", ["id"], unique=False)
    op.create_table(
        "products",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("unit_code", sa.String(length=3), server_default="C62", nullable=False),
        sa.Column("sale_price", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("purchase_price", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column(
            "income_account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "expense_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("bill_policy", sa.String(length=10), nullable=True),
        sa.Column("invoice_policy", sa.String(length=10), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "expense_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_products_expense_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "income_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_products_income_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_products_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_products")),
        sa.UniqueConstraint("company_id", "code", name=op.f("uq_products_company_id_code")),
    )
    op.create_index(op.f("ix_products_id"), "products", ["id"], unique=False)
    op.create_table(
        "taxes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("usage", sa.String(length=16), nullable=False),
        sa.Column("amount_type", sa.String(length=16), nullable=False),
        sa.Column("amount", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("price_include", sa.Boolean(), nullable=False),
        sa.Column("include_base_amount", sa.Boolean(), nullable=False),
        sa.Column(
            "tax_account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "base_account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("tax_group", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("legal_mention", sa.String(length=20), nullable=True),
        sa.Column("exemption_reason", sa.String(length=200), nullable=True),
        sa.Column("vat_category", sa.String(length=3), nullable=True),
        sa.Column("exemption_reason_code", sa.String(length=50), nullable=True),
        sa.Column("name_translations", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "base_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_taxes_base_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_taxes_tax_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_taxes_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_taxes")),
        sa.UniqueConstraint(
            "company_id", "name", "usage", name=op.f("uq_taxes_company_id_name_usage")
        ),
    )
    op.create_index(op.f("ix_taxes_id"), "taxes", ["id"], unique=False)
    op.create_table(
        "partners",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("is_customer", sa.Boolean(), nullable=False),
        sa.Column("is_supplier", sa.Boolean(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("zip", sa.String(length=20), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("invoice_email", sa.String(length=254), nullable=True),
        sa.Column("tax_id", sa.String(length=64), nullable=True),
        sa.Column("electronic_address", sa.String(length=254), nullable=True),
        sa.Column("electronic_address_scheme", sa.String(length=4), nullable=True),
        sa.Column("buyer_reference", sa.String(length=100), nullable=True),
        sa.Column("einvoice_format", sa.String(length=16), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column(
            "receivable_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "payable_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "customer_payment_term_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "supplier_payment_term_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("payment_days", sa.String(length=64), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "customer_payment_term_id"],
            ["payment_terms.company_id", "payment_terms.id"],
            name=op.f("fk_partners_customer_payment_term_id_payment_terms"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "payable_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_partners_payable_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "receivable_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_partners_receivable_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "supplier_payment_term_id"],
            ["payment_terms.company_id", "payment_terms.id"],
            name=op.f("fk_partners_supplier_payment_term_id_payment_terms"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_partners_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_partners")),
    )
    op.create_index(op.f("ix_partners_id"), "partners", ["id"], unique=False)
    op.create_index(op.f("ix_partners_name"), "partners", ["name"], unique=False)
    op.create_table(
        "product_taxes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("tax_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "product_id"],
            ["products.company_id", "products.id"],
            name=op.f("fk_product_taxes_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_id"],
            ["taxes.company_id", "taxes.id"],
            name=op.f("fk_product_taxes_tax_id_taxes"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "product_id", "tax_id", name=op.f("pk_product_taxes")
        ),
    )
    op.create_index(
        op.f("ix_product_taxes_product_id"), "product_taxes", ["product_id"], unique=False
    )
    op.create_table(
        "tax_report_lines",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("tax_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("document", sa.String(length=8), nullable=False),
        sa.Column("amount_kind", sa.String(length=4), nullable=False),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("box", sa.String(length=16), nullable=False),
        sa.Column("factor", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_tax_report_lines_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_id"],
            ["taxes.company_id", "taxes.id"],
            name=op.f("fk_tax_report_lines_tax_id_taxes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_tax_report_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_tax_report_lines")),
    )
    op.create_index(op.f("ix_tax_report_lines_id"), "tax_report_lines", ["id"], unique=False)
    op.create_index(
        op.f("ix_tax_report_lines_tax_id"), "tax_report_lines", ["tax_id"], unique=False
    )
    op.create_table(
        "bank_accounts",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("holder_name", sa.String(length=200), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("account_number", sa.String(length=64), nullable=True),
        sa.Column("bank_code", sa.String(length=32), nullable=True),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("bank_name", sa.String(length=200), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_bank_accounts_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_bank_accounts_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_bank_accounts")),
    )
    op.create_index(
        "ix_bank_accounts_company_partner",
        "bank_accounts",
        ["company_id", "partner_id"],
        unique=False,
    )
    op.create_index(op.f("ix_bank_accounts_id"), "bank_accounts", ["id"], unique=False)
    op.create_table(
        "followup_history",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("level_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("level_name", sa.String(length=100), nullable=False),
        sa.Column("level_days", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_due", sa.BigInteger(), nullable=False),
        sa.Column("total_overdue", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "level_id"],
            ["followup_levels.company_id", "followup_levels.id"],
            name=op.f("fk_followup_history_level_id_followup_levels"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_followup_history_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_followup_history_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_followup_history")),
    )
    op.create_index(op.f("ix_followup_history_id"), "followup_history", ["id"], unique=False)
    op.create_index(
        op.f("ix_followup_history_partner_id"), "followup_history", ["partner_id"], unique=False
    )
    op.create_table(
        "followup_holds",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_followup_holds_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_followup_holds_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_followup_holds")),
        sa.UniqueConstraint(
            "company_id", "partner_id", name=op.f("uq_followup_holds_company_id_partner_id")
        ),
    )
    op.create_index(op.f("ix_followup_holds_id"), "followup_holds", ["id"], unique=False)
    op.create_table(
        "partner_contacts",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_partner_contacts_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_partner_contacts_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_partner_contacts")),
    )
    op.create_index(op.f("ix_partner_contacts_id"), "partner_contacts", ["id"], unique=False)
    op.create_index(
        op.f("ix_partner_contacts_partner_id"), "partner_contacts", ["partner_id"], unique=False
    )
    op.create_table(
        "purchase_orders",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("order_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("amount_untaxed", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("amount_total", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_purchase_orders_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_purchase_orders_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("company_id", "name", name=op.f("uq_purchase_orders_company_id_name")),
    )
    op.create_index(
        "ix_purchase_orders_company_state", "purchase_orders", ["company_id", "state"], unique=False
    )
    op.create_index(op.f("ix_purchase_orders_id"), "purchase_orders", ["id"], unique=False)
    op.create_table(
        "sale_orders",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("wait_for_payment", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("order_date", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("amount_untaxed", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("amount_total", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_sale_orders_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_sale_orders_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_sale_orders")),
        sa.UniqueConstraint("company_id", "name", name=op.f("uq_sale_orders_company_id_name")),
    )
    op.create_index(
        "ix_sale_orders_company_state", "sale_orders", ["company_id", "state"], unique=False
    )
    op.create_index(op.f("ix_sale_orders_id"), "sale_orders", ["id"], unique=False)
    op.create_table(
        "deliveries",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "order_id"],
            ["sale_orders.company_id", "sale_orders.id"],
            name=op.f("fk_deliveries_order_id_sale_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_deliveries_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_deliveries")),
    )
    op.create_index(op.f("ix_deliveries_id"), "deliveries", ["id"], unique=False)
    op.create_index(op.f("ix_deliveries_order_id"), "deliveries", ["order_id"], unique=False)
    op.create_table(
        "journals",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column(
            "default_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "outstanding_receipts_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "outstanding_payments_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "suspense_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("number_format", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("bank_account", sa.String(length=64), nullable=True),
        sa.Column(
            "bank_account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("chain_length", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "bank_account_id"],
            ["bank_accounts.company_id", "bank_accounts.id"],
            name=op.f("fk_journals_bank_account_id_bank_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "default_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_journals_default_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "outstanding_payments_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_journals_outstanding_payments_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "outstanding_receipts_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_journals_outstanding_receipts_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "suspense_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_journals_suspense_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_journals_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_journals")),
        sa.UniqueConstraint("company_id", "code", name=op.f("uq_journals_company_id_code")),
    )
    op.create_index(op.f("ix_journals_id"), "journals", ["id"], unique=False)
    op.create_table(
        "purchase_order_lines",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("quantity", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("price_unit", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "order_id"],
            ["purchase_orders.company_id", "purchase_orders.id"],
            name=op.f("fk_purchase_order_lines_order_id_purchase_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "product_id"],
            ["products.company_id", "products.id"],
            name=op.f("fk_purchase_order_lines_product_id_products"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_purchase_order_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_purchase_order_lines")),
    )
    op.create_index(
        op.f("ix_purchase_order_lines_id"), "purchase_order_lines", ["id"], unique=False
    )
    op.create_index(
        op.f("ix_purchase_order_lines_order_id"), "purchase_order_lines", ["order_id"], unique=False
    )
    op.create_table(
        "receipts",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "order_id"],
            ["purchase_orders.company_id", "purchase_orders.id"],
            name=op.f("fk_receipts_order_id_purchase_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_receipts_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_receipts")),
    )
    op.create_index(op.f("ix_receipts_id"), "receipts", ["id"], unique=False)
    op.create_index(op.f("ix_receipts_order_id"), "receipts", ["order_id"], unique=False)
    op.create_table(
        "sale_order_lines",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("quantity", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("price_unit", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "order_id"],
            ["sale_orders.company_id", "sale_orders.id"],
            name=op.f("fk_sale_order_lines_order_id_sale_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "product_id"],
            ["products.company_id", "products.id"],
            name=op.f("fk_sale_order_lines_product_id_products"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_sale_order_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_sale_order_lines")),
    )
    op.create_index(op.f("ix_sale_order_lines_id"), "sale_order_lines", ["id"], unique=False)
    op.create_index(
        op.f("ix_sale_order_lines_order_id"), "sale_order_lines", ["order_id"], unique=False
    )
    op.create_table(
        "bank_statements",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("opening_balance", sa.BigInteger(), nullable=True),
        sa.Column("closing_balance", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=True),
        sa.Column("file_format", sa.String(length=10), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("identity", sa.String(length=64), nullable=True),
        sa.Column("balance_source", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_bank_statements_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_bank_statements_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_bank_statements")),
    )
    op.create_index(
        "ix_bank_statements_company_journal",
        "bank_statements",
        ["company_id", "journal_id"],
        unique=False,
    )
    op.create_index(op.f("ix_bank_statements_id"), "bank_statements", ["id"], unique=False)
    op.create_index(
        "ix_bank_statements_journal_identity",
        "bank_statements",
        ["journal_id", "identity"],
        unique=False,
    )
    op.create_table(
        "csv_profiles",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_csv_profiles_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_csv_profiles_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_csv_profiles")),
        sa.UniqueConstraint(
            "company_id",
            "journal_id",
            "name",
            name=op.f("uq_csv_profiles_company_id_journal_id_name"),
        ),
    )
    op.create_index(op.f("ix_csv_profiles_id"), "csv_profiles", ["id"], unique=False)
    op.create_table(
        "delivery_lines",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "delivery_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "order_line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("quantity", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "delivery_id"],
            ["deliveries.company_id", "deliveries.id"],
            name=op.f("fk_delivery_lines_delivery_id_deliveries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "order_line_id"],
            ["sale_order_lines.company_id", "sale_order_lines.id"],
            name=op.f("fk_delivery_lines_order_line_id_sale_order_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_delivery_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_delivery_lines")),
    )
    op.create_index(
        op.f("ix_delivery_lines_delivery_id"), "delivery_lines", ["delivery_id"], unique=False
    )
    op.create_index(op.f("ix_delivery_lines_id"), "delivery_lines", ["id"], unique=False)
    op.create_index(
        op.f("ix_delivery_lines_order_line_id"), "delivery_lines", ["order_line_id"], unique=False
    )
    op.create_table(
        "journal_entries",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "fiscal_year_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("sequence_number", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("narration", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("origin_kind", sa.String(length=32), nullable=True),
        sa.Column("origin_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "reversal_of_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("reversal_reason", sa.String(length=200), nullable=True),
        sa.Column(
            "payment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("chain_index", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "fiscal_year_id"],
            ["fiscal_years.company_id", "fiscal_years.id"],
            name=op.f("fk_journal_entries_fiscal_year_id_fiscal_years"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_journal_entries_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "reversal_of_id"],
            ["journal_entries.company_id", "journal_entries.id"],
            name=op.f("fk_journal_entries_reversal_of_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_journal_entries_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint(
            "company_id",
            "journal_id",
            "chain_index",
            name=op.f("uq_journal_entries_company_id_journal_id_chain_index"),
        ),
        sa.UniqueConstraint(
            "company_id",
            "journal_id",
            "number",
            name=op.f("uq_journal_entries_company_id_journal_id_number"),
        ),
        sa.UniqueConstraint(
            "company_id",
            "reversal_of_id",
            name=op.f("uq_journal_entries_company_id_reversal_of_id"),
        ),
    )
    op.create_index(
        "ix_journal_entries_company_date", "journal_entries", ["company_id", "date"], unique=False
    )
    op.create_index(
        "ix_journal_entries_company_number",
        "journal_entries",
        ["company_id", "number"],
        unique=False,
    )
    op.create_index(op.f("ix_journal_entries_id"), "journal_entries", ["id"], unique=False)
    op.create_index(
        "ix_journal_entries_payment", "journal_entries", ["company_id", "payment_id"], unique=False
    )
    op.create_table(
        "purchase_line_taxes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tax_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "line_id"],
            ["purchase_order_lines.company_id", "purchase_order_lines.id"],
            name=op.f("fk_purchase_line_taxes_line_id_purchase_order_lines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_id"],
            ["taxes.company_id", "taxes.id"],
            name=op.f("fk_purchase_line_taxes_tax_id_taxes"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "line_id", "tax_id", name=op.f("pk_purchase_line_taxes")
        ),
    )
    op.create_index(
        op.f("ix_purchase_line_taxes_line_id"), "purchase_line_taxes", ["line_id"], unique=False
    )
    op.create_table(
        "receipt_lines",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "receipt_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "order_line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("quantity", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "order_line_id"],
            ["purchase_order_lines.company_id", "purchase_order_lines.id"],
            name=op.f("fk_receipt_lines_order_line_id_purchase_order_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "receipt_id"],
            ["receipts.company_id", "receipts.id"],
            name=op.f("fk_receipt_lines_receipt_id_receipts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_receipt_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_receipt_lines")),
    )
    op.create_index(op.f("ix_receipt_lines_id"), "receipt_lines", ["id"], unique=False)
    op.create_index(
        op.f("ix_receipt_lines_order_line_id"), "receipt_lines", ["order_line_id"], unique=False
    )
    op.create_index(
        op.f("ix_receipt_lines_receipt_id"), "receipt_lines", ["receipt_id"], unique=False
    )
    op.create_table(
        "reconciliation_rules",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("label_contains", sa.String(length=200), nullable=True),
        sa.Column("label_regex", sa.String(length=200), nullable=True),
        sa.Column("amount_min", asiento.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("amount_max", asiento.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("tax_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_reconciliation_rules_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_reconciliation_rules_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_reconciliation_rules_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_id"],
            ["taxes.company_id", "taxes.id"],
            name=op.f("fk_reconciliation_rules_tax_id_taxes"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_reconciliation_rules_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_reconciliation_rules")),
        sa.UniqueConstraint(
            "company_id", "name", name=op.f("uq_reconciliation_rules_company_id_name")
        ),
    )
    op.create_index(
        op.f("ix_reconciliation_rules_id"), "reconciliation_rules", ["id"], unique=False
    )
    op.create_table(
        "recurring_invoices",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "payment_term_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("narration", sa.Text(), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("post", sa.Boolean(), nullable=False),
        sa.Column("send", sa.Boolean(), nullable=False),
        sa.Column("amount_total", sa.BigInteger(), nullable=True),
        sa.Column("total_currency", sa.String(length=3), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_recurring_invoices_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_recurring_invoices_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "payment_term_id"],
            ["payment_terms.company_id", "payment_terms.id"],
            name=op.f("fk_recurring_invoices_payment_term_id_payment_terms"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_recurring_invoices_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_recurring_invoices")),
        sa.UniqueConstraint(
            "company_id", "name", name=op.f("uq_recurring_invoices_company_id_name")
        ),
    )
    op.create_index(op.f("ix_recurring_invoices_id"), "recurring_invoices", ["id"], unique=False)
    op.create_table(
        "sale_line_taxes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tax_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "line_id"],
            ["sale_order_lines.company_id", "sale_order_lines.id"],
            name=op.f("fk_sale_line_taxes_line_id_sale_order_lines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_id"],
            ["taxes.company_id", "taxes.id"],
            name=op.f("fk_sale_line_taxes_tax_id_taxes"),
        ),
        sa.PrimaryKeyConstraint("company_id", "line_id", "tax_id", name=op.f("pk_sale_line_taxes")),
    )
    op.create_index(
        op.f("ix_sale_line_taxes_line_id"), "sale_line_taxes", ["line_id"], unique=False
    )
    op.create_table(
        "sequences",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "fiscal_year_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "fiscal_year_id"],
            ["fiscal_years.company_id", "fiscal_years.id"],
            name=op.f("fk_sequences_fiscal_year_id_fiscal_years"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_sequences_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_sequences_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_sequences")),
        sa.UniqueConstraint(
            "company_id",
            "journal_id",
            "fiscal_year_id",
            name=op.f("uq_sequences_company_id_journal_id_fiscal_year_id"),
        ),
    )
    op.create_index(op.f("ix_sequences_id"), "sequences", ["id"], unique=False)
    op.create_table(
        "full_reconciliations",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "exchange_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "exchange_entry_id"],
            ["journal_entries.company_id", "journal_entries.id"],
            name=op.f("fk_full_reconciliations_exchange_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_full_reconciliations_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_full_reconciliations")),
    )
    op.create_index(
        op.f("ix_full_reconciliations_id"), "full_reconciliations", ["id"], unique=False
    )
    op.create_table(
        "invoices",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("payment_state", sa.String(length=16), nullable=False),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("invoice_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("manual_due_date", sa.Date(), nullable=True),
        sa.Column(
            "payment_term_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("rate", asiento.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column(
            "partner_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("invoice_address", sa.Text(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("payment_reference", sa.String(length=64), nullable=True),
        sa.Column("narration", sa.Text(), nullable=False),
        sa.Column(
            "origin_invoice_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "reversal_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("amount_untaxed", sa.BigInteger(), nullable=False),
        sa.Column("amount_tax", sa.BigInteger(), nullable=False),
        sa.Column("amount_total", sa.BigInteger(), nullable=False),
        sa.Column("amount_untaxed_company", sa.BigInteger(), nullable=False),
        sa.Column("amount_tax_company", sa.BigInteger(), nullable=False),
        sa.Column("amount_total_company", sa.BigInteger(), nullable=False),
        sa.Column("amount_residual", sa.BigInteger(), nullable=False),
        sa.Column("structured_reference", sa.String(length=35), nullable=True),
        sa.Column("is_sent", sa.Boolean(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_to", sa.String(length=254), nullable=True),
        sa.Column("send_error", sa.Text(), nullable=True),
        sa.Column("send_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("should_be_paid", sa.String(length=10), nullable=True),
        sa.Column("should_be_paid_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("should_be_paid_manual", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column(
            "purchase_order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "sale_order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "entry_id"],
            ["journal_entries.company_id", "journal_entries.id"],
            name=op.f("fk_invoices_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_invoices_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "origin_invoice_id"],
            ["invoices.company_id", "invoices.id"],
            name=op.f("fk_invoices_origin_invoice_id_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_invoices_partner_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_invoices_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "payment_term_id"],
            ["payment_terms.company_id", "payment_terms.id"],
            name=op.f("fk_invoices_payment_term_id_payment_terms"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "purchase_order_id"],
            ["purchase_orders.company_id", "purchase_orders.id"],
            name=op.f("fk_invoices_purchase_order_id_purchase_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "reversal_entry_id"],
            ["journal_entries.company_id", "journal_entries.id"],
            name=op.f("fk_invoices_reversal_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "sale_order_id"],
            ["sale_orders.company_id", "sale_orders.id"],
            name=op.f("fk_invoices_sale_order_id_sale_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_invoices_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_invoices")),
        sa.UniqueConstraint(
            "company_id",
            "journal_id",
            "number",
            name=op.f("uq_invoices_company_id_journal_id_number"),
        ),
        sa.UniqueConstraint(
            "company_id",
            "structured_reference",
            name=op.f("uq_invoices_company_id_structured_reference"),
        ),
    )
    op.create_index(
        "ix_invoices_company_amount", "invoices", ["company_id", "amount_total"], unique=False
    )
    op.create_index(
        "ix_invoices_company_number", "invoices", ["company_id", "number"], unique=False
    )
    op.create_index(
        "ix_invoices_company_partner", "invoices", ["company_id", "partner_id"], unique=False
    )
    op.create_index(
        "ix_invoices_company_type_state", "invoices", ["company_id", "kind", "state"], unique=False
    )
    op.create_index("ix_invoices_entry_id", "invoices", ["entry_id"], unique=False)
    op.create_index(op.f("ix_invoices_id"), "invoices", ["id"], unique=False)
    op.create_table(
        "payments",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("payment_type", sa.String(length=10), nullable=False),
        sa.Column("partner_type", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("communication", sa.String(length=200), nullable=False),
        sa.Column(
            "outstanding_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "destination_account_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("is_matched", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "destination_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_payments_destination_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "entry_id"],
            ["journal_entries.company_id", "journal_entries.id"],
            name=op.f("fk_payments_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_payments_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "outstanding_account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_payments_outstanding_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_payments_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_payments_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_payments")),
    )
    op.create_index(
        "ix_payments_company_amount", "payments", ["company_id", "amount"], unique=False
    )
    op.create_index(
        "ix_payments_company_partner", "payments", ["company_id", "partner_id"], unique=False
    )
    op.create_index("ix_payments_entry_id", "payments", ["entry_id"], unique=False)
    op.create_index(op.f("ix_payments_id"), "payments", ["id"], unique=False)
    op.create_table(
        "recurring_invoice_lines",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "template_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("quantity", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("price_unit", asiento.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("discount", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("tax_ids", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_recurring_invoice_lines_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "product_id"],
            ["products.company_id", "products.id"],
            name=op.f("fk_recurring_invoice_lines_product_id_products"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "template_id"],
            ["recurring_invoices.company_id", "recurring_invoices.id"],
            name=op.f("fk_recurring_invoice_lines_template_id_recurring_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_recurring_invoice_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_recurring_invoice_lines")),
    )
    op.create_index(
        op.f("ix_recurring_invoice_lines_id"), "recurring_invoice_lines", ["id"], unique=False
    )
    op.create_index(
        op.f("ix_recurring_invoice_lines_template_id"),
        "recurring_invoice_lines",
        ["template_id"],
        unique=False,
    )
    op.create_table(
        "bill_imports",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "invoice_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("document_number", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("syntax", sa.String(length=10), nullable=False),
        sa.Column("specification_id", sa.String(length=200), nullable=True),
        sa.Column("iban", sa.String(length=64), nullable=True),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("payment_reference", sa.String(length=200), nullable=True),
        sa.Column("differences", sa.Text(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "invoice_id"],
            ["invoices.company_id", "invoices.id"],
            name=op.f("fk_bill_imports_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_bill_imports_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_bill_imports_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_bill_imports")),
        sa.UniqueConstraint(
            "company_id", "invoice_id", name=op.f("uq_bill_imports_company_id_invoice_id")
        ),
        sa.UniqueConstraint(
            "company_id",
            "partner_id",
            "document_number",
            name=op.f("uq_bill_imports_company_id_partner_id_document_number"),
        ),
    )
    op.create_index(op.f("ix_bill_imports_id"), "bill_imports", ["id"], unique=False)
    op.create_index(op.f("ix_bill_imports_sha256"), "bill_imports", ["sha256"], unique=False)
    op.create_table(
        "invoice_lines",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "invoice_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("quantity", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("price_unit", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column("discount", asiento.store.types.ExactDecimal(length=64), nullable=False),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("price_subtotal", sa.BigInteger(), nullable=False),
        sa.Column(
            "purchase_line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "sale_line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "origin_line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_invoice_lines_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "invoice_id"],
            ["invoices.company_id", "invoices.id"],
            name=op.f("fk_invoice_lines_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "origin_line_id"],
            ["invoice_lines.company_id", "invoice_lines.id"],
            name=op.f("fk_invoice_lines_origin_line_id_invoice_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "product_id"],
            ["products.company_id", "products.id"],
            name=op.f("fk_invoice_lines_product_id_products"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "purchase_line_id"],
            ["purchase_order_lines.company_id", "purchase_order_lines.id"],
            name=op.f("fk_invoice_lines_purchase_line_id_purchase_order_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "sale_line_id"],
            ["sale_order_lines.company_id", "sale_order_lines.id"],
            name=op.f("fk_invoice_lines_sale_line_id_sale_order_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_invoice_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_invoice_lines")),
    )
    op.create_index(op.f("ix_invoice_lines_id"), "invoice_lines", ["id"], unique=False)
    op.create_index(
        op.f("ix_invoice_lines_invoice_id"), "invoice_lines", ["invoice_id"], unique=False
    )
    op.create_index(
        op.f("ix_invoice_lines_origin_line_id"), "invoice_lines", ["origin_line_id"], unique=False
    )
    op.create_table(
        "journal_items",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("parent_state", sa.String(length=10), nullable=False),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("debit", sa.BigInteger(), nullable=False),
        sa.Column("credit", sa.BigInteger(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_currency", sa.BigInteger(), nullable=False),
        sa.Column("rate", asiento.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("tax_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("amount_residual", sa.BigInteger(), nullable=False),
        sa.Column("amount_residual_currency", sa.BigInteger(), nullable=False),
        sa.Column("reconciled", sa.Boolean(), nullable=False),
        sa.Column(
            "full_reconciliation_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("discount_date", sa.Date(), nullable=True),
        sa.Column("discount_amount_currency", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "account_id"],
            ["accounts.company_id", "accounts.id"],
            name=op.f("fk_journal_items_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "entry_id"],
            ["journal_entries.company_id", "journal_entries.id"],
            name=op.f("fk_journal_items_entry_id_journal_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "full_reconciliation_id"],
            ["full_reconciliations.company_id", "full_reconciliations.id"],
            name=op.f("fk_journal_items_full_reconciliation_id_full_reconciliations"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_journal_items_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_journal_items_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_id"],
            ["taxes.company_id", "taxes.id"],
            name=op.f("fk_journal_items_tax_id_taxes"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_journal_items_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_journal_items")),
    )
    op.create_index(
        "ix_journal_items_account_date",
        "journal_items",
        ["company_id", "account_id", "date"],
        unique=False,
    )
    op.create_index(op.f("ix_journal_items_entry_id"), "journal_items", ["entry_id"], unique=False)
    op.create_index(
        op.f("ix_journal_items_full_reconciliation_id"),
        "journal_items",
        ["full_reconciliation_id"],
        unique=False,
    )
    op.create_index(op.f("ix_journal_items_id"), "journal_items", ["id"], unique=False)
    op.create_index(
        "ix_journal_items_journal_date",
        "journal_items",
        ["company_id", "journal_id", "date"],
        unique=False,
    )
    op.create_index(
        "ix_journal_items_open",
        "journal_items",
        ["company_id", "account_id", "partner_id"],
        unique=False,
    )
    op.create_index(
        "ix_journal_items_partner",
        "journal_items",
        ["company_id", "partner_id", "account_id"],
        unique=False,
    )
    op.create_table(
        "recurring_occurrences",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "template_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column(
            "invoice_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "invoice_id"],
            ["invoices.company_id", "invoices.id"],
            name=op.f("fk_recurring_occurrences_invoice_id_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "template_id"],
            ["recurring_invoices.company_id", "recurring_invoices.id"],
            name=op.f("fk_recurring_occurrences_template_id_recurring_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_recurring_occurrences_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_recurring_occurrences")),
        sa.UniqueConstraint(
            "company_id",
            "template_id",
            "period",
            name=op.f("uq_recurring_occurrences_company_id_template_id_period"),
        ),
    )
    op.create_index(
        op.f("ix_recurring_occurrences_id"), "recurring_occurrences", ["id"], unique=False
    )
    op.create_index(
        op.f("ix_recurring_occurrences_invoice_id"),
        "recurring_occurrences",
        ["invoice_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_recurring_occurrences_template_id"),
        "recurring_occurrences",
        ["template_id"],
        unique=False,
    )
    op.create_table(
        "should_be_paid_changes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "invoice_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("old_value", sa.String(length=10), nullable=True),
        sa.Column("new_value", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("manual", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "invoice_id"],
            ["invoices.company_id", "invoices.id"],
            name=op.f("fk_should_be_paid_changes_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_should_be_paid_changes_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_should_be_paid_changes")),
    )
    op.create_index(
        op.f("ix_should_be_paid_changes_id"), "should_be_paid_changes", ["id"], unique=False
    )
    op.create_index(
        op.f("ix_should_be_paid_changes_invoice_id"),
        "should_be_paid_changes",
        ["invoice_id"],
        unique=False,
    )
    op.create_table(
        "statement_lines",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "statement_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "journal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("value_date", sa.Date(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("counterparty_name", sa.String(length=200), nullable=True),
        sa.Column("counterparty_iban", sa.String(length=34), nullable=True),
        sa.Column("communication", sa.Text(), nullable=True),
        sa.Column("reference", sa.String(length=140), nullable=True),
        sa.Column("transaction_id", sa.String(length=140), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column(
            "partner_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "payment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("warning", sa.String(length=300), nullable=True),
        sa.Column("original_amount", asiento.store.types.ExactDecimal(length=64), nullable=True),
        sa.Column("original_currency", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "entry_id"],
            ["journal_entries.company_id", "journal_entries.id"],
            name=op.f("fk_statement_lines_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "journal_id"],
            ["journals.company_id", "journals.id"],
            name=op.f("fk_statement_lines_journal_id_journals"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "partner_id"],
            ["partners.company_id", "partners.id"],
            name=op.f("fk_statement_lines_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "payment_id"],
            ["payments.company_id", "payments.id"],
            name=op.f("fk_statement_lines_payment_id_payments"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "statement_id"],
            ["bank_statements.company_id", "bank_statements.id"],
            name=op.f("fk_statement_lines_statement_id_bank_statements"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_statement_lines_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_statement_lines")),
        sa.UniqueConstraint(
            "company_id",
            "journal_id",
            "fingerprint",
            "occurrence",
            name=op.f("uq_statement_lines_company_id_journal_id_fingerprint_occurrence"),
        ),
    )
    op.create_index(
        "ix_statement_lines_company_journal_date",
        "statement_lines",
        ["company_id", "journal_id", "date"],
        unique=False,
    )
    op.create_index(op.f("ix_statement_lines_id"), "statement_lines", ["id"], unique=False)
    op.create_index(
        "ix_statement_lines_journal_transaction",
        "statement_lines",
        ["journal_id", "transaction_id"],
        unique=False,
    )
    op.create_index(
        "ix_statement_lines_statement",
        "statement_lines",
        ["statement_id", "sequence"],
        unique=False,
    )
    op.create_table(
        "followup_disputes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "item_id"],
            ["journal_items.company_id", "journal_items.id"],
            name=op.f("fk_followup_disputes_item_id_journal_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_followup_disputes_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_followup_disputes")),
        sa.UniqueConstraint(
            "company_id", "item_id", name=op.f("uq_followup_disputes_company_id_item_id")
        ),
    )
    op.create_index(op.f("ix_followup_disputes_id"), "followup_disputes", ["id"], unique=False)
    op.create_table(
        "invoice_line_taxes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tax_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "line_id"],
            ["invoice_lines.company_id", "invoice_lines.id"],
            name=op.f("fk_invoice_line_taxes_line_id_invoice_lines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_id"],
            ["taxes.company_id", "taxes.id"],
            name=op.f("fk_invoice_line_taxes_tax_id_taxes"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "line_id", "tax_id", name=op.f("pk_invoice_line_taxes")
        ),
    )
    op.create_index(
        op.f("ix_invoice_line_taxes_line_id"), "invoice_line_taxes", ["line_id"], unique=False
    )
    op.create_table(
        "journal_item_taxes",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tax_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id", "item_id"],
            ["journal_items.company_id", "journal_items.id"],
            name=op.f("fk_journal_item_taxes_item_id_journal_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "tax_id"],
            ["taxes.company_id", "taxes.id"],
            name=op.f("fk_journal_item_taxes_tax_id_taxes"),
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "item_id", "tax_id", name=op.f("pk_journal_item_taxes")
        ),
    )
    op.create_index(
        op.f("ix_journal_item_taxes_item_id"), "journal_item_taxes", ["item_id"], unique=False
    )
    op.create_table(
        "partial_reconciliations",
        sa.Column(
            "company_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "debit_item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "credit_item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("debit_amount_currency", sa.BigInteger(), nullable=False),
        sa.Column("credit_amount_currency", sa.BigInteger(), nullable=False),
        sa.Column("max_date", sa.Date(), nullable=False),
        sa.Column(
            "full_reconciliation_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "exchange_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id", "credit_item_id"],
            ["journal_items.company_id", "journal_items.id"],
            name=op.f("fk_partial_reconciliations_credit_item_id_journal_items"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "debit_item_id"],
            ["journal_items.company_id", "journal_items.id"],
            name=op.f("fk_partial_reconciliations_debit_item_id_journal_items"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "exchange_entry_id"],
            ["journal_entries.company_id", "journal_entries.id"],
            name=op.f("fk_partial_reconciliations_exchange_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "full_reconciliation_id"],
            ["full_reconciliations.company_id", "full_reconciliations.id"],
            name=op.f("fk_partial_reconciliations_full_reconciliation_id_full_reconciliations"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_partial_reconciliations_company_id_companies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("company_id", "id", name=op.f("pk_partial_reconciliations")),
    )
    op.create_index(
        "ix_partial_reconciliations_company_date",
        "partial_reconciliations",
        ["company_id", "max_date"],
        unique=False,
    )
    op.create_index(
        op.f("ix_partial_reconciliations_credit_item_id"),
        "partial_reconciliations",
        ["credit_item_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_partial_reconciliations_debit_item_id"),
        "partial_reconciliations",
        ["debit_item_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_partial_reconciliations_id"), "partial_reconciliations", ["id"], unique=False
    )
    _create_search_indexes()
    postgresql = op.get_context().dialect.name == "postgresql"
    _create_reference_triggers(postgresql)
    if postgresql:
        op.execute(IMMUTABLE_SQL)
        op.execute(FILLFACTOR_SQL)


def downgrade() -> None:
    postgresql = op.get_context().dialect.name == "postgresql"
    if postgresql:
        op.execute(DROP_TRIGGERS_SQL)
    _drop_reference_triggers(postgresql)
    _drop_search_indexes()
    op.drop_index(op.f("ix_partial_reconciliations_id"), table_name="partial_reconciliations")
    op.drop_index(
        op.f("ix_partial_reconciliations_debit_item_id"), table_name="partial_reconciliations"
    )
    op.drop_index(
        op.f("ix_partial_reconciliations_credit_item_id"), table_name="partial_reconciliations"
    )
    op.drop_index("ix_partial_reconciliations_company_date", table_name="partial_reconciliations")
    op.drop_table("partial_reconciliations")
    op.drop_index(op.f("ix_journal_item_taxes_item_id"), table_name="journal_item_taxes")
    op.drop_table("journal_item_taxes")
    op.drop_index(op.f("ix_invoice_line_taxes_line_id"), table_name="invoice_line_taxes")
    op.drop_table("invoice_line_taxes")
    op.drop_index(op.f("ix_followup_disputes_id"), table_name="followup_disputes")
    op.drop_table("followup_disputes")
    op.drop_index("ix_statement_lines_statement", table_name="statement_lines")
    op.drop_index("ix_statement_lines_journal_transaction", table_name="statement_lines")
    op.drop_index(op.f("ix_statement_lines_id"), table_name="statement_lines")
    op.drop_index("ix_statement_lines_company_journal_date", table_name="statement_lines")
    op.drop_table("statement_lines")
    op.drop_index(op.f("ix_should_be_paid_changes_invoice_id"), table_name="should_be_paid_changes")
    op.drop_index(op.f("ix_should_be_paid_changes_id"), table_name="should_be_paid_changes")
    op.drop_table("should_be_paid_changes")
    op.drop_index(op.f("ix_recurring_occurrences_template_id"), table_name="recurring_occurrences")
    op.drop_index(op.f("ix_recurring_occurrences_invoice_id"), table_name="recurring_occurrences")
    op.drop_index(op.f("ix_recurring_occurrences_id"), table_name="recurring_occurrences")
    op.drop_table("recurring_occurrences")
    op.drop_index("ix_journal_items_partner", table_name="journal_items")
    op.drop_index("ix_journal_items_open", table_name="journal_items")
    op.drop_index("ix_journal_items_journal_date", table_name="journal_items")
    op.drop_index(op.f("ix_journal_items_id"), table_name="journal_items")
    op.drop_index(op.f("ix_journal_items_full_reconciliation_id"), table_name="journal_items")
    op.drop_index(op.f("ix_journal_items_entry_id"), table_name="journal_items")
    op.drop_index("ix_journal_items_account_date", table_name="journal_items")
    op.drop_table("journal_items")
    op.drop_index(op.f("ix_invoice_lines_origin_line_id"), table_name="invoice_lines")
    op.drop_index(op.f("ix_invoice_lines_invoice_id"), table_name="invoice_lines")
    op.drop_index(op.f("ix_invoice_lines_id"), table_name="invoice_lines")
    op.drop_table("invoice_lines")
    op.drop_index(op.f("ix_bill_imports_sha256"), table_name="bill_imports")
    op.drop_index(op.f("ix_bill_imports_id"), table_name="bill_imports")
    op.drop_table("bill_imports")
    op.drop_index(
        op.f("ix_recurring_invoice_lines_template_id"), table_name="recurring_invoice_lines"
    )
    op.drop_index(op.f("ix_recurring_invoice_lines_id"), table_name="recurring_invoice_lines")
    op.drop_table("recurring_invoice_lines")
    op.drop_index(op.f("ix_payments_id"), table_name="payments")
    op.drop_index("ix_payments_entry_id", table_name="payments")
    op.drop_index("ix_payments_company_partner", table_name="payments")
    op.drop_index("ix_payments_company_amount", table_name="payments")
    op.drop_table("payments")
    op.drop_index(op.f("ix_invoices_id"), table_name="invoices")
    op.drop_index("ix_invoices_entry_id", table_name="invoices")
    op.drop_index("ix_invoices_company_type_state", table_name="invoices")
    op.drop_index("ix_invoices_company_partner", table_name="invoices")
    op.drop_index("ix_invoices_company_number", table_name="invoices")
    op.drop_index("ix_invoices_company_amount", table_name="invoices")
    op.drop_table("invoices")
    op.drop_index(op.f("ix_full_reconciliations_id"), table_name="full_reconciliations")
    op.drop_table("full_reconciliations")
    op.drop_index(op.f("ix_sequences_id"), table_name="sequences")
    op.drop_table("sequences")
    op.drop_index(op.f("ix_sale_line_taxes_line_id"), table_name="sale_line_taxes")
    op.drop_table("sale_line_taxes")
    op.drop_index(op.f("ix_recurring_invoices_id"), table_name="recurring_invoices")
    op.drop_table("recurring_invoices")
    op.drop_index(op.f("ix_reconciliation_rules_id"), table_name="reconciliation_rules")
    op.drop_table("reconciliation_rules")
    op.drop_index(op.f("ix_receipt_lines_receipt_id"), table_name="receipt_lines")
    op.drop_index(op.f("ix_receipt_lines_order_line_id"), table_name="receipt_lines")
    op.drop_index(op.f("ix_receipt_lines_id"), table_name="receipt_lines")
    op.drop_table("receipt_lines")
    op.drop_index(op.f("ix_purchase_line_taxes_line_id"), table_name="purchase_line_taxes")
    op.drop_table("purchase_line_taxes")
    op.drop_index("ix_journal_entries_payment", table_name="journal_entries")
    op.drop_index(op.f("ix_journal_entries_id"), table_name="journal_entries")
    op.drop_index("ix_journal_entries_company_number", table_name="journal_entries")
    op.drop_index("ix_journal_entries_company_date", table_name="journal_entries")
    op.drop_table("journal_entries")
    op.drop_index(op.f("ix_delivery_lines_order_line_id"), table_name="delivery_lines")
    op.drop_index(op.f("ix_delivery_lines_id"), table_name="delivery_lines")
    op.drop_index(op.f("ix_delivery_lines_delivery_id"), table_name="delivery_lines")
    op.drop_table("delivery_lines")
    op.drop_index(op.f("ix_csv_profiles_id"), table_name="csv_profiles")
    op.drop_table("csv_profiles")
    op.drop_index("ix_bank_statements_journal_identity", table_name="bank_statements")
    op.drop_index(op.f("ix_bank_statements_id"), table_name="bank_statements")
    op.drop_index("ix_bank_statements_company_journal", table_name="bank_statements")
    op.drop_table("bank_statements")
    op.drop_index(op.f("ix_sale_order_lines_order_id"), table_name="sale_order_lines")
    op.drop_index(op.f("ix_sale_order_lines_id"), table_name="sale_order_lines")
    op.drop_table("sale_order_lines")
    op.drop_index(op.f("ix_receipts_order_id"), table_name="receipts")
    op.drop_index(op.f("ix_receipts_id"), table_name="receipts")
    op.drop_table("receipts")
    op.drop_index(op.f("ix_purchase_order_lines_order_id"), table_name="purchase_order_lines")
    op.drop_index(op.f("ix_purchase_order_lines_id"), table_name="purchase_order_lines")
    op.drop_table("purchase_order_lines")
    op.drop_index(op.f("ix_journals_id"), table_name="journals")
    op.drop_table("journals")
    op.drop_index(op.f("ix_deliveries_order_id"), table_name="deliveries")
    op.drop_index(op.f("ix_deliveries_id"), table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_index(op.f("ix_sale_orders_id"), table_name="sale_orders")
    op.drop_index("ix_sale_orders_company_state", table_name="sale_orders")
    op.drop_table("sale_orders")
    op.drop_index(op.f("ix_purchase_orders_id"), table_name="purchase_orders")
    op.drop_index("ix_purchase_orders_company_state", table_name="purchase_orders")
    op.drop_table("purchase_orders")
    op.drop_index(op.f("ix_partner_contacts_partner_id"), table_name="partner_contacts")
    op.drop_index(op.f("ix_partner_contacts_id"), table_name="partner_contacts")
    op.drop_table("partner_contacts")
    op.drop_index(op.f("ix_followup_holds_id"), table_name="followup_holds")
    op.drop_table("followup_holds")
    op.drop_index(op.f("ix_followup_history_partner_id"), table_name="followup_history")
    op.drop_index(op.f("ix_followup_history_id"), table_name="followup_history")
    op.drop_table("followup_history")
    op.drop_index(op.f("ix_bank_accounts_id"), table_name="bank_accounts")
    op.drop_index("ix_bank_accounts_company_partner", table_name="bank_accounts")
    op.drop_table("bank_accounts")
    op.drop_index(op.f("ix_tax_report_lines_tax_id"), table_name="tax_report_lines")
    op.drop_index(op.f("ix_tax_report_lines_id"), table_name="tax_report_lines")
    op.drop_table("tax_report_lines")
    op.drop_index(op.f("ix_product_taxes_product_id"), table_name="product_taxes")
    op.drop_table("product_taxes")
    op.drop_index(op.f("ix_partners_name"), table_name="partners")
    op.drop_index(op.f("ix_partners_id"), table_name="partners")
    op.drop_table("partners")
    op.drop_index(op.f("ix_taxes_id"), table_name="taxes")
    op.drop_table("taxes")
    op.drop_index(op.f("ix_products_id"), table_name="products")
    op.drop_table("products")
    op.drop_index(op.f("ix_payment_terms_id"), table_name="payment_terms")
    op.drop_table("payment_terms")
    op.drop_index(op.f("ix_accounting_settings_id"), table_name="accounting_settings")
    op.drop_table("accounting_settings")
    op.drop_index(op.f("ix_web_sessions_user_id"), table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_index(op.f("ix_tax_report_boxes_id"), table_name="tax_report_boxes")
    op.drop_table("tax_report_boxes")
    op.drop_index(op.f("ix_purchase_settings_id"), table_name="purchase_settings")
    op.drop_table("purchase_settings")
    op.drop_index(op.f("ix_memberships_user_id"), table_name="memberships")
    op.drop_index(op.f("ix_memberships_id"), table_name="memberships")
    op.drop_table("memberships")
    op.drop_index(op.f("ix_idempotency_keys_id"), table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_index(op.f("ix_followup_levels_id"), table_name="followup_levels")
    op.drop_table("followup_levels")
    op.drop_index(op.f("ix_fiscal_years_id"), table_name="fiscal_years")
    op.drop_table("fiscal_years")
    op.drop_index(op.f("ix_currency_rates_id"), table_name="currency_rates")
    op.drop_table("currency_rates")
    op.drop_index(op.f("ix_currencies_id"), table_name="currencies")
    op.drop_table("currencies")
    op.drop_index(op.f("ix_audit_events_id"), table_name="audit_events")
    op.drop_index("ix_audit_events_company_at", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index(op.f("ix_api_tokens_user_id"), table_name="api_tokens")
    op.drop_index(op.f("ix_api_tokens_token_hash"), table_name="api_tokens")
    op.drop_index(op.f("ix_api_tokens_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_index(op.f("ix_accounts_id"), table_name="accounts")
    op.drop_table("accounts")
    op.drop_table("users")
    op.drop_table("companies")
