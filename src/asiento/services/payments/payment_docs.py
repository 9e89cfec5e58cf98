"""Payments: documents that post one entry each, and that reconciliation matches with invoices.

An inbound payment (a customer pays us) debits the journal's outstanding
receipts account and credits the partner's receivable; an outbound payment
(we pay a vendor) debits the partner's payable and credits the journal's
outstanding payments account (both journal settings, see
``services.reference.account_settings``). The outstanding account is cleared
later by the bank statement line; until then an invoice paid by it is
``in_payment``. A journal whose outstanding account is its own (bank) account
posts payments straight to the bank: the payment is matched at once and its
invoices are ``paid``.

States: draft -> posted -> cancelled (a posted payment is cancelled by
unreconciling it and reversing its entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.entries import ItemDraft
from asiento.domain.errors import InvalidInput, PaymentStateInvalid
from asiento.domain.money import round_to
from asiento.services.access import principal as access
from asiento.services.ledger import posting
from asiento.services.ledger.entries import company_of, resolve_journal
from asiento.services.payments.unreconciliation import unreconcile_in
from asiento.services.reference.account_settings import company_account, journal_account
from asiento.services.reference.currencies import rate_at, require_enabled
from asiento.services.search.list_filter import ListColumns, text_condition
from asiento.store.document_locks import lock_payment
from asiento.store.query import get_scoped, page, scoped_select
from asiento.store.tables import (
    Company,
    JournalEntry,
    JournalItem,
    PartialReconciliation,
    Partner,
    Payment,
)
from asiento.store.types import from_minor, to_minor
from asiento.store.uow import UnitOfWork

PAYMENT_TYPES = ("inbound", "outbound")
ZERO = Decimal(0)
PAYMENT_SEARCH = ListColumns(
    company=Payment.company_id,
    entry=Payment.entry_id,
    partner=Payment.partner_id,
    refs=(Payment.communication,),
    amount=Payment.amount,
    currency=Payment.currency,
)


@dataclass(frozen=True, slots=True)
class PaymentInput:
    """A payment to record. ``journal`` is a bank/cash journal id or code; amount > 0."""

    payment_type: str
    partner_id: int | None
    amount: Decimal
    date: date
    journal: int | str = "BNK1"
    currency: str | None = None
    communication: str = ""
    destination_account_id: int | None = None


def _check(cmd: PaymentInput) -> None:
    if cmd.payment_type not in PAYMENT_TYPES:
        raise InvalidInput(
            f"payment_type must be one of {', '.join(PAYMENT_TYPES)}", field="payment_type"
        )
    if cmd.amount <= 0:
        raise InvalidInput("a payment amount must be positive", field="amount")


def _destination(session: Session, company_id: int, cmd: PaymentInput) -> int:
    if cmd.destination_account_id is not None:
        return cmd.destination_account_id
    if cmd.partner_id is None:
        raise InvalidInput("a payment needs a partner or a destination account", field="partner_id")
    partner = get_scoped(session, Partner, company_id, cmd.partner_id, "partner")
    account = (
        partner.receivable_account_id
        if cmd.payment_type == "inbound"
        else partner.payable_account_id
    )
    if account is None:
        kind = "receivable" if cmd.payment_type == "inbound" else "payable"
        return company_account(
            session, company_id, f"{kind}_account", f"a payment of {partner.name}"
        )
    return account


def create_payment_in(session: Session, company: Company, cmd: PaymentInput) -> Payment:
    """A draft payment (no entry yet)."""
    _check(cmd)
    journal = resolve_journal(session, company.id, cmd.journal)
    if journal.kind not in ("bank", "cash"):
        raise InvalidInput(f"journal {journal.code} is not a bank or cash journal", field="journal")
    currency = cmd.currency or journal.currency or company.currency
    require_enabled(session, company.id, currency)
    setting = (
        "outstanding_receipts_account"
        if cmd.payment_type == "inbound"
        else "outstanding_payments_account"
    )
    outstanding = journal_account(journal, setting, f"an {cmd.payment_type} payment")
    payment = Payment(
        company_id=company.id,
        payment_type=cmd.payment_type,
        partner_type="customer" if cmd.payment_type == "inbound" else "supplier",
        state="draft",
        partner_id=cmd.partner_id,
        journal_id=journal.id,
        date=cmd.date,
        amount=to_minor(cmd.amount, currency),
        currency=currency,
        communication=cmd.communication,
        outstanding_account_id=outstanding,
        destination_account_id=_destination(session, company.id, cmd),
        is_matched=outstanding == journal.default_account_id,  # direct bank posting
    )
    session.add(payment)
    session.flush()
    return payment


def _drafts(session: Session, company: Company, p: Payment) -> list[ItemDraft]:
    amount = from_minor(p.amount, p.currency)
    foreign = p.currency != company.currency
    value = (
        round_to(amount * rate_at(session, company.id, p.currency, p.date), company.currency)
        if foreign
        else amount
    )
    sign = 1 if p.payment_type == "inbound" else -1
    currency = p.currency if foreign else None
    label = p.communication or f"Payment {p.id}"
    outstanding = ItemDraft(
        account_id=int(p.outstanding_account_id or 0),
        debit=value if sign > 0 else ZERO,
        credit=ZERO if sign > 0 else value,
        label=label,
        currency=currency,
        amount_currency=sign * amount if foreign else None,
    )
    counterpart = ItemDraft(
        account_id=int(p.destination_account_id or 0),
        debit=ZERO if sign > 0 else value,
        credit=value if sign > 0 else ZERO,
        partner_id=p.partner_id,
        label=label,
        currency=currency,
        amount_currency=-sign * amount if foreign else None,
    )
    return [outstanding, counterpart]


def post_payment_in(session: Session, company: Company, payment: Payment) -> Payment:
    """Post the payment's entry; its partner item is then open for reconciliation."""
    if payment.state != "draft":
        raise PaymentStateInvalid(
            f"payment {payment.id} is {payment.state}; only a draft can be posted",
            field="state",
            state=payment.state,
        )
    entry = posting.post_new(
        session,
        company,
        payment.journal_id,
        payment.date,
        _drafts(session, company, payment),
        ref=payment.communication,
        origin=("payment", payment.id),
    )
    payment.entry_id = entry.id
    payment.state = "posted"
    session.flush()
    return payment


