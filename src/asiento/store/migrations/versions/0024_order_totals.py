"""Stored totals of orders and recurring invoice templates, so their lists find them by amount.

- ``purchase_orders`` / ``sale_orders``: ``amount_untaxed`` and ``amount_total`` in minor
  units of the order currency (0 until computed), written with the lines from now on
  (``domain.order_totals``: the totals of the document that would bill the whole order);
- ``recurring_invoices``: ``amount_total`` and ``total_currency``, the total of the
  invoice the template produces (NULL until known), written at each save and run.

Existing rows are computed here with the same ``domain`` functions, from rows read with
plain SQL. A template's line left to its product takes the product's current price and
active sales taxes, as a run would; a template the totals refuse keeps NULL (saving or
running it refuses it too). This reading of stored rows is a snapshot of the rules of
this revision, kept here so that later changes to the services cannot change history.

Revision ID: 0024_order_totals
Revises: 0023_discount_entry_payment
Create Date: 2026-12-06 10:10:00
"""

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

import asiento.store.types
from asiento.domain.cash_discount import TaxTreatment
from asiento.domain.errors import AsientoError
from asiento.domain.invoice_totals import InvoiceDocument, InvoiceLine, compute_totals
from asiento.domain.order_totals import OrderLine, order_totals
from asiento.domain.payment_terms import PaymentTerm
from asiento.domain.taxes import TaxRule
from asiento.store.types import to_minor

revision: str = "0024_order_totals"
down_revision: str | None = "0023_discount_entry_payment"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXACT = asiento.store.types.ExactDecimal(length=64)
ORDERS = (
    ("purchase_orders", "purchase_order_lines", "purchase_line_taxes", "in_invoice"),
    ("sale_orders", "sale_order_lines", "sale_line_taxes", "out_invoice"),
)
TAXES = sa.table(
    "taxes",
    *(
        sa.column(c)
        for c in (
            "id",
            "name",
            "amount_type",
            "price_include",
            "include_base_amount",
            "tax_account_id",
            "base_account_id",
            "tax_group",
            "sequence",
            "company_id",
            "usage",
            "active",
        )
    ),
    sa.column("amount", EXACT),
)


