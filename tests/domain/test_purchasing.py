"""Pure bill control rules: line and order billing status, receipts, order life cycle, 3-way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain import purchasing as rules
from asiento.domain.errors import ExcessReturn, InvalidTransition, OrderNotOpen, OverReceipt
from asiento.domain.purchasing import LineBilling, order_status
from asiento.domain.three_way import (
    BillLineFacts,
    OrderLineFacts,
    match_bill,
    settle_should_be_paid,
)

D = Decimal
STATES = ("draft", "confirmed", "done", "cancelled")


@pytest.mark.parametrize(
    ("line", "status"),
    [
        (LineBilling(D(10), D(0), D(0), "received"), "nothing"),
        (LineBilling(D(10), D(4), D(0), "received"), "waiting"),
        (LineBilling(D(10), D(10), D(0), "received"), "waiting"),
        (LineBilling(D(10), D(4), D(4), "received"), "billed"),
        (LineBilling(D(10), D(10), D(10), "received"), "billed"),
        (LineBilling(D(10), D(0), D(0), "ordered"), "waiting"),
        (LineBilling(D(10), D(0), D(10), "ordered"), "billed"),
        (LineBilling(D(10), D(2), D(4), "received"), "billed"),  # returned after billing
    ],
)
def test_line_billing_status_follows_the_table(line: LineBilling, status: str) -> None:
    assert line.status == status


def test_quantity_to_bill_is_never_negative() -> None:
    assert LineBilling(D(10), D(2), D(4), "received").to_bill == D(0)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (("nothing", "waiting"), "waiting"),
        (("billed", "waiting"), "waiting"),
        (("billed", "nothing"), "billed"),
        (("nothing", "nothing"), "nothing"),
        (("billed", "billed"), "billed"),
    ],
)
def test_order_status_waiting_wins_then_billed(statuses: tuple[str, ...], expected: str) -> None:
    sample = {
        "nothing": LineBilling(D(1), D(0), D(0), "received"),
        "waiting": LineBilling(D(1), D(0), D(0), "ordered"),
        "billed": LineBilling(D(1), D(1), D(1), "received"),
    }
    assert order_status("confirmed", [sample[s] for s in statuses]) == expected
    assert order_status("draft", [sample[s] for s in statuses]) == "nothing"


@given(
    st.lists(
        st.tuples(
            st.integers(1, 50),
            st.integers(0, 60),
            st.integers(0, 60),
            st.sampled_from(["ordered", "received"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_order_is_waiting_exactly_when_some_line_has_something_to_bill(
    lines: list[tuple[int, int, int, str]],
) -> None:
    billing = [LineBilling(D(o), D(m), D(b), p) for o, m, b, p in lines]
    waiting = order_status("confirmed", billing) == "waiting"
    assert waiting == any(line.to_bill > 0 for line in billing)


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("target", STATES)
def test_every_order_transition_pair(current: str, target: str) -> None:
    allowed = (current, target) in {
        ("draft", "confirmed"),
        ("draft", "cancelled"),
        ("confirmed", "cancelled"),
        ("confirmed", "done"),
    }
    if allowed:
        rules.require_order_transition("purchase order P1", current, target)
    else:
        with pytest.raises(InvalidTransition, match=f"is {current}: it cannot become {target}"):
            rules.require_order_transition("purchase order P1", current, target)


def test_only_confirmed_orders_are_open() -> None:
    rules.require_open("purchase order", "P1", "confirmed", "received")
    with pytest.raises(OrderNotOpen, match="purchase order P1 is done: it cannot be billed"):
        rules.require_open("purchase order", "P1", "done", "billed")


def test_receipt_tolerance_bounds() -> None:
    rules.check_receipt("line 1", D(10), D(8), D(3), D(10))  # 11 <= 11
    with pytest.raises(
        OverReceipt, match=r"to 11.5, above the ordered 10 plus 10% tolerance \(11\)"
    ):
        rules.check_receipt("line 1", D(10), D(8), D("3.5"), D(10))
    with pytest.raises(ExcessReturn, match=r"cannot return 3, only 2\.5 received"):
        rules.check_return("line 1", D("2.5"), D(3))


ORDER = (
    OrderLineFacts(1, 100, D("82.50"), D(4), D(0), "received"),
    OrderLineFacts(2, 200, D("21.00"), D(0), D(0), "ordered"),
)


def bill_line(
    pos: int, product: int, qty: str, price: str, link: int | None = None
) -> BillLineFacts:
    return BillLineFacts(pos, product, f"P{product}", D(qty), D(price), link)


def test_matching_bill_is_yes() -> None:
    verdict = match_bill(
        [bill_line(1, 100, "4", "82.50", 1), bill_line(2, 200, "3", "21.00")], ORDER
    )
    assert verdict.status == "yes"


def test_ordered_policy_lines_are_not_held_to_receipts() -> None:
    assert match_bill([bill_line(1, 200, "9", "21.00")], ORDER).status == "yes"


def test_split_lines_add_up_against_the_received_quantity() -> None:
    verdict = match_bill([bill_line(1, 100, "3", "82.50"), bill_line(2, 100, "2", "82.50")], ORDER)
    assert verdict.reason == (
        "line 1 (P100): billed quantity 5 is above the received 4; "
        "line 2 (P100): billed quantity 5 is above the received 4"
    )


def test_every_discrepancy_is_named() -> None:
    verdict = match_bill(
        [
            bill_line(1, 100, "5", "80.00", 1),
            bill_line(2, 300, "1", "1.00"),
            bill_line(3, 200, "1", "21.00", 1),
        ],
        ORDER,
    )
    assert verdict.status == "exception"
    assert verdict.reason == (
        "line 1 (P100): unit price 80.00 differs from the order's 82.50; "
        "line 1 (P100): billed quantity 5 is above the received 4; "
        "line 2 (P300): product not on the purchase order"
    )


@pytest.mark.parametrize(
    ("payment_state", "status"), [("paid", "no"), ("in_payment", "no"), ("partial", "exception")]
)
def test_a_paid_bill_is_no(payment_state: str, status: str) -> None:
    verdict = match_bill([bill_line(1, 300, "1", "1")], ORDER)
    assert settle_should_be_paid(verdict, payment_state).status == status
