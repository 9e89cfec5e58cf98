"""What the partner pages show: the list (searched), and one partner with its documents,
open items and ledger; archiving instead of deleting.

A partner with documents is never deleted: its invoices, payments and journal items
keep pointing at it. ``delete_partner`` refuses then, and the pages offer archiving,
which hides the partner from pickers and lists but keeps every document intact.

Invariants:
    - every query filters on ``company_id``;
    - the ledger's running balance is the sum of the shown items in date order;
    - a partner referenced by any invoice, payment or journal item is never deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import exists, select

from asiento.domain.access import Permission
from asiento.domain.errors import StateConflict
from asiento.services.access import principal as access
from asiento.services.ledger.entries import company_of
from asiento.services.search import search_partners
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Invoice, JournalEntry, JournalItem, Partner, Payment
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

LIST_SIZE = 50
LEDGER_SIZE = 200


@dataclass(frozen=True, slots=True)
class PartnerRow:
    id: int
    name: str
    ref: str
    is_customer: bool
    is_supplier: bool
    city: str
    active: bool


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    number: str
    kind: str
    state: str
    date: dt.date | None
    currency: str
    total: Decimal
    residual: Decimal


@dataclass(frozen=True, slots=True)
class LedgerRow:
    entry_id: int
    number: str
    date: dt.date
    account: str
    label: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    reconciled: bool


@dataclass(frozen=True, slots=True)
class PartnerPage:
    partner: PartnerRow
    customer_payment_term_id: int | None
    supplier_payment_term_id: int | None
    receivable_account_id: int | None
    payable_account_id: int | None
    currency: str
    documents: list[DocumentRow]
    open_items: list[LedgerRow]
    ledger: list[LedgerRow]
    open_balance: Decimal


def _row(p: Partner) -> PartnerRow:
    return PartnerRow(
        p.id, p.name, p.ref or "", p.is_customer, p.is_supplier, p.city or "", p.active
    )


def partner_list(
    uow: UnitOfWork, company_id: int, q: str = "", archived: bool = False
) -> list[PartnerRow]:
    """The first ``LIST_SIZE`` partners by name, or the ones the search text finds."""
    ids = None
    if q.strip():
        ids = [h.id for h in search_partners(uow, company_id, q, LIST_SIZE, archived=archived)]
    with uow:
        stmt = select(Partner).where(Partner.company_id == company_id)
        if ids is not None:
            stmt = stmt.where(Partner.id.in_(ids))
        elif not archived:
            stmt = stmt.where(Partner.active.is_(True))
        rows = uow.session.scalars(stmt.order_by(Partner.name, Partner.id).limit(LIST_SIZE))
        return [_row(p) for p in rows]


def partner_page(uow: UnitOfWork, company_id: int, partner_id: int) -> PartnerPage:
    with uow:
        s = uow.session
        p = get_scoped(s, Partner, company_id, partner_id, "partner")
        currency = company_of(s, company_id).currency
        ledger = _ledger(uow, company_id, partner_id, currency)
        codes = _partner_codes(uow, p)
        open_items = [r for r in ledger if not r.reconciled and r.account.split()[0] in codes]
        return PartnerPage(
            partner=_row(p),
            customer_payment_term_id=p.customer_payment_term_id,
            supplier_payment_term_id=p.supplier_payment_term_id,
            receivable_account_id=p.receivable_account_id,
            payable_account_id=p.payable_account_id,
            currency=currency,
            documents=_documents(uow, company_id, partner_id),
            open_items=open_items,
            ledger=ledger,
            open_balance=sum((r.debit - r.credit for r in open_items), Decimal(0)),
        )


def _partner_codes(uow: UnitOfWork, p: Partner) -> set[str]:
    """Codes of the reconcilable receivable/payable accounts: where open items live."""
    stmt = select(Account.code).where(
        Account.company_id == p.company_id, Account.kind.in_(("receivable", "payable"))
    )
    return set(uow.session.scalars(stmt))


def _documents(uow: UnitOfWork, company_id: int, partner_id: int) -> list[DocumentRow]:
    stmt = (
        select(Invoice)
        .where(Invoice.company_id == company_id, Invoice.partner_id == partner_id)
        .order_by(Invoice.invoice_date.desc(), Invoice.id.desc())
        .limit(LIST_SIZE)
    )
    return [
        DocumentRow(
            i.id,
            i.number or "",
            i.kind,
            i.state,
            i.invoice_date,
            i.currency,
            from_minor(i.amount_total, i.currency),
            from_minor(i.amount_residual, i.currency),
        )
        for i in uow.session.scalars(stmt)
    ]


def _ledger(uow: UnitOfWork, company_id: int, partner_id: int, currency: str) -> list[LedgerRow]:
    stmt = (
        select(JournalItem, JournalEntry.number, Account.code, Account.name)
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .join(Account, Account.id == JournalItem.account_id)
        .where(
            JournalItem.company_id == company_id,
            JournalItem.partner_id == partner_id,
            JournalItem.parent_state == "posted",
        )
        .order_by(JournalItem.date, JournalItem.entry_id, JournalItem.sequence)
        .limit(LEDGER_SIZE)
    )
    rows: list[LedgerRow] = []
    running = Decimal(0)
    for item, number, code, name in uow.session.execute(stmt):
        debit, credit = from_minor(item.debit, currency), from_minor(item.credit, currency)
        running += debit - credit
        rows.append(
            LedgerRow(
                item.entry_id,
                number or "",
                item.date,
                f"{code} {name}",
                item.label,
                debit,
                credit,
                running,
                item.reconciled,
            )
        )
    return rows


def delete_partner(uow: UnitOfWork, company_id: int, partner_id: int) -> None:
    """Delete a partner nothing refers to; one with documents must be archived instead."""
    access.require(Permission.INVOICE_WRITE, company_id)
    with uow:
        s = uow.session
        p = get_scoped(s, Partner, company_id, partner_id, "partner")
        used = any(
            s.scalar(select(exists().where(model.partner_id == partner_id)))
            for model in (Invoice, Payment, JournalItem)
        )
        if used:
            raise StateConflict(
                f"partner {p.name} has documents: archive it instead of deleting it"
            )
        s.delete(p)
        uow.commit()
