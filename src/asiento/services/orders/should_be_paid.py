"""Should Be Paid: the 3-way matching verdict of vendor bills, its history and its uses.

A bill created from a purchase order starts at ``yes``. Whenever a draft bill
linked to an order changes, ``refresh_should_be_paid_in`` matches it again
(``domain.three_way``) when the company uses 3-way matching, and records any
change. A verdict set by hand (``set_should_be_paid``) sticks until the bill
is paid; a paid bill is ``no`` whatever was stored (the stored value is a
cache of that rule, refreshed on every write and applied again on reading,
because payments are registered elsewhere).

A vendor bill that never went through matching (typed by hand, or the
company does not match) has no stored verdict and counts as ``yes``.

Invariants:
    - every change of the stored verdict has one ``should_be_paid_changes`` row
      (old, new, reason, manual or not, who, when);
    - only vendor bills (``vendor_bill``) carry a verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.domain import three_way
from asiento.domain.access import Permission
from asiento.domain.errors import BillInException, InvalidInput
from asiento.domain.three_way import BillLineFacts, OrderLineFacts, ShouldBePaid
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.orders import orders
from asiento.services.orders.kinds import PURCHASE
from asiento.services.orders.purchase_settings import settings_in
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped, page
from asiento.store.tables import (
    Company,
    Invoice,
    InvoiceLine,
    PurchaseOrder,
    ShouldBePaidChange,
)
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

SYSTEM = "system"
PAID = three_way.PAID_STATES


def effective_should_be_paid(invoice: Invoice) -> ShouldBePaid | None:
    """The verdict as it stands now: ``no`` when paid, ``yes`` when never matched."""
    if invoice.kind != "vendor_bill":
        return None
    stored = ShouldBePaid(invoice.should_be_paid or "yes", invoice.should_be_paid_reason)  # type: ignore[arg-type]
    return three_way.settle_should_be_paid(stored, invoice.payment_state)


def effective_manual(invoice: Invoice) -> bool:
    """Whether the verdict as it stands was set by hand (a paid bill's ``no`` never is)."""
    return three_way.settled_by_hand(bool(invoice.should_be_paid_manual), invoice.payment_state)


def effective(invoice: Invoice) -> str | None:
    """``effective_should_be_paid``'s status: yes, exception, no (None for other documents)."""
    verdict = effective_should_be_paid(invoice)
    return verdict.status if verdict is not None else None


def record_in(
    session: Session, invoice: Invoice, verdict: ShouldBePaid, *, manual: bool, who: str = SYSTEM
) -> None:
    """Store a verdict and its history row; nothing is written when nothing changes."""
    same = invoice.should_be_paid == verdict.status
    if same and invoice.should_be_paid_reason == verdict.reason and not manual:
        return
    session.add(
        ShouldBePaidChange(
            company_id=invoice.company_id,
            invoice_id=invoice.id,
            old_value=invoice.should_be_paid,
            new_value=verdict.status,
            reason=verdict.reason,
            manual=manual,
            changed_by=who,
            changed_at=dt.datetime.now(dt.UTC),
        )
    )
    invoice.should_be_paid = verdict.status
    invoice.should_be_paid_reason = verdict.reason
    invoice.should_be_paid_manual = manual or (invoice.should_be_paid_manual and same)
    session.flush()


def _relink(session: Session, invoice: Invoice, order_lines: Sequence[object]) -> list[InvoiceLine]:
    """Bill lines of the invoice, linked again by product when an edit rewrote them.

    Editing a draft replaces its lines; a line whose product is on the order
    gets the order line of that product back, so billed quantities still count.
    """
    by_product: dict[int, int] = {}
    for line in order_lines:
        by_product.setdefault(line.product_id, line.id)  # type: ignore[attr-defined]
    rows = list(
        session.scalars(
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id == invoice.id)
            .order_by(InvoiceLine.sequence, InvoiceLine.id)
        )
    )
    for row in rows:
        if row.purchase_line_id is None and row.product_id in by_product:
            row.purchase_line_id = by_product[row.product_id]
    session.flush()
    return rows


