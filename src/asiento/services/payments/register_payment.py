"""Register a payment from invoices: one payment for several invoices of a partner, or one each.

The invoices' open items are locked first (one locking read for all of them,
in id order like ``reconciliation.lock_items``) and their residuals read after
the lock, so two payments registered at the same time against one invoice
serialise: the second sees what the first left open and never reconciles more
than that (its excess stays as partner credit, or it is refused when nothing
is left open).

Early-payment discount (``services.cash_discount_posting``): an item whose
``discount_date`` is on or after the payment date is settled by its
discounted amount (``discount_amount_currency``, signed like the item), and a
partial payment inside the window earns the discount only on what it pays,
never more than the item's discount across several payments. Each earned
discount is posted (to the cash discount granted account, received for
vendor bills: the term's setting or the company's, plus the tax correction
when the term reduces tax on early payment) and reconciled with its item
before the payment is.

Every account setting the payment needs (the journal's outstanding account,
discount accounts, the default write-off account when
``write_off_difference`` asks for it) is read before the first write, so a
missing one refuses the payment with ``MissingSetting`` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, InvoiceNotPayable
from asiento.services.access import principal as access
from asiento.services.ledger.entries import company_of
from asiento.services.orders.should_be_paid import check_bill_payable
from asiento.services.payments.cash_discount_posting import (
    discount_account,
    plan_discounts,
    post_discount_in,
)
from asiento.services.payments.payment_docs import (
    PaymentInput,
    PaymentView,
    counterpart_item,
    create_payment_in,
    payment_view,
    post_payment_in,
)
from asiento.services.payments.reconciliation import (
    ReconcileResult,
    WriteOff,
    reconcile_in,
    reconcile_locked_in,
)
from asiento.services.reference.account_settings import company_account
from asiento.store.locks import for_update
from asiento.store.tables import Account, Company, Invoice, JournalItem
from asiento.store.types import from_minor, to_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class RegisterPaymentInput:
    """``amount`` None pays the full open amount (discounted when in the window)."""

    date: date
    amount: Decimal | None = None
    journal: int | str = "BNK1"
    group: bool = True
    writeoff_account_id: int | None = None
    writeoff_label: str = "Write-off"
    communication: str = ""
    write_off_difference: bool = False
    """Close what the payment leaves open on the company's default write-off account."""


@dataclass(frozen=True, slots=True)
class RegisterResult:
    payments: list[PaymentView]
    reconciliations: list[ReconcileResult]
    payment_states: dict[int, str] = field(default_factory=dict)


def _invoices(session: Session, company_id: int, ids: Sequence[int]) -> list[Invoice]:
    if not ids:
        raise InvalidInput("name at least one invoice", field="invoice_ids")
    # locked in id order (no deadlock between two registrations), re-read under the lock
    stmt = (
        select(Invoice)
        .where(Invoice.company_id == company_id, Invoice.id.in_(set(ids)))
        .order_by(Invoice.id)
        .execution_options(populate_existing=True)
    )
    rows = list(session.scalars(for_update(session, stmt)))
    missing = set(ids) - {r.id for r in rows}
    if missing:
        from asiento.domain.errors import NotFound

        raise NotFound("invoice", min(missing), field="invoice_ids")
    for inv in rows:
        if inv.state == "cancelled":
            raise InvoiceNotPayable(f"invoice {inv.number} is cancelled", field="invoice_ids")
        if inv.state != "posted" or inv.entry_id is None:
            raise InvoiceNotPayable(f"invoice {inv.id} is not posted", field="invoice_ids")
        if inv.partner_id != rows[0].partner_id:
            raise InvalidInput("invoices of different partners", field="invoice_ids")
        if inv.currency != rows[0].currency:
            raise InvalidInput("invoices in different currencies", field="invoice_ids")
    return rows


def _lock_open_items(
    session: Session, company_id: int, invoices: Sequence[Invoice]
) -> dict[int, list[JournalItem]]:
    """Each invoice's open receivable/payable items, row-locked and re-read in one statement.

    Locked in id order across all the invoices (as ``lock_items`` does: no
    deadlock between two registrations), returned per invoice in id order.
    """
    by_entry = {int(inv.entry_id or 0): inv.id for inv in invoices}
    reconcilable = select(Account.id).where(Account.reconcilable.is_(True))
    stmt = (
        select(JournalItem)
        .where(
            JournalItem.company_id == company_id,
            JournalItem.entry_id.in_(by_entry),
            JournalItem.account_id.in_(reconcilable),
        )
        .order_by(JournalItem.id)
        .execution_options(populate_existing=True)
    )
    out: dict[int, list[JournalItem]] = {inv.id: [] for inv in invoices}
    for item in session.scalars(for_update(session, stmt)):
        if not item.reconciled:
            out[by_entry[item.entry_id]].append(item)
    return out


