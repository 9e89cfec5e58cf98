"""A change of one of the company's products bumps ``companies.reference_version``.

Why (issue 23): every invoice line names a product, and creating an invoice read the
products it names on every document (by code through the API, by id in the use case): one
round trip and an ORM load per request. Products change through their own screens, the API
and imports, rarely beside the invoices that name them. With the products behind the
version, the per-process reference cache (``services.reference.cache``) keeps their codes
and the facts a line's defaults take (name, prices, income and expense accounts), and a
change made through any path, on any worker, is seen by the next document, as for taxes,
accounts and the company's bank accounts (``0001_initial``, ``0004_bank_account_version``).

Any insert, update or delete of a product bumps its company: a product import of many
rows bumps it once per row, in the import's one transaction.

Revision ID: 0005_product_version
Revises: 0004_bank_account_version
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_product_version"
down_revision: str | None = "0004_bank_account_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE companies SET reference_version = reference_version + 1 WHERE id = {row}.company_id"
EVENTS = (("insert", "INSERT", ("NEW",)), ("update", "UPDATE", ("OLD", "NEW")),
          ("delete", "DELETE", ("OLD",)))  # fmt: skip
"""(name, event, the rows whose company is bumped on SQLite)."""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # the function of 0001_initial bumps OLD's company, and NEW's on insert or a move
        op.execute(
            "CREATE TRIGGER products_reference_version AFTER INSERT OR UPDATE OR DELETE "
            "ON products FOR EACH ROW EXECUTE FUNCTION asiento_bump_reference_version()"
        )
        return
    for name, event, rows in EVENTS:
        body = " ".join(f"{BUMP.format(row=r)};" for r in rows)
        op.execute(f"CREATE TRIGGER products_reference_version_{name} AFTER {event} ON products "
                   f"BEGIN {body} END")  # fmt: skip


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS products_reference_version ON products")
        return
    for name, *_ in EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS products_reference_version_{name}")
