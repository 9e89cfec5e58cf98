"""A change of one of the company's own bank accounts bumps ``companies.reference_version``.

Why (issue 23): posting a customer invoice in EUR or CHF reads the company's IBAN for the
invoice's currency (a QR-IBAN gives a QR reference instead of an RF one): one round trip per
invoice. With the company's accounts behind the version, the per-process reference cache
(``services.reference.cache``) keeps that IBAN, and a change made through any path, on any
worker, is seen by the next document, as for taxes and accounts (``0001_initial``).

Only the company's own accounts (``partner_id IS NULL``) bump it: a partner's account is
not reference data of the company's documents, and partners' accounts change often (imports,
e-invoices), which would empty the cache each time. An update that moves a row between the
two kinds bumps it.

Revision ID: 0004_bank_account_version
Revises: 0003_heap_only_closings
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_bank_account_version"
down_revision: str | None = "0003_heap_only_closings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE companies SET reference_version = reference_version + 1 WHERE id = {row}.company_id"
EVENTS = (
    ("insert", "INSERT", "NEW.partner_id IS NULL", ("NEW",)),
    ("update", "UPDATE", "OLD.partner_id IS NULL OR NEW.partner_id IS NULL", ("OLD", "NEW")),
    ("delete", "DELETE", "OLD.partner_id IS NULL", ("OLD",)),
)
"""(name, event, which rows are the company's own, the rows whose company is bumped)."""


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, event, own, rows in EVENTS:
        trigger = f"bank_accounts_reference_version_{name}"
        if postgresql:  # the function of 0001_initial bumps OLD's company, and NEW's on insert
            op.execute(
                f"CREATE TRIGGER {trigger} AFTER {event} ON bank_accounts FOR EACH ROW "
                f"WHEN ({own}) EXECUTE FUNCTION asiento_bump_reference_version()"
            )
            continue
        body = " ".join(f"{BUMP.format(row=r)};" for r in rows)
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON bank_accounts WHEN {own} BEGIN {body} END"
        )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, *_ in EVENTS:
        suffix = " ON bank_accounts" if postgresql else ""
        op.execute(f"DROP TRIGGER IF EXISTS bank_accounts_reference_version_{name}{suffix}")
