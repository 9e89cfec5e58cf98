"""Open items of a partner, outstanding credits of an invoice, and applying a credit.

An item is open when it is posted, on a reconcilable account and not
reconciled. A customer's outstanding credits are its open credit items on the
invoice's receivable account (advance payments, excess payments, credit
notes); for a vendor bill, its open debit items on the payable account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, InvoiceNotPayable
from asiento.services.access import principal as access
from asiento.services.ledger.entries import company_of
from asiento.services.payments.payment_state import open_items_of_entry
from asiento.services.payments.reconciliation import ReconcileResult, reconcile_in
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Invoice, JournalEntry, JournalItem, Partner
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class OpenItemView:
    """One open item: signed amounts (debit > 0), company currency and item currency."""

    id: int
    entry_id: int
    entry_number: str | None
    date: dt.date
    due_date: dt.date | None
    account_code: str
    partner_id: int | None
    label: str
    balance: Decimal
    residual: Decimal
    currency: str
    amount_currency: Decimal
    residual_currency: Decimal


def open_items_in(
    session: Session,
    company_id: int,
    partner_id: int,
    account_id: int | None = None,
    side: int = 0,
) -> list[OpenItemView]:
    """Open items of a partner, oldest first; ``side`` 1 = debits only, -1 = credits only."""
    company = company_of(session, company_id)
    get_scoped(session, Partner, company_id, partner_id, "partner")
    stmt = (
        select(JournalItem, JournalEntry.number, Account.code)
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .join(Account, Account.id == JournalItem.account_id)
        .where(
            JournalItem.company_id == company_id,
            JournalItem.partner_id == partner_id,
            JournalItem.reconciled.is_(False),
            JournalItem.parent_state == "posted",
            Account.reconcilable.is_(True),
        )
        .order_by(JournalItem.date, JournalItem.id)
    )
    if account_id is not None:
        stmt = stmt.where(JournalItem.account_id == account_id)
    if side:
        cond = JournalItem.amount_residual > 0 if side > 0 else JournalItem.amount_residual < 0
        stmt = stmt.where(cond)
    return [_view(i, number, code, company.currency) for i, number, code in session.execute(stmt)]


def _view(i: JournalItem, number: str | None, code: str, company_currency: str) -> OpenItemView:
    return OpenItemView(
        i.id,
        i.entry_id,
        number,
        i.date,
        i.due_date,
        code,
        i.partner_id,
        i.label,
        from_minor(i.balance, company_currency),
        from_minor(i.amount_residual, company_currency),
        i.currency,
        from_minor(i.amount_currency, i.currency),
        from_minor(i.amount_residual_currency, i.currency),
    )


def open_items(
    uow: UnitOfWork, company_id: int, partner_id: int, account_id: int | None = None
) -> list[OpenItemView]:
    with uow:
        return open_items_in(uow.session, company_id, partner_id, account_id)


def _invoice_items(session: Session, company_id: int, invoice_id: int) -> list[JournalItem]:
    invoice = get_scoped(session, Invoice, company_id, invoice_id, "invoice")
    if invoice.state != "posted" or invoice.entry_id is None:
        raise InvoiceNotPayable(f"invoice {invoice_id} is {invoice.state}", field="invoice_id")
    return [i for i in open_items_of_entry(session, invoice.entry_id) if not i.reconciled]


def outstanding_credits_in(
    session: Session, company_id: int, invoice_id: int
) -> list[OpenItemView]:
    invoice = get_scoped(session, Invoice, company_id, invoice_id, "invoice")
    items = _invoice_items(session, company_id, invoice_id)
    if not items:
        return []
    side = -1 if sum(i.amount_residual for i in items) > 0 else 1
    return open_items_in(session, company_id, invoice.partner_id, items[0].account_id, side)


def outstanding_credits(uow: UnitOfWork, company_id: int, invoice_id: int) -> list[OpenItemView]:
    """The partner's open items that could pay this invoice (advances, excess, credit notes)."""
    with uow:
        return outstanding_credits_in(uow.session, company_id, invoice_id)


@access.requires(Permission.PAYMENT_WRITE)
def apply_credit(
    uow: UnitOfWork, company_id: int, invoice_id: int, item_id: int
) -> ReconcileResult:
    """Reconcile one outstanding credit item with the invoice's open items."""
    with uow:
        session = uow.session
        credits = {c.id for c in outstanding_credits_in(session, company_id, invoice_id)}
        if item_id not in credits:
            raise InvalidInput(
                f"item {item_id} is not an outstanding credit of invoice {invoice_id}",
                field="item_id",
            )
        items = [i.id for i in _invoice_items(session, company_id, invoice_id)]
        result = reconcile_in(session, company_of(session, company_id), [*items, item_id])
        uow.commit()
        return result
