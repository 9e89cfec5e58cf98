"""Purchase and sales orders: bill control, billing status and order state machines.

A purchase order line is billed by *policy*: ``ordered`` (bill what was
ordered, as soon as the order is confirmed) or ``received`` (bill only what
arrived). The company sets the default, a product may override it. The same
rule applies to sales order lines with ``ordered`` / ``delivered``.

Billing status of one line (``LineBilling``):

    ==================  ===========================================  ==========================
    status              received policy                              ordered policy
    ==================  ===========================================  ==========================
    ``nothing``         order confirmed, nothing received            does not apply
    ``waiting``         received > billed (bill not created)         ordered > billed
    ``billed``          received > 0 and billed >= received          billed >= ordered
    ==================  ===========================================  ==========================

Status of a whole order (lines of either policy): **Waiting Bills** as soon as
one line has a quantity to bill; otherwise **Fully Billed** once some quantity
was billed (a bill exists for the order); otherwise **Nothing to Bill**. The
status answers "is there something to bill now?", so a line calling for a bill
wins over every other line, and a received-policy line still waiting for its
goods does not hold back an order whose other lines are fully billed (the
table's "all or *some* products received; draft bill created"). A draft or
cancelled order is ``nothing``.

Invariants:
    - quantities are Decimals; an ordered quantity is positive; received and
      billed totals are never negative (a return cannot exceed what arrived).
    - the quantity to bill is ``max(0, billable - billed)`` where billable is
      the ordered or the received quantity per the line's policy.
    - a receipt never brings the received total above ``ordered x (1 + tolerance)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal, get_args

from asiento.domain.errors import ExcessReturn, InvalidInput, OrderNotOpen, OverReceipt
from asiento.domain.states import require_transition

BillPolicy = Literal["ordered", "received"]
InvoicePolicy = Literal["ordered", "delivered"]
BillingStatus = Literal["nothing", "waiting", "billed"]
BILL_POLICIES: Final = frozenset(get_args(BillPolicy))
INVOICE_POLICIES: Final = frozenset(get_args(InvoicePolicy))
STATUS_LABELS: Final[dict[str, str]] = {
    "nothing": "Nothing to Bill",
    "waiting": "Waiting Bills",
    "billed": "Fully Billed",
}
ZERO: Final = Decimal(0)
HUNDRED: Final = Decimal(100)

ORDER_TRANSITIONS: Final = frozenset(
    {
        ("draft", "confirmed"),
        ("draft", "cancelled"),
        ("confirmed", "cancelled"),
        ("confirmed", "done"),
    }
)
"""Purchase and sales orders share one life cycle: draft -> confirmed -> done | cancelled."""


def shown(quantity: Decimal) -> str:
    """A quantity for a message: no exponent, no trailing zeros ("10", "2.5")."""
    text = format(quantity.normalize(), "f")
    return text


def require_order_transition(kind: str, current: str, target: str) -> None:
    """Raise ``InvalidTransition`` (409) unless the order may go ``current -> target``."""
    require_transition(ORDER_TRANSITIONS, kind, current, target)


def require_open(kind: str, name: str, state: str, action: str) -> None:
    """Refuse ``action`` (receive, bill, deliver, invoice) unless the order is confirmed."""
    if state != "confirmed":
        raise OrderNotOpen(
            f"{kind} {name} is {state}: it cannot be {action}", field="state", state=state
        )


def require_bill_policy(value: str, field: str = "bill_policy") -> BillPolicy:
    if value not in BILL_POLICIES:
        raise InvalidInput(f"bill policy {value!r} is not 'ordered' or 'received'", field=field)
    return value  # type: ignore[return-value]


def require_invoice_policy(value: str, field: str = "invoice_policy") -> InvoicePolicy:
    if value not in INVOICE_POLICIES:
        raise InvalidInput(f"invoice policy {value!r} is not 'ordered' or 'delivered'", field=field)
    return value  # type: ignore[return-value]


def require_positive(quantity: Decimal, field: str) -> Decimal:
    """An ordered, received or delivered quantity is above zero (returns are their own kind)."""
    if not quantity.is_finite() or quantity <= 0:
        raise InvalidInput(f"{field}: quantity must be positive, got {quantity}", field=field)
    return quantity


@dataclass(frozen=True, slots=True)
class LineBilling:
    """What the bill control needs to know about one order line.

    ``moved`` is the received (purchase) or delivered (sales) quantity, net of
    returns; ``billed`` is the quantity on non-cancelled bills or invoices
    (drafts included: a draft bill already counts), net of credit notes.
    """

    ordered: Decimal
    moved: Decimal
    billed: Decimal
    policy: str  # "ordered", or "received"/"delivered"

    @property
    def billable(self) -> Decimal:
        """The quantity the policy allows to bill in total."""
        return self.ordered if self.policy == "ordered" else self.moved

    @property
    def to_bill(self) -> Decimal:
        """What the next bill takes: never negative (a return after billing needs a credit note)."""
        return max(ZERO, self.billable - self.billed)

    @property
    def status(self) -> BillingStatus:
        if self.to_bill > 0:
            return "waiting"
        if self.billed > 0:
            return "billed"
        return "nothing"


def order_status(state: str, lines: Iterable[LineBilling]) -> BillingStatus:
    """One billing status for an order whose lines may follow different policies.

    Waiting Bills if any line has something to bill; else Fully Billed if any
    quantity was billed; else Nothing to Bill. Only confirmed and done orders
    can be anything but ``nothing``.
    """
    if state not in ("confirmed", "done"):
        return "nothing"
    statuses = {line.status for line in lines}
    if "waiting" in statuses:
        return "waiting"
    return "billed" if "billed" in statuses else "nothing"


def check_receipt(
    line_label: str, ordered: Decimal, received: Decimal, quantity: Decimal, tolerance_pct: Decimal
) -> None:
    """Refuse a receipt that would bring ``received`` above ordered plus tolerance.

    Args:
        line_label: names the line in the message ("line 1 (CHAIR)").
        ordered: ordered quantity of the line.
        received: quantity received so far, net of returns.
        quantity: positive quantity arriving now.
        tolerance_pct: accepted over-receipt, percent of the ordered quantity.
    """
    limit = ordered * (1 + tolerance_pct / HUNDRED)
    if received + quantity > limit:
        raise OverReceipt(
            f"{line_label}: receiving {shown(quantity)} brings the received quantity to "
            f"{shown(received + quantity)}, above the ordered {shown(ordered)} plus "
            f"{shown(tolerance_pct)}% tolerance ({shown(limit)})",
            field=line_label,
        )


def check_return(
    line_label: str, moved: Decimal, quantity: Decimal, verb: str = "received"
) -> None:
    """A return cannot send back more than was received (or delivered)."""
    if quantity > moved:
        raise ExcessReturn(
            f"{line_label}: cannot return {shown(quantity)}, only {shown(moved)} {verb}",
            field=line_label,
        )