def match_in(session: Session, invoice: Invoice) -> ShouldBePaid:
    """Compare the bill's lines with its purchase order and receipts."""
    order = session.get(PurchaseOrder, invoice.purchase_order_id)
    lines = orders.order_lines(session, PURCHASE, order.id) if order is not None else []
    bill_rows = _relink(session, invoice, lines)
    if order is None:
        return ShouldBePaid("exception", "the purchase order of this bill is gone")
    ids = [line.id for line in lines]
    moved = orders.moved_quantities(session, PURCHASE, invoice.company_id, ids)
    billed = orders.billed_quantities(
        session, PURCHASE, invoice.company_id, ids, exclude_invoice=invoice.id
    )
    facts = []
    for line, b in orders.line_billing(session, PURCHASE, order, lines):
        facts.append(
            OrderLineFacts(
                line.id, line.product_id, line.price_unit, moved[line.id], billed[line.id], b.policy
            )
        )
    bill = [
        BillLineFacts(
            n + 1, r.product_id, r.description, r.quantity, r.price_unit, r.purchase_line_id
        )
        for n, r in enumerate(bill_rows)
    ]
    return three_way.match_bill(bill, facts)


def refresh_should_be_paid_in(session: Session, company: Company, invoice: Invoice) -> None:
    """Match a vendor bill again after a change (hook for the invoice update path).

    Does nothing for other documents and for bills not created from a purchase
    order. Under 3-way matching a draft or posted bill is matched again unless
    its verdict was set by hand or it is paid; a paid bill becomes ``no``.
    """
    if invoice.kind != "vendor_bill" or invoice.purchase_order_id is None:
        return
    current = ShouldBePaid(invoice.should_be_paid or "yes", invoice.should_be_paid_reason)  # type: ignore[arg-type]
    verdict = current
    matching = settings_in(session, company.id).three_way_matching
    open_bill = invoice.state in ("draft", "posted") and invoice.payment_state not in PAID
    if matching and open_bill and not invoice.should_be_paid_manual:
        verdict = match_in(session, invoice)
    else:
        _relink(session, invoice, orders.order_lines(session, PURCHASE, invoice.purchase_order_id))
    verdict = three_way.settle_should_be_paid(verdict, invoice.payment_state)
    record_in(session, invoice, verdict, manual=False)


def recheck_order_bills_in(session: Session, company: Company, order_id: int) -> None:
    """Match every open bill of a purchase order again: goods came in or went back."""
    bills = session.scalars(
        select(Invoice)
        .where(
            Invoice.company_id == company.id,
            Invoice.purchase_order_id == order_id,
            Invoice.kind == "vendor_bill",
            Invoice.state.in_(("draft", "posted")),
        )
        .order_by(Invoice.id)
    )
    for bill in list(bills):
        refresh_should_be_paid_in(session, company, bill)


@access.requires(Permission.INVOICE_POST)
def set_should_be_paid(
    uow: UnitOfWork, company_id: int, invoice_id: int, value: str, reason: str, who: str
) -> BillView:
    """Set the verdict by hand (an accountant's decision), recorded with who and when."""
    status = three_way.require_should_be_paid(value)
    if not reason.strip():
        raise InvalidInput("a reason is required to set Should Be Paid by hand", field="reason")
    with uow:
        s = uow.session
        invoice = lock_scoped(s, Invoice, company_id, invoice_id, "bill")
        _require_bill(invoice)
        before = invoice.should_be_paid
        record_in(
            s, invoice, ShouldBePaid(status, reason.strip()), manual=True, who=who or "unknown"
        )
        audit.record_in(
            s,
            company_id,
            "should_be_paid.set",
            "invoice",
            invoice.id,
            before=before,
            after={"value": status, "reason": reason.strip()},
        )
        view = bill_view(invoice)
        uow.commit()
        return view


