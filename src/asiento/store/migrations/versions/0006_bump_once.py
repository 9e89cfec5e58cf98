"""PostgreSQL bumps ``companies.reference_version`` once per transaction and company.

Why (issue 23): the reference triggers (``0001_initial``, ``0004_bank_account_version``,
``0005_product_version``) updated the company's row once per changed row. In one
transaction each such update leaves a new version of that one row which no one can prune
before the commit, and each next update reaches the live version through all of them: a
product import grew with the square of its rows (1,000 products 0.17 s, 4,000 0.87 s,
16,000 8.7 s; SQLite, which keeps no row versions, 0.72 s for 16,000).

One bump per transaction is all a reader can tell apart: the version is compared, never
counted, and the transaction's changes become visible together at its commit. The
transaction remembers its bump in a transaction-local setting (``set_config(..., true)``,
``SET LOCAL``), which PostgreSQL also undoes when a savepoint before it is rolled back,
together with the bump itself, so a later change in the same transaction bumps again.
Where one transaction writes through several connections (Citus may reach a worker's
shards by more than one), each remembers its own bumps: a bump more than needed, never one
less. SQLite's triggers are unchanged.

Revision ID: 0006_bump_once
Revises: 0005_product_version
Create Date: 2026-12-07
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0006_bump_once"
down_revision: str | None = "0005_product_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP_COMPANY = """
CREATE FUNCTION asiento_bump_company(company bigint) RETURNS void AS $$
BEGIN
    IF company IS NULL
       OR current_setting('asiento.reference_bumped_' || company, true) = 'yes' THEN
        RETURN;
    END IF;
    UPDATE companies SET reference_version = reference_version + 1 WHERE id = company;
    PERFORM set_config('asiento.reference_bumped_' || company, 'yes', true);
END $$ LANGUAGE plpgsql;
"""
"""Bump ``company`` unless this transaction already did (its own setting says so)."""

PRODUCT_COMPANY = "(SELECT company_id FROM products WHERE id = {row}.product_id)"
BUMP = "PERFORM asiento_bump_company"
ON_CHANGE = f"""
CREATE OR REPLACE FUNCTION asiento_bump_reference_version() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'product_taxes' THEN
        IF TG_OP <> 'INSERT' THEN {BUMP}({PRODUCT_COMPANY.format(row="OLD")}); END IF;
        IF TG_OP <> 'DELETE' THEN {BUMP}({PRODUCT_COMPANY.format(row="NEW")}); END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN {BUMP}(OLD.company_id); END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.company_id <> OLD.company_id) THEN
            {BUMP}(NEW.company_id);
        END IF;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
"""
"""The triggers' function of ``0001_initial``, each bump through ``asiento_bump_company``."""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(BUMP_COMPANY)
    op.execute(ON_CHANGE)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    initial = importlib.import_module("asiento.store.migrations.versions.0001_initial")
    op.execute(initial.PG_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    op.execute("DROP FUNCTION asiento_bump_company(bigint)")