def _pay_group(
    session: Session,
    company: Company,
    invoices: list[Invoice],
    items: list[JournalItem],
    cmd: RegisterPaymentInput,
) -> tuple[PaymentView, ReconcileResult]:
    residual = sum(i.amount_residual_currency for i in items)
    if residual == 0:
        numbers = ", ".join(str(inv.number or inv.id) for inv in invoices)
        raise InvoiceNotPayable(f"invoice {numbers} has nothing left to pay", field="invoice_ids")
    currency = invoices[0].currency
    inbound = residual > 0
    amount = to_minor(cmd.amount, currency) if cmd.amount is not None else None
    if amount is not None and amount <= 0:
        raise InvalidInput("a payment amount must be positive", field="amount")
    amount, shares = plan_discounts(session, items, cmd.date, amount)
    if amount <= 0:
        raise InvalidInput("a payment amount must be positive", field="amount")
    by_entry = {inv.entry_id: inv for inv in invoices}
    for share in shares:  # settings first: a missing one must refuse before any write
        if share.discount:
            discount_account(session, by_entry[share.item.entry_id])
    writeoff_account = _writeoff_account(session, company, cmd)
    payment = create_payment_in(
        session,
        company,
        PaymentInput(
            payment_type="inbound" if inbound else "outbound",
            partner_id=invoices[0].partner_id,
            amount=from_minor(amount, currency),
            date=cmd.date,
            journal=cmd.journal,
            currency=currency,
            communication=cmd.communication
            or " ".join(str(inv.number or inv.id) for inv in invoices),
            destination_account_id=items[0].account_id,
        ),
    )
    post_payment_in(session, company, payment)
    discounted = False
    for share in shares:
        if share.discount:
            taken = post_discount_in(
                session, company, by_entry[share.item.entry_id], share, cmd.date, payment.id
            )
            reconcile_in(session, company, [share.item.id, taken.id])
            discounted = True
    still_open = [i for i in items if not (discounted and _reconciled(session, i))]
    writeoff = None
    if writeoff_account is not None:
        writeoff = WriteOff(writeoff_account, cmd.writeoff_label, cmd.date)
    # the invoice items are locked since _lock_open_items; the payment's item is our own new row
    locked = sorted([*still_open, counterpart_item(session, payment)], key=lambda i: i.id)
    result = reconcile_locked_in(session, company, locked, writeoff=writeoff)
    return payment_view(payment), result


def _writeoff_account(session: Session, company: Company, cmd: RegisterPaymentInput) -> int | None:
    if cmd.writeoff_account_id is not None or not cmd.write_off_difference:
        return cmd.writeoff_account_id
    return company_account(session, company.id, "writeoff_account", "writing off a difference")


def _reconciled(session: Session, item: JournalItem) -> bool:
    session.refresh(item)
    return item.reconciled


def register_payment_in(
    session: Session, company: Company, invoice_ids: Sequence[int], cmd: RegisterPaymentInput
) -> RegisterResult:
    """Pay ``invoice_ids`` (one partner): grouped in one payment or one payment each."""
    invoices = _invoices(session, company.id, invoice_ids)
    for invoice in invoices:
        check_bill_payable(session, company, invoice)
    groups = [invoices] if cmd.group or len(invoices) == 1 else [[inv] for inv in invoices]
    if cmd.amount is not None and len(groups) > 1:
        raise InvalidInput(
            "an amount can be given for one invoice or a grouped payment only", field="amount"
        )
    open_by_invoice = _lock_open_items(session, company.id, invoices)
    payments, results = [], []
    for group in groups:
        items = [i for inv in group for i in open_by_invoice[inv.id]]
        view, result = _pay_group(session, company, group, items, cmd)
        payments.append(view)
        results.append(result)
    # reconcile_in refreshed these very (identity-mapped) invoices: no reload needed
    return RegisterResult(payments, results, {inv.id: inv.payment_state for inv in invoices})


@access.requires(Permission.PAYMENT_WRITE)
def register_payment(
    uow: UnitOfWork, company_id: int, invoice_ids: Sequence[int], cmd: RegisterPaymentInput
) -> RegisterResult:
    """``register_payment_in`` in its own transaction."""
    with uow:
        result = register_payment_in(
            uow.session, company_of(uow.session, company_id), invoice_ids, cmd
        )
        uow.commit()
        return result