def _require_bill(invoice: Invoice) -> None:
    if invoice.kind != "vendor_bill":
        raise InvalidInput(
            f"invoice {invoice.number or invoice.id} is a {invoice.kind}, not a vendor bill",
            field="invoice_id",
        )


def check_bill_payable(session: Session, company: Company, invoice: Invoice) -> None:
    """Refuse to pay a vendor bill in Exception when the company blocks it (for payments)."""
    if invoice.kind != "vendor_bill" or effective(invoice) != "exception":
        return
    if settings_in(session, company.id).block_payment_on_exception:
        name = invoice.number or f"{invoice.id}"
        raise BillInException(
            f"bill {name} is in exception ({invoice.should_be_paid_reason}); the company "
            "blocks paying bills in exception: review it or set Should Be Paid by hand",
            field="should_be_paid",
        )


@dataclass(frozen=True, slots=True)
class BillView:
    id: int
    number: str | None
    partner_id: int
    state: str
    payment_state: str
    invoice_date: dt.date | None
    currency: str
    amount_total: Decimal
    purchase_order_id: int | None
    should_be_paid: str | None
    should_be_paid_reason: str
    should_be_paid_manual: bool
    due_date: dt.date | None = None
    amount_residual: Decimal = Decimal(0)


def bill_view(invoice: Invoice) -> BillView:
    verdict = effective_should_be_paid(invoice)
    return BillView(
        invoice.id,
        invoice.number,
        invoice.partner_id,
        invoice.state,
        invoice.payment_state,
        invoice.invoice_date,
        invoice.currency,
        from_minor(invoice.amount_total, invoice.currency),
        invoice.purchase_order_id,
        verdict.status if verdict else None,
        verdict.reason if verdict else "",
        effective_manual(invoice),
        invoice.due_date,
        from_minor(invoice.amount_residual, invoice.currency),
    )


@dataclass(frozen=True, slots=True)
class BillPage:
    bills: list[BillView]
    next_cursor: str | None


def list_bills(
    uow: UnitOfWork,
    company_id: int,
    to_pay: bool = False,
    should_be_paid: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> BillPage:
    """Vendor bills, newest first; ``to_pay``: posted, not paid, Should Be Paid = Yes."""
    stmt = select(Invoice).where(Invoice.company_id == company_id, Invoice.kind == "vendor_bill")
    verdict = func.coalesce(Invoice.should_be_paid, "yes")
    if to_pay:
        stmt = stmt.where(
            Invoice.state == "posted",
            Invoice.payment_state.in_(("not_paid", "partial")),
            verdict == "yes",
        )
    if should_be_paid is not None:
        three_way.require_should_be_paid(should_be_paid)
        stmt = stmt.where(verdict == should_be_paid)
    with uow:
        rows, next_cursor = page(uow.session, stmt, Invoice.id, cursor, limit)
        return BillPage([bill_view(r) for r in rows], next_cursor)


@dataclass(frozen=True, slots=True)
class ChangeView:
    old_value: str | None
    new_value: str
    reason: str
    manual: bool
    changed_by: str
    changed_at: dt.datetime


def should_be_paid_history(uow: UnitOfWork, company_id: int, invoice_id: int) -> list[ChangeView]:
    """Every change of a bill's verdict, oldest first."""
    with uow:
        s = uow.session
        _require_bill(get_scoped(s, Invoice, company_id, invoice_id, "bill"))
        rows = s.scalars(
            select(ShouldBePaidChange)
            .where(ShouldBePaidChange.invoice_id == invoice_id)
            .order_by(ShouldBePaidChange.id)
        )
        return [
            ChangeView(r.old_value, r.new_value, r.reason, r.manual, r.changed_by, r.changed_at)
            for r in rows
        ]


__all__ = [
    "BillView",
    "check_bill_payable",
    "effective",
    "list_bills",
    "recheck_order_bills_in",
    "refresh_should_be_paid_in",
    "set_should_be_paid",
    "should_be_paid_history",
]
