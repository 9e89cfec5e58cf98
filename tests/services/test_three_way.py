"""3-way matching: Should Be Paid through its transitions, on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.domain.errors import BillInException, InvalidInput
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_views import InvoiceView
from asiento.services.ledger.entries import company_of
from asiento.services.orders import purchasing
from asiento.services.orders.purchase_bills import create_bill
from asiento.services.orders.purchase_settings import update_settings
from asiento.services.orders.should_be_paid import (
    check_bill_payable,
    list_bills,
    set_should_be_paid,
    should_be_paid_history,
)
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.builders.purchases import DAY, po, receive, set_payment_state, stock

D = Decimal


@pytest.fixture
def matching(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    return stock(uow, company, bill_policy="received", three_way_matching=True)


def billed(uow: UnitOfWork, co: SeededCompany) -> InvoiceView:
    """PO of 10 chairs and 5 books, 4 chairs and 5 books received, billed."""
    order = po(uow, co, ("CHAIR", "10"), ("BOOK", "5"))
    receive(uow, co, order, "4", "5")
    return create_bill(uow, co.id, order.id, DAY)


def edit(
    uow: UnitOfWork, co: SeededCompany, bill: InvoiceView, **changes: tuple[str, str, str]
) -> None:
    """Rewrite the draft bill with (product, quantity, price) per line name."""
    lines = tuple(
        InvoiceLineInput(product_id=co.products[p], quantity=D(q), price_unit=D(u))
        for p, q, u in changes.values()
    )
    data = InvoiceInput("vendor_bill", bill.partner_id, lines, invoice_date=DAY)
    invoices.update_invoice(uow, co.id, bill.id, data)


def verdict(uow: UnitOfWork, co: SeededCompany, bill_id: int) -> tuple[str | None, str]:
    page = list_bills(uow, co.id)
    found = next(b for b in page.bills if b.id == bill_id)
    return found.should_be_paid, found.should_be_paid_reason


def test_a_bill_created_from_a_purchase_order_should_be_paid(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    bill = billed(uow, matching)
    assert verdict(uow, matching, bill.id) == ("yes", "created from purchase order PO00001")


def test_an_edit_that_still_matches_stays_yes(uow: UnitOfWork, matching: SeededCompany) -> None:
    bill = billed(uow, matching)
    edit(uow, matching, bill, a=("CHAIR", "3", "82.50"), b=("BOOK", "5", "21.00"))
    assert verdict(uow, matching, bill.id) == ("yes", "matches the purchase order and receipts")


def test_quantity_above_received_is_an_exception(uow: UnitOfWork, matching: SeededCompany) -> None:
    bill = billed(uow, matching)
    edit(uow, matching, bill, a=("CHAIR", "6", "82.50"), b=("BOOK", "5", "21.00"))
    assert verdict(uow, matching, bill.id) == (
        "exception",
        "line 1 (Office chair): billed quantity 6 is above the received 4",
    )
    # the edit is allowed: the bill holds the new quantity
    assert invoices.get_invoice(uow, matching.id, bill.id).lines[0].quantity == D("6")


def test_price_different_from_the_order_is_an_exception(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    bill = billed(uow, matching)
    edit(uow, matching, bill, a=("CHAIR", "4", "85.00"), b=("BOOK", "5", "21.00"))
    assert verdict(uow, matching, bill.id) == (
        "exception",
        "line 1 (Office chair): unit price 85.00 differs from the order's 82.50",
    )


def test_product_not_on_the_order_is_an_exception(uow: UnitOfWork, matching: SeededCompany) -> None:
    bill = billed(uow, matching)
    edit(
        uow,
        matching,
        bill,
        a=("CHAIR", "4", "82.50"),
        b=("BOOK", "5", "21.00"),
        c=("DESK", "1", "301.00"),
    )
    assert verdict(uow, matching, bill.id) == (
        "exception",
        "line 3 (Standing desk): product not on the purchase order",
    )


def test_back_to_a_matching_edit_returns_to_yes(uow: UnitOfWork, matching: SeededCompany) -> None:
    bill = billed(uow, matching)
    edit(uow, matching, bill, a=("CHAIR", "9", "82.50"))
    assert verdict(uow, matching, bill.id)[0] == "exception"
    edit(uow, matching, bill, a=("CHAIR", "4", "82.50"), b=("BOOK", "5", "21.00"))
    assert verdict(uow, matching, bill.id)[0] == "yes"
    history = should_be_paid_history(uow, matching.id, bill.id)
    assert [(h.old_value, h.new_value, h.manual) for h in history] == [
        (None, "yes", False),
        ("yes", "exception", False),
        ("exception", "yes", False),
    ]


def test_a_paid_bill_should_not_be_paid(uow: UnitOfWork, matching: SeededCompany) -> None:
    bill = billed(uow, matching)
    invoices.post_invoice(uow, matching.id, bill.id)
    assert [b.id for b in list_bills(uow, matching.id, to_pay=True).bills] == [bill.id]
    set_payment_state(uow, bill.id, "paid")
    assert verdict(uow, matching, bill.id) == ("no", "bill is paid")
    assert list_bills(uow, matching.id, to_pay=True).bills == []


def test_manual_override_is_recorded_with_who_and_when(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    bill = billed(uow, matching)
    edit(uow, matching, bill, a=("CHAIR", "4", "85.00"))
    view = set_should_be_paid(
        uow, matching.id, bill.id, "yes", "price rise agreed by phone", "maria"
    )
    assert (view.should_be_paid, view.should_be_paid_manual) == ("yes", True)
    last = should_be_paid_history(uow, matching.id, bill.id)[-1]
    assert (last.old_value, last.new_value, last.reason, last.manual, last.changed_by) == (
        "exception",
        "yes",
        "price rise agreed by phone",
        True,
        "maria",
    )
    assert last.changed_at is not None
    # a later edit does not undo the accountant's decision
    edit(uow, matching, bill, a=("CHAIR", "4", "86.00"))
    assert verdict(uow, matching, bill.id) == ("yes", "price rise agreed by phone")


def test_manual_override_needs_a_known_value_and_a_reason(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    bill = billed(uow, matching)
    before = row_counts(uow)
    with pytest.raises(InvalidInput, match="should_be_paid 'maybe' is not one of yes"):
        set_should_be_paid(uow, matching.id, bill.id, "maybe", "why not", "maria")
    with pytest.raises(InvalidInput, match="a reason is required"):
        set_should_be_paid(uow, matching.id, bill.id, "no", " ", "maria")
    assert row_counts(uow) == before


def test_bills_to_pay_lists_only_posted_unpaid_yes_bills(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    good = billed(uow, matching)
    invoices.post_invoice(uow, matching.id, good.id)
    order = po(uow, matching, ("DESK", "2"))
    receive(uow, matching, order, "2")
    odd = create_bill(uow, matching.id, order.id, DAY)
    edit(uow, matching, odd, a=("DESK", "2", "310.00"))
    invoices.post_invoice(uow, matching.id, odd.id)
    draft = billed(uow, matching)
    assert [b.id for b in list_bills(uow, matching.id, to_pay=True).bills] == [good.id]
    exceptions = list_bills(uow, matching.id, should_be_paid="exception").bills
    assert [b.id for b in exceptions] == [odd.id]
    assert {b.id for b in list_bills(uow, matching.id).bills} == {good.id, odd.id, draft.id}


def test_paying_a_bill_in_exception_can_be_blocked(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    bill = billed(uow, matching)
    edit(uow, matching, bill, a=("CHAIR", "5", "82.50"))
    with uow:
        s = uow.session
        check_bill_payable(s, company_of(s, matching.id), s.get(Invoice, bill.id))  # type: ignore[arg-type]
    update_settings(uow, matching.id, SettingsChanges(block_payment_on_exception=True))
    with uow:
        s = uow.session
        with pytest.raises(BillInException, match=r"is in exception \(line 1 \(Office chair\)"):
            check_bill_payable(s, company_of(s, matching.id), s.get(Invoice, bill.id))  # type: ignore[arg-type]


def test_without_matching_an_edited_bill_keeps_no_verdict(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company, bill_policy="received")
    bill = billed(uow, co)
    edit(uow, co, bill, a=("CHAIR", "9", "99.00"))
    assert verdict(uow, co, bill.id) == ("yes", "")
    order = purchasing.list_purchase_orders(uow, co.id).orders[0]
    assert (order.lines[0].billed, order.lines[1].billed) == (D("9"), D(0))


def test_registering_a_payment_for_a_blocked_bill_in_exception_is_refused(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    from datetime import date

    from asiento.services.invoicing.invoices import post_invoice
    from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
    from tests.builders.ledger import row_counts

    bill = billed(uow, matching)
    edit(uow, matching, bill, a=("CHAIR", "5", "82.50"))
    update_settings(uow, matching.id, SettingsChanges(block_payment_on_exception=True))
    post_invoice(uow, matching.id, bill.id)
    before = row_counts(uow)
    with pytest.raises(BillInException, match="blocks paying bills in exception"):
        register_payment(uow, matching.id, [bill.id], RegisterPaymentInput(date=date(2026, 3, 20)))
    assert row_counts(uow) == before


def test_goods_that_arrive_later_turn_a_posted_bill_in_exception_to_yes(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    order = po(uow, matching, ("CHAIR", "10"))
    receive(uow, matching, order, "4")
    bill = create_bill(uow, matching.id, order.id, DAY)
    edit(uow, matching, bill, a=("CHAIR", "10", "82.50"))
    invoices.post_invoice(uow, matching.id, bill.id)
    assert verdict(uow, matching, bill.id) == (
        "exception",
        "line 1 (Office chair): billed quantity 10 is above the received 4",
    )
    receive(uow, matching, order, "6")
    assert verdict(uow, matching, bill.id) == ("yes", "matches the purchase order and receipts")
    history = should_be_paid_history(uow, matching.id, bill.id)
    assert [(h.new_value, h.manual, h.changed_by) for h in history][-1] == ("yes", False, "system")


def test_a_paid_bill_set_by_hand_before_shows_no_not_set_by_hand(
    uow: UnitOfWork, matching: SeededCompany
) -> None:
    bill = billed(uow, matching)
    edit(uow, matching, bill, a=("CHAIR", "4", "85.00"))
    set_should_be_paid(uow, matching.id, bill.id, "yes", "price rise agreed", "maria")
    invoices.post_invoice(uow, matching.id, bill.id)
    set_payment_state(uow, bill.id, "paid")
    found = next(b for b in list_bills(uow, matching.id).bills if b.id == bill.id)
    assert (found.should_be_paid, found.should_be_paid_manual) == ("no", False)
    assert found.should_be_paid_reason == "bill is paid"
