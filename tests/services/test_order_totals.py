"""Stored totals of orders and recurring templates, and their lists found by amount (issue 21).

An order's untaxed amount and total are those of the bill (invoice) that would bill all
of it, stored with its lines; a template keeps the total of the invoice it produces,
from its last save or run. The lists find both by exact amount in their own currency.
SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from asiento.domain.commands.products import NewProduct, ProductChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import recurring_templates
from asiento.services.invoicing.invoice_inputs import InvoiceLineInput
from asiento.services.invoicing.recurring_run import run_recurring
from asiento.services.orders import order_cases, purchasing, sales
from asiento.services.orders.kinds import PURCHASE, SALES
from asiento.services.orders.orders import OrderInput, OrderLineInput
from asiento.services.reference import products
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import add_tax, customer, line
from tests.builders.recurring import monthly_template, template_input

D = Decimal
DAY = date(2026, 3, 2)


def _product(uow: UnitOfWork, company: SeededCompany, code: str, price: str, *taxes: int) -> int:
    return products.create_product(
        uow, company.id, NewProduct(tax_ids=taxes, code=code, name=code,
        sale_price=D(price), purchase_price=D(price)),
    ).id  # fmt: skip


def _order_input(partner_id: int, *lines: tuple[int, str], ref: str = "") -> OrderInput:
    return OrderInput(
        partner_id=partner_id,
        order_date=DAY,
        lines=tuple(OrderLineInput(p, D(q)) for p, q in lines),
        ref=ref,
    )


def test_an_order_stores_the_totals_of_the_bill_that_bills_it(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    vat = company.taxes["VAT 21% purchase"]
    reduced = company.taxes["VAT 10% purchase"]
    supplier = customer(uow, company, "Wood Corner")
    chair = _product(uow, company, "CHAIR", "82.55", vat)
    desk = _product(uow, company, "DESK", "301.00", reduced)
    order = purchasing.create_purchase_order(
        uow, company.id, _order_input(supplier, (chair, "3"), (desk, "1"))
    )
    # 247.65 + 301.00 = 548.65 untaxed; VAT 52.01 (247.65 x 21 %) + 30.10
    assert (order.amount_untaxed, order.amount_total) == (D("548.65"), D("630.76"))
    again = order_cases.get_order(uow, PURCHASE, company.id, order.id)
    assert (again.amount_untaxed, again.amount_total) == (D("548.65"), D("630.76"))


def test_a_price_included_tax_is_taken_out_of_the_untaxed_amount(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    included = add_tax(uow, company, "VAT 21 incl", amount=D(21), price_include=True)
    buyer = customer(uow, company, "Smith")
    product = _product(uow, company, "BOOK", "121.00", included)
    order = sales.create_sales_order(uow, company.id, _order_input(buyer, (product, "2")))
    assert (order.amount_untaxed, order.amount_total) == (D("200.00"), D("242.00"))


def test_the_orders_lists_find_an_order_by_its_total(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company, "Acme Rockets")
    taxed = _product(uow, company, "TAXED", "100.00", company.taxes["VAT 21% sale"])
    plain = _product(uow, company, "PLAIN", "121.00")
    first = sales.create_sales_order(uow, company.id, _order_input(partner, (taxed, "1")))
    second = sales.create_sales_order(uow, company.id, _order_input(partner, (plain, "1")))
    other = sales.create_sales_order(uow, company.id, _order_input(partner, (plain, "2")))

    def found(text: str) -> set[int]:
        return {o.id for o in order_cases.list_orders(uow, SALES, company.id, q=text).orders}

    assert found("121.00") == found("121") == found("121,00") == {first.id, second.id}
    assert found("242") == {other.id}
    assert found("100.00") == set()  # the untaxed amount of the first is not its total
    assert found("12100") == set()  # cents are no amount of EUR
    assert found("121.00") & {o.id for o in order_cases.list_orders(
        uow, PURCHASE, company.id, q="121.00").orders} == set()  # fmt: skip


def test_a_template_keeps_the_total_of_the_invoice_it_produces(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company, "Subscriber SL")
    vat = company.taxes["VAT 21% sale"]
    product = _product(uow, company, "HOSTING", "50.00", vat)
    from_product = InvoiceLineInput(product_id=product, quantity=D(2))  # price, taxes: product's
    template = monthly_template(uow, company, partner, lines=(from_product,))
    assert (template.amount_total, template.total_currency) == (D("121.00"), "EUR")

    def found(text: str) -> set[int]:
        return {t.id for t in recurring_templates.list_templates(uow, company.id, q=text)}

    assert found("121.00") == {template.id}
    assert found("100.00") == set()
    products.update_product(uow, company.id, product, ProductChanges(sale_price=D("60.00")))
    assert found("121.00") == {template.id}  # a price change shows at the next run or save
    run_recurring(uow, company.id, date(2026, 1, 31), template.id)
    assert found("145.20") == {template.id} and found("121.00") == set()
    data = template_input(company, partner, lines=(line("10.00", "1", vat),))
    recurring_templates.update_template(uow, company.id, template.id, data)
    assert found("12.10") == {template.id} and found("145.20") == set()
