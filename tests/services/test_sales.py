"""Sales orders, deliveries, invoicing policies and wait-for-payment, on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.domain.errors import (
    NothingReceived,
    NothingToBill,
    OrderNotOpen,
    PaymentBeforeDelivery,
)
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.orders import sales
from asiento.services.orders.orders import MovementInput
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.builders.purchases import DAY, set_payment_state, so, stock

D = Decimal


def ship(
    uow: UnitOfWork, co: SeededCompany, order_id: int, *qty: str, kind: str = "delivery"
) -> None:
    view = sales.get_sales_order(uow, co.id, order_id)
    lines = tuple((line.id, D(q)) for line, q in zip(view.lines, qty, strict=False) if D(q))
    sales.deliver(uow, co.id, order_id, MovementInput(DAY, lines, kind=kind))


def test_wait_for_payment_from_order_to_delivery(uow: UnitOfWork, company: SeededCompany) -> None:
    co = stock(uow, company)
    order = so(uow, co, ("CHAIR", "2"), ("BOOK", "3"), wait_for_payment=True)
    confirmed = sales.confirm_sales_order(uow, co.id, order.id)
    assert confirmed.wait_for_payment is True
    (invoice_id,) = confirmed.invoice_ids
    invoice = invoices.get_invoice(uow, co.id, invoice_id)
    assert (invoice.kind, invoice.state, invoice.amount_total) == (
        "customer_invoice",
        "draft",
        D("490.93"),  # 298.00 + 62.58 + 118.50 + 11.85
    )
    assert confirmed.billing_status == "billed"
    before = row_counts(uow)
    with pytest.raises(
        PaymentBeforeDelivery, match=r"SO00001 waits for payment: invoice \d+ \(draft\)"
    ):
        ship(uow, co, order.id, "2", "3")
    posted = invoices.post_invoice(uow, co.id, invoice_id)
    with pytest.raises(
        PaymentBeforeDelivery,
        match=rf"invoice {posted.number} is not paid; deliver once it is paid",
    ):
        ship(uow, co, order.id, "2", "3")
    set_payment_state(uow, invoice_id, "partial")
    with pytest.raises(PaymentBeforeDelivery, match="is partial"):
        ship(uow, co, order.id, "2")
    assert row_counts(uow)["deliveries"] == before["deliveries"]
    set_payment_state(uow, invoice_id, "paid")
    ship(uow, co, order.id, "2", "3")
    view = sales.get_sales_order(uow, co.id, order.id)
    assert [line.moved for line in view.lines] == [D("2"), D("3")]
    with pytest.raises(NothingToBill, match="nothing left to bill"):
        sales.create_invoice(uow, co.id, order.id)


def test_company_setting_turns_wait_for_payment_on_by_default(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company, wait_for_payment=True)
    assert so(uow, co, ("CHAIR", "1")).wait_for_payment is True
    assert so(uow, co, ("CHAIR", "1"), wait_for_payment=False).wait_for_payment is False


def test_ordered_policy_invoices_the_ordered_quantities(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company)
    order = so(uow, co, ("DESK", "2"))
    assert sales.confirm_sales_order(uow, co.id, order.id).invoice_ids == ()
    invoice = sales.create_invoice(uow, co.id, order.id)
    assert [(li.quantity, li.price_unit) for li in invoice.lines] == [(D("2"), D("489.90"))]
    assert invoice.amount_total == D("1185.56")


def test_delivered_policy_invoices_what_was_delivered(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company, invoice_policy="delivered")
    order = so(uow, co, ("CHAIR", "5"))
    sales.confirm_sales_order(uow, co.id, order.id)
    before = row_counts(uow)
    with pytest.raises(NothingReceived, match="SO00001: nothing delivered yet"):
        sales.create_invoice(uow, co.id, order.id)
    assert row_counts(uow) == before
    ship(uow, co, order.id, "3")
    ship(uow, co, order.id, "1", kind="return")
    first = sales.create_invoice(uow, co.id, order.id)
    assert first.lines[0].quantity == D("2")
    ship(uow, co, order.id, "3")
    second = sales.create_invoice(uow, co.id, order.id)
    assert second.lines[0].quantity == D("3")
    assert sales.get_sales_order(uow, co.id, order.id).billing_status == "billed"
    assert [d.kind for d in sales.list_deliveries(uow, co.id, order.id)] == [
        "delivery",
        "return",
        "delivery",
    ]


def test_delivering_a_draft_order_is_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    co = stock(uow, company)
    order = so(uow, co, ("CHAIR", "5"))
    with pytest.raises(OrderNotOpen, match="sales order SO00001 is draft: it cannot be delivered"):
        ship(uow, co, order.id, "1")
