"""3-way matching: a vendor bill against its purchase order and receipts.

"Should Be Paid" is the verdict on a vendor bill:

- ``yes``: the bill matches what was ordered and received (a bill created
  from a purchase order starts here: something was necessarily received);
- ``exception``: a bill line asks for more than was received, at a unit price
  other than the order's, or for a product that is not on the order. The edit
  that caused it is allowed; ``reason`` says exactly what differs;
- ``no``: the bill is paid (nothing more to pay).

Matching is effective only for the received-quantities policy: under the
ordered-quantities policy the goods may legitimately be billed before they
arrive, so a line of such a product is checked for price and product only.

Invariants:
    - ``match_bill`` is pure and total: every bill line yields zero or more
      discrepancies, each naming the line (1-based, as printed) and the figures.
    - a paid bill is ``no`` whatever its lines say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal, get_args

from asiento.domain.errors import InvalidInput

ShouldBePaidStatus = Literal["yes", "exception", "no"]
SHOULD_BE_PAID: Final = frozenset(get_args(ShouldBePaidStatus))
PAID_STATES: Final = frozenset({"paid", "in_payment"})


@dataclass(frozen=True, slots=True)
class OrderLineFacts:
    """One purchase order line as the matching sees it (all its bills counted together)."""

    line_id: int
    product_id: int | None
    price_unit: Decimal
    received: Decimal
    billed_elsewhere: Decimal
    policy: str


@dataclass(frozen=True, slots=True)
class BillLineFacts:
    """One line of the bill being matched."""

    position: int
    product_id: int | None
    label: str
    quantity: Decimal
    price_unit: Decimal
    order_line_id: int | None


@dataclass(frozen=True, slots=True)
class ShouldBePaid:
    """The 3-way matching verdict on a vendor bill: its status and, in words, why."""

    status: ShouldBePaidStatus
    reason: str


def require_should_be_paid(value: str) -> ShouldBePaidStatus:
    if value not in SHOULD_BE_PAID:
        raise InvalidInput(
            f"should_be_paid {value!r} is not one of yes, exception, no", field="should_be_paid"
        )
    return value  # type: ignore[return-value]


def _line_problems(
    bill: BillLineFacts, order: Sequence[OrderLineFacts], billed_here: dict[int, Decimal]
) -> list[str]:
    where = f"line {bill.position} ({bill.label})" if bill.label else f"line {bill.position}"
    match = _order_line_for(bill, order)
    if match is None:
        return [f"{where}: product not on the purchase order"]
    problems = []
    if bill.price_unit != match.price_unit:
        problems.append(
            f"{where}: unit price {bill.price_unit} differs from the order's {match.price_unit}"
        )
    if match.policy == "received":
        total = match.billed_elsewhere + billed_here[match.line_id]
        if total > match.received:
            problems.append(
                f"{where}: billed quantity {total} is above the received {match.received}"
            )
    return problems


def _order_line_for(bill: BillLineFacts, order: Sequence[OrderLineFacts]) -> OrderLineFacts | None:
    """The order line a bill line stands for: its link when the product agrees, else the
    first order line of its product (an edit may have replaced the product or the link)."""
    for line in order:
        if line.line_id == bill.order_line_id and line.product_id == bill.product_id:
            return line
    return next((line for line in order if line.product_id == bill.product_id), None)


def match_bill(
    bill_lines: Sequence[BillLineFacts], order: Sequence[OrderLineFacts]
) -> ShouldBePaid:
    """``yes`` when every line matches the order and receipts, else ``exception`` with why.

    Quantities of several bill lines for one order line are added before the
    comparison with the received quantity.
    """
    billed_here: dict[int, Decimal] = {line.line_id: Decimal(0) for line in order}
    for bill in bill_lines:
        match = _order_line_for(bill, order)
        if match is not None:
            billed_here[match.line_id] += bill.quantity
    problems = [p for bill in bill_lines for p in _line_problems(bill, order, billed_here)]
    # a quantity problem shared by several lines of one order line is said once
    unique = list(dict.fromkeys(problems))
    if unique:
        return ShouldBePaid("exception", "; ".join(unique))
    return ShouldBePaid("yes", "matches the purchase order and receipts")


def settled_by_hand(manual: bool, payment_state: str) -> bool:
    """Whether the verdict as it stands was set by hand: never once payment overrode it."""
    return manual and payment_state not in PAID_STATES


def settle_should_be_paid(computed: ShouldBePaid, payment_state: str) -> ShouldBePaid:
    """A paid bill should not be paid again: ``no`` overrides the matching."""
    if payment_state in PAID_STATES:
        return ShouldBePaid("no", f"bill is {payment_state.replace('_', ' ')}")
    return computed
