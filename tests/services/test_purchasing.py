"""Purchase orders, receipts, bill control and the billing status table, on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asiento.domain.commands.products import ProductChanges
from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.domain.errors import (
    ExcessReturn,
    InvalidInput,
    InvalidTransition,
    MissingExpenseAccount,
    NoInvoiceLines,
    NothingReceived,
    NothingToBill,
    OrderNotOpen,
    OverReceipt,
)
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.orders import purchasing
from asiento.services.orders.orders import MovementInput, OrderInput, OrderLineInput
from asiento.services.orders.purchase_bills import create_bill
from asiento.services.reference import products
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.builders.purchases import DAY, po, receive, stock

D = Decimal


@pytest.fixture
def received_co(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    return stock(uow, company, bill_policy="received")


@pytest.fixture
def ordered_co(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    return stock(uow, company)


def status(uow: UnitOfWork, company: SeededCompany, order_id: int) -> str:
    return purchasing.get_purchase_order(uow, company.id, order_id).billing_status


# --- the billing status table, received-quantities policy ---------------------


def test_received_policy_confirmed_nothing_received_is_nothing_to_bill(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"))
    assert order.billing_status == "nothing"
    assert order.billing_status_label == "Nothing to Bill"
    assert order.lines[0].policy == "received"


def test_received_policy_some_received_no_bill_is_waiting_bills(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"), ("DESK", "2"))
    receive(uow, received_co, order, "4")
    view = purchasing.get_purchase_order(uow, received_co.id, order.id)
    assert view.billing_status == "waiting"
    assert [(li.moved, li.to_bill) for li in view.lines] == [(D("4"), D("4")), (D(0), D(0))]


def test_received_policy_all_received_no_bill_is_waiting_bills(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"))
    receive(uow, received_co, order, "10")
    assert status(uow, received_co, order.id) == "waiting"


def test_received_policy_some_received_draft_bill_is_fully_billed(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"), ("DESK", "2"))
    receive(uow, received_co, order, "4")
    bill = create_bill(uow, received_co.id, order.id)
    assert bill.state == "draft"
    assert [(li.quantity, li.price_unit) for li in bill.lines] == [(D("4"), D("82.50"))]
    assert bill.amount_untaxed == D("330.00")
    assert bill.amount_total == D("399.30")
    assert status(uow, received_co, order.id) == "billed"


def test_received_policy_all_received_draft_bill_is_fully_billed(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"))
    receive(uow, received_co, order, "10")
    create_bill(uow, received_co.id, order.id)
    view = purchasing.get_purchase_order(uow, received_co.id, order.id)
    assert view.billing_status_label == "Fully Billed"
    assert view.lines[0].billed == D("10")
    assert len(view.invoice_ids) == 1


# --- the billing status table, ordered-quantities policy ----------------------


def test_ordered_policy_confirmed_is_waiting_bills(
    uow: UnitOfWork, ordered_co: SeededCompany
) -> None:
    order = po(uow, ordered_co, ("CHAIR", "10"))
    assert order.billing_status == "waiting"
    assert order.lines[0].to_bill == D("10")


def test_ordered_policy_draft_bill_created_is_fully_billed(
    uow: UnitOfWork, ordered_co: SeededCompany
) -> None:
    order = po(uow, ordered_co, ("CHAIR", "10"), ("DESK", "1", "299.99"))
    bill = create_bill(uow, ordered_co.id, order.id)
    assert [(li.quantity, li.price_unit) for li in bill.lines] == [
        (D("10"), D("82.50")),
        (D("1"), D("299.99")),
    ]
    assert bill.amount_untaxed == D("1124.99")
    assert status(uow, ordered_co, order.id) == "billed"


def test_draft_and_cancelled_orders_have_nothing_to_bill(
    uow: UnitOfWork, ordered_co: SeededCompany
) -> None:
    draft = po(uow, ordered_co, ("CHAIR", "1"), confirm=False)
    assert draft.billing_status == "nothing"
    cancelled = purchasing.cancel_purchase_order(uow, ordered_co.id, draft.id)
    assert (cancelled.state, cancelled.billing_status) == ("cancelled", "nothing")


def test_mixed_policies_waiting_line_wins_then_a_bill_makes_the_order_fully_billed(
    uow: UnitOfWork, ordered_co: SeededCompany
) -> None:
    products.update_product(
        uow, ordered_co.id, ordered_co.products["DESK"], ProductChanges(bill_policy="received")
    )
    order = po(uow, ordered_co, ("CHAIR", "3"), ("DESK", "2"))
    assert [li.billing_status for li in order.lines] == ["waiting", "nothing"]
    assert order.billing_status == "waiting"
    create_bill(uow, ordered_co.id, order.id)
    view = purchasing.get_purchase_order(uow, ordered_co.id, order.id)
    assert [li.billing_status for li in view.lines] == ["billed", "nothing"]
    assert view.billing_status == "billed"
    receive(uow, ordered_co, order, "0", "2")
    assert status(uow, ordered_co, order.id) == "waiting"


# --- bill control ---------------------------------------------------------------


def test_billing_with_nothing_received_is_refused_and_changes_nothing(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"))
    before = row_counts(uow)
    with pytest.raises(NothingReceived, match=r"PO00001: nothing received yet"):
        create_bill(uow, received_co.id, order.id)
    assert row_counts(uow) == before


def test_billing_a_fully_billed_order_is_an_invalid_operation(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"))
    receive(uow, received_co, order, "10")
    create_bill(uow, received_co.id, order.id)
    before = row_counts(uow)
    with pytest.raises(NothingToBill) as err:
        create_bill(uow, received_co.id, order.id)
    assert err.value.message == "Invalid Operation: nothing left to bill on this order"
    assert err.value.status == 409
    assert row_counts(uow) == before


def test_partial_receipt_bill_second_receipt_second_bill(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"), ("BOOK", "5"))
    receive(uow, received_co, order, "4", "5")
    first = create_bill(uow, received_co.id, order.id)
    assert [li.quantity for li in first.lines] == [D("4"), D("5")]
    assert first.amount_total == D("514.80")  # 330.00 + 69.30 VAT 21% + 105.00 + 10.50 VAT 10%
    receive(uow, received_co, order, "6")
    assert status(uow, received_co, order.id) == "waiting"
    second = create_bill(uow, received_co.id, order.id)
    assert [(li.quantity, li.description) for li in second.lines] == [(D("6"), "Office chair")]
    assert second.amount_total == D("598.95")
    view = purchasing.get_purchase_order(uow, received_co.id, order.id)
    assert [li.billed for li in view.lines] == [D("10"), D("5")]
    assert view.invoice_ids == (first.id, second.id)
    assert view.billing_status == "billed"


def test_a_deleted_draft_bill_gives_its_quantities_back(
    uow: UnitOfWork, received_co: SeededCompany
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"))
    receive(uow, received_co, order, "3")
    bill = create_bill(uow, received_co.id, order.id)
    invoices.delete_invoice(uow, received_co.id, bill.id)
    view = purchasing.get_purchase_order(uow, received_co.id, order.id)
    assert (view.lines[0].billed, view.billing_status) == (D(0), "waiting")


def test_returns_lower_the_received_quantity(uow: UnitOfWork, received_co: SeededCompany) -> None:
    order = po(uow, received_co, ("CHAIR", "10"))
    receive(uow, received_co, order, "6")
    receive(uow, received_co, order, "2", kind="return")
    view = purchasing.get_purchase_order(uow, received_co.id, order.id)
    assert view.lines[0].moved == D("4")
    assert [(r.kind, r.lines[0][1]) for r in purchasing.list_receipts(uow, received_co.id)] == [
        ("receipt", D("6")),
        ("return", D("-2")),
    ]
    bill = create_bill(uow, received_co.id, order.id)
    assert bill.lines[0].quantity == D("4")


def test_over_receipt_is_accepted_within_the_tolerance(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company, bill_policy="received", receipt_tolerance_pct=D("10"))
    order = po(uow, co, ("CHAIR", "10"))
    receive(uow, co, order, "11")
    assert purchasing.get_purchase_order(uow, co.id, order.id).lines[0].moved == D("11")
    before = row_counts(uow)
    with pytest.raises(OverReceipt, match=r"line 1 \(Office chair\): receiving 0.5 brings"):
        receive(uow, co, order, "0.5")
    assert row_counts(uow) == before


@pytest.mark.parametrize(
    ("qty", "kind", "error", "message"),
    [
        ("11", "receipt", OverReceipt, r"above the ordered 10 plus 0% tolerance \(10\)"),
        ("-1", "receipt", InvalidInput, r"lines\[0\].quantity: quantity must be positive"),
        ("0", "receipt", InvalidInput, r"quantity must be positive, got 0"),
        ("3", "return", ExcessReturn, r"cannot return 3, only 2 received"),
    ],
)
def test_bad_receipts_are_refused_and_change_nothing(
    uow: UnitOfWork,
    received_co: SeededCompany,
    qty: str,
    kind: str,
    error: type[Exception],
    message: str,
) -> None:
    order = po(uow, received_co, ("CHAIR", "10"))
    receive(uow, received_co, order, "2")
    before = row_counts(uow)
    cmd = MovementInput(DAY, ((order.lines[0].id, D(qty)),), kind=kind)
    with pytest.raises(error, match=message):
        purchasing.receive(uow, received_co.id, order.id, cmd)
    assert row_counts(uow) == before


def test_receiving_on_a_draft_order_is_refused(uow: UnitOfWork, received_co: SeededCompany) -> None:
    order = po(uow, received_co, ("CHAIR", "10"), confirm=False)
    with pytest.raises(
        OrderNotOpen, match="purchase order PO00001 is draft: it cannot be received"
    ):
        receive(uow, received_co, order, "1")


def test_billing_a_cancelled_order_is_refused_and_changes_nothing(
    uow: UnitOfWork, ordered_co: SeededCompany
) -> None:
    order = po(uow, ordered_co, ("CHAIR", "10"))
    purchasing.cancel_purchase_order(uow, ordered_co.id, order.id)
    before = row_counts(uow)
    with pytest.raises(
        OrderNotOpen, match="purchase order PO00001 is cancelled: it cannot be billed"
    ):
        create_bill(uow, ordered_co.id, order.id)
    assert row_counts(uow) == before


def test_a_product_without_expense_account_cannot_be_billed(
    uow: UnitOfWork, ordered_co: SeededCompany
) -> None:
    products.update_product(
        uow, ordered_co.id, ordered_co.products["DESK"], ProductChanges(expense_account_id=None)
    )
    order = po(uow, ordered_co, ("CHAIR", "1"), ("DESK", "1"))
    before = row_counts(uow)
    with pytest.raises(
        MissingExpenseAccount,
        match=r"line 2 \(Standing desk\): product DESK has no purchase \(expense\) account",
    ):
        create_bill(uow, ordered_co.id, order.id)
    assert row_counts(uow) == before


def test_negative_ordered_quantity_is_refused_and_changes_nothing(
    uow: UnitOfWork, ordered_co: SeededCompany
) -> None:
    before = row_counts(uow)
    cmd = OrderInput(
        ordered_co.partners["Wood Corner"],
        DAY,
        (
            OrderLineInput(ordered_co.products["CHAIR"], D("2")),
            OrderLineInput(ordered_co.products["DESK"], D("-1")),
        ),
    )
    with pytest.raises(InvalidInput, match=r"lines\[1\].quantity: quantity must be positive"):
        purchasing.create_purchase_order(uow, ordered_co.id, cmd)
    with pytest.raises(NoInvoiceLines):
        purchasing.create_purchase_order(uow, ordered_co.id, OrderInput(cmd.partner_id, DAY, ()))
    assert row_counts(uow) == before


def test_order_life_cycle_transitions(uow: UnitOfWork, ordered_co: SeededCompany) -> None:
    order = po(uow, ordered_co, ("CHAIR", "1"))
    assert order.name == "PO00001"
    with pytest.raises(InvalidTransition, match="is confirmed: it cannot become confirmed"):
        purchasing.confirm_purchase_order(uow, ordered_co.id, order.id)
    done = purchasing.mark_purchase_order_done(uow, ordered_co.id, order.id)
    assert done.state == "done"
    with pytest.raises(InvalidTransition, match="is done: it cannot become cancelled"):
        purchasing.cancel_purchase_order(uow, ordered_co.id, order.id)


def test_a_received_order_cannot_be_cancelled(uow: UnitOfWork, received_co: SeededCompany) -> None:
    order = po(uow, received_co, ("CHAIR", "5"))
    receive(uow, received_co, order, "1")
    with pytest.raises(InvalidTransition, match="line 1 has 1 moved and 0 billed"):
        purchasing.cancel_purchase_order(uow, received_co.id, order.id)


def test_three_way_matching_needs_the_received_policy(
    uow: UnitOfWork, ordered_co: SeededCompany
) -> None:
    from asiento.services.orders.purchase_settings import get_settings, update_settings

    with pytest.raises(InvalidInput, match="so bills must follow received quantities"):
        update_settings(uow, ordered_co.id, SettingsChanges(three_way_matching=True))
    assert get_settings(uow, ordered_co.id).three_way_matching is False