def counterpart_item(session: Session, payment: Payment) -> JournalItem:
    """The payment's item on the partner's receivable/payable (what reconciles with invoices)."""
    return session.scalars(
        select(JournalItem).where(
            JournalItem.entry_id == payment.entry_id,
            JournalItem.account_id == payment.destination_account_id,
        )
    ).one()


def _unreconcile_entry(session: Session, company: Company, entry_id: int) -> None:
    """Remove every reconciliation touching an item of ``entry_id``."""
    items = select(JournalItem.id).where(JournalItem.entry_id == entry_id)
    partials = session.scalars(
        select(PartialReconciliation.id).where(
            PartialReconciliation.debit_item_id.in_(items)
            | PartialReconciliation.credit_item_id.in_(items)
        )
    ).all()
    if partials:
        unreconcile_in(session, company, list(partials))


def _discount_entries(session: Session, company_id: int, payment_id: int) -> list[JournalEntry]:
    """The posted early-payment discount entries this payment took, not yet reversed."""
    reversed_ = select(JournalEntry.reversal_of_id).where(
        JournalEntry.company_id == company_id, JournalEntry.reversal_of_id.is_not(None)
    )
    return list(
        session.scalars(
            select(JournalEntry)
            .where(
                JournalEntry.company_id == company_id,
                JournalEntry.payment_id == payment_id,
                JournalEntry.state == "posted",
                JournalEntry.id.notin_(reversed_),
            )
            .order_by(JournalEntry.id)
        )
    )


