"""Migration 0024 gives orders and recurring templates written before it their totals.

Documents are written through the services at head (which store their totals), the
database is taken back to 0023 (the columns dropped) and brought up again: the
migration's backfill must give every row the figures the services stored. Both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import Engine, text

from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.invoice_inputs import InvoiceLineInput
from asiento.services.orders import purchasing, sales
from asiento.services.orders.orders import OrderInput, OrderLineInput
from asiento.services.reference import partners
from asiento.store.migrate import alembic_config, upgrade
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import add_tax, customer
from tests.builders.recurring import monthly_template

D = Decimal
BEFORE = "0023_discount_entry_payment"
DAY = date(2026, 3, 2)
FIGURES = {
    "purchase_orders": "SELECT id, amount_untaxed, amount_total FROM purchase_orders",
    "sale_orders": "SELECT id, amount_untaxed, amount_total FROM sale_orders",
    "recurring_invoices": "SELECT id, amount_total, total_currency FROM recurring_invoices",
}


def _figures(engine: Engine) -> dict[str, set[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {k: {tuple(r) for r in conn.execute(text(sql))} for k, sql in FIGURES.items()}


@pytest.fixture
def back_to_head(engine: Engine) -> Iterator[None]:
    """Whatever the test does, the (shared PostgreSQL) database ends at head."""
    yield
    upgrade(engine)


def _downgrade(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def _write_documents(uow: UnitOfWork, company: SeededCompany) -> None:
    included = add_tax(uow, company, "VAT 21 incl", amount=D(21), price_include=True)
    vat_sale, vat_buy = company.taxes["VAT 21% sale"], company.taxes["VAT 21% purchase"]
    partner = customer(uow, company, "Acme Rockets", customer_payment_term_id=None)
    products = [
        partners.create_product(
            uow, company.id, tax_ids=taxes, code=code, name=code,
            sale_price=D(price), purchase_price=D(price),
        ).id
        for code, price, taxes in (
            ("A", "82.55", [vat_sale, vat_buy]), ("B", "121.00", [included]), ("C", "3.333", []),
        )
    ]  # fmt: skip
    lines = tuple(OrderLineInput(p, D(q)) for p, q in zip(products, ("3", "2", "7"), strict=True))
    order = OrderInput(partner_id=partner, order_date=DAY, lines=lines)
    sales.create_sales_order(uow, company.id, order)
    bought = OrderInput(partner_id=partner, order_date=DAY, lines=lines[::2])
    purchasing.create_purchase_order(uow, company.id, bought)
    from_product = InvoiceLineInput(product_id=products[0], quantity=D(2))  # product's price
    monthly_template(uow, company, partner, name="By product", lines=(from_product,))
    monthly_template(uow, company, partner, name="Priced", currency=None)


def test_the_backfill_gives_old_rows_the_totals_the_services_store(
    engine: Engine, uow: UnitOfWork, company: SeededCompany, back_to_head: None
) -> None:
    _write_documents(uow, company)
    stored = _figures(engine)
    # A 3 x 82.55 + VAT 21 %, B 2 x 121.00 VAT included, C 7 x 3.333: the bill's figures
    assert {r[1:] for r in stored["sale_orders"]} == {(47098, 56499)}
    assert {r[1:] for r in stored["purchase_orders"]} == {(27098, 32299)}
    assert {r[1:] for r in stored["recurring_invoices"]} == {(19977, "EUR"), (12100, "EUR")}
    _downgrade(engine, BEFORE)
    with engine.connect() as conn:
        columns = conn.execute(text("SELECT * FROM sale_orders")).keys()
        assert "amount_total" not in columns
        assert conn.execute(text("SELECT count(*) FROM sale_order_lines")).scalar() == 3
    upgrade(engine)
    assert _figures(engine) == stored