def upgrade() -> None:
    for table, *_ in ORDERS:
        with op.batch_alter_table(table) as batch:
            for name in ("amount_untaxed", "amount_total"):
                batch.add_column(
                    sa.Column(name, sa.BigInteger(), nullable=False, server_default="0")
                )
    with op.batch_alter_table("recurring_invoices") as batch:
        batch.add_column(sa.Column("amount_total", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("total_currency", sa.String(3), nullable=True))
    conn = op.get_bind()
    rules = _tax_rules(conn)
    rounding: dict[int, Any] = dict(
        conn.execute(sa.text("SELECT id, tax_rounding FROM companies")).all()
    )
    for order in ORDERS:
        _backfill_orders(conn, *order, rules, rounding)
    _backfill_templates(conn, rules, rounding)


def _tax_rules(conn: Any) -> dict[int, TaxRule]:
    return {
        t.id: TaxRule(
            t.id,
            t.name,
            t.amount_type,
            t.amount,
            bool(t.price_include),
            t.tax_account_id,
            t.base_account_id,
            t.tax_group,
            t.sequence,
            bool(t.include_base_amount),
        )
        for t in conn.execute(sa.select(TAXES))
    }


def _taxes_by_line(conn: Any, table: str) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for line_id, tax_id in conn.execute(
        sa.text(f"SELECT line_id, tax_id FROM {table} ORDER BY line_id, tax_id")
    ):
        out.setdefault(line_id, []).append(tax_id)
    return out


def _backfill_orders(
    conn: Any,
    table: str,
    lines_table: str,
    taxes_table: str,
    move_type: Any,
    rules: dict[int, TaxRule],
    rounding: dict[int, Any],
) -> None:
    lines = sa.table(
        lines_table,
        sa.column("id"),
        sa.column("order_id"),
        sa.column("sequence"),
        sa.column("quantity", EXACT),
        sa.column("price_unit", EXACT),
    )
    taxes = _taxes_by_line(conn, taxes_table)
    by_order: dict[int, list[OrderLine]] = {}
    for line in conn.execute(sa.select(lines).order_by(lines.c.order_id, lines.c.sequence)):
        line_taxes = tuple(rules[t] for t in taxes.get(line.id, ()))
        by_order.setdefault(line.order_id, []).append(
            OrderLine(line.quantity, line.price_unit, line_taxes)
        )
    orders = sa.table(
        table,
        sa.column("id"),
        sa.column("company_id"),
        sa.column("currency"),
        sa.column("amount_untaxed"),
        sa.column("amount_total"),
    )
    for order in conn.execute(sa.select(orders.c.id, orders.c.company_id, orders.c.currency)):
        if order.id not in by_order:
            continue
        try:
            totals = order_totals(
                move_type, order.currency, by_order[order.id], rounding[order.company_id]
            )
        except AsientoError:
            continue
        conn.execute(
            orders.update()
            .where(orders.c.id == order.id)
            .values(
                amount_untaxed=to_minor(totals.untaxed.amount, order.currency),
                amount_total=to_minor(totals.total.amount, order.currency),
            )
        )


def _backfill_templates(conn: Any, rules: dict[int, TaxRule], rounding: dict[int, Any]) -> None:
    templates = conn.execute(
        sa.text(
            "SELECT t.id, t.company_id, coalesce(t.currency, c.currency) AS currency, "
            "coalesce(t.payment_term_id, p.customer_payment_term_id) AS term_id "
            "FROM recurring_invoices t JOIN companies c ON c.id = t.company_id "
            "JOIN partners p ON p.id = t.partner_id"
        )
    ).all()
    for template in templates:
        try:
            document = _template_document(conn, template, rules, rounding)
            total = to_minor(compute_totals(document).total.amount, template.currency)
        except (AsientoError, KeyError):
            continue
        conn.execute(
            sa.text(
                "UPDATE recurring_invoices SET amount_total = :total, "
                "total_currency = :currency WHERE id = :id"
            ),
            {"total": total, "currency": template.currency, "id": template.id},
        )


def _template_document(
    conn: Any, template: Any, rules: dict[int, TaxRule], rounding: dict[int, Any]
) -> InvoiceDocument:
    """The customer invoice the template produces, as ``invoice_drafts`` resolves its lines."""
    lines = sa.table(
        "recurring_invoice_lines",
        sa.column("template_id"),
        sa.column("sequence"),
        sa.column("id"),
        sa.column("product_id"),
        sa.column("tax_ids"),
        sa.column("quantity", EXACT),
        sa.column("price_unit", EXACT),
        sa.column("discount", EXACT),
    )
    products = sa.table("products", sa.column("id"), sa.column("sale_price", EXACT))
    rows = conn.execute(
        sa.select(lines, products.c.sale_price)
        .outerjoin(products, products.c.id == lines.c.product_id)
        .where(lines.c.template_id == template.id)
        .order_by(lines.c.sequence, lines.c.id)
    ).all()
    out = []
    for row in rows:
        price = row.price_unit if row.price_unit is not None else row.sale_price
        if price is None:
            raise KeyError("a line without a price")
        ids = _template_tax_ids(conn, row.tax_ids, row.product_id)
        out.append(
            InvoiceLine(
                "", row.quantity, price, 0, tuple(rules[t] for t in ids), row.discount or Decimal(0)
            )
        )
    return InvoiceDocument(
        "out_invoice",
        template.currency,
        template.currency,
        tuple(out),
        rounding[template.company_id],
        tax_base_discount=_term_discount(conn, template.term_id),
    )


def _template_tax_ids(conn: Any, stored: str | None, product_id: int | None) -> list[int]:
    """The line's own taxes, else its product's active sales taxes in their order."""
    if stored is not None:
        return [int(t) for t in stored.split(",") if t]
    if product_id is None:
        return []
    return list(
        conn.execute(
            sa.text(
                "SELECT x.id FROM product_taxes pt JOIN taxes x ON x.id = pt.tax_id "
                "WHERE pt.product_id = :p AND x.usage = 'sale' AND x.active ORDER BY x.sequence, x.id"
            ),
            {"p": product_id},
        ).scalars()
    )


def _term_discount(conn: Any, term_id: int | None) -> Decimal:
    """The cash discount percent taxes are computed without (``always_on_discounted_base``)."""
    if term_id is None:
        return Decimal(0)
    definition = conn.execute(
        sa.text("SELECT definition FROM payment_terms WHERE id = :id"), {"id": term_id}
    ).scalar()
    discount = PaymentTerm.from_dict(json.loads(definition)).discount if definition else None
    if discount is None or discount.tax_treatment is not TaxTreatment.ALWAYS_ON_DISCOUNTED_BASE:
        return Decimal(0)
    return discount.percent


def downgrade() -> None:
    """Plain ``DROP COLUMN`` (SQLite 3.35+ too): a batch copy of ``purchase_orders`` would drop
    the old table with foreign keys on, and its ``ON DELETE CASCADE`` lines with it."""
    op.drop_column("recurring_invoices", "total_currency")
    op.drop_column("recurring_invoices", "amount_total")
    for table, *_ in reversed(ORDERS):
        op.drop_column(table, "amount_total")
        op.drop_column(table, "amount_untaxed")