def _cancel_payment_in(session: Session, company: Company, payment: Payment) -> Payment:
    """Cancel: unreconcile its items and reverse its entry (a draft is just cancelled).

    The early-payment discount entries the payment took are unreconciled and
    reversed too: without the payment the invoice earned no discount, and its
    open amount is again the whole installment.
    """
    if payment.state == "cancelled":
        raise PaymentStateInvalid(
            f"payment {payment.id} is already cancelled", field="state", state=payment.state
        )
    if payment.state == "posted" and payment.entry_id is not None:
        _unreconcile_entry(session, company, payment.entry_id)
        reason = f"Payment {payment.id} cancelled"
        entry = session.get(JournalEntry, payment.entry_id)
        if entry is not None:
            reason = f"Payment {entry.number} cancelled"
            posting.reverse(session, company, entry, payment.date, reason)
        for discount in _discount_entries(session, company.id, payment.id):
            _unreconcile_entry(session, company, discount.id)
            posting.reverse(session, company, discount, discount.date, reason)
    payment.state = "cancelled"
    session.flush()
    return payment


@dataclass(frozen=True, slots=True)
class PaymentView:
    """A payment as callers see it: amounts as Decimals in the payment's currency."""

    id: int
    payment_type: str
    state: str
    partner_id: int | None
    journal_id: int
    date: date
    amount: Decimal
    currency: str
    communication: str
    entry_id: int | None
    is_matched: bool


def payment_view(p: Payment) -> PaymentView:
    return PaymentView(
        p.id,
        p.payment_type,
        p.state,
        p.partner_id,
        p.journal_id,
        p.date,
        from_minor(p.amount, p.currency),
        p.currency,
        p.communication,
        p.entry_id,
        p.is_matched,
    )


@access.requires(Permission.PAYMENT_WRITE)
def create_payment(
    uow: UnitOfWork, company_id: int, cmd: PaymentInput, *, post: bool = False
) -> PaymentView:
    with uow:
        company = company_of(uow.session, company_id)
        payment = create_payment_in(uow.session, company, cmd)
        if post:
            post_payment_in(uow.session, company, payment)
        view = payment_view(payment)
        uow.commit()
        return view


@access.requires(Permission.PAYMENT_WRITE)
def post_payment(uow: UnitOfWork, company_id: int, payment_id: int) -> PaymentView:
    with uow:
        company = company_of(uow.session, company_id)
        payment = lock_payment(uow.session, company_id, payment_id)
        post_payment_in(uow.session, company, payment)
        view = payment_view(payment)
        uow.commit()
        return view


@access.requires(Permission.PAYMENT_WRITE)
def cancel_payment(uow: UnitOfWork, company_id: int, payment_id: int) -> PaymentView:
    with uow:
        company = company_of(uow.session, company_id)
        payment = lock_payment(uow.session, company_id, payment_id)
        _cancel_payment_in(uow.session, company, payment)
        view = payment_view(payment)
        uow.commit()
        return view


def get_payment(uow: UnitOfWork, company_id: int, payment_id: int) -> PaymentView:
    with uow:
        return payment_view(get_scoped(uow.session, Payment, company_id, payment_id, "payment"))


def list_payments(
    uow: UnitOfWork,
    company_id: int,
    *,
    partner_id: int | None = None,
    state: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
    q: str | None = None,
) -> tuple[list[PaymentView], str | None]:
    """Newest first; ``q`` finds by entry number, partner, communication or exact amount."""
    found = text_condition(uow, company_id, q, PAYMENT_SEARCH)
    with uow:
        stmt = scoped_select(Payment, company_id)
        if found is not None:
            stmt = stmt.where(found)
        if partner_id is not None:
            stmt = stmt.where(Payment.partner_id == partner_id)
        if state is not None:
            stmt = stmt.where(Payment.state == state)
        rows, next_cursor = page(uow.session, stmt, Payment.id, cursor, limit)
        return [payment_view(p) for p in rows], next_cursor
