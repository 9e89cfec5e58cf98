"""Invoices, bills, payments and journal entries by number, partner, reference or amount.

Each way of matching is one indexed query: a number prefix on
``(company_id, number)``, an amount on ``(company_id, amount_total)`` /
``(company_id, amount)`` as exact minor units (``domain.search_terms``), the
partner through the partner name search then ``(company_id, partner_id)``.
References are compared exactly (a reference prefix would need its own index).
Newest documents come first within each way.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from asiento.domain.search_terms import amount_of, minor_candidates
from asiento.services.search.hits import Hit
from asiento.services.search.names import search_partners
from asiento.store.tables import Invoice, JournalEntry, Partner, Payment
from asiento.store.text_search import number_starts_with
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

CUSTOMER = ("customer_invoice", "customer_credit_note")
VENDOR = ("vendor_bill", "vendor_credit_note")
PARTNER_FANOUT = 20


def amount_filter(column: Any, text: str) -> tuple[Any, Decimal] | None:
    """(``column IN`` every minor-unit reading of the typed amount, the amount) or ``None``.

    The ``IN`` may hit another exponent's reading ("12.34" is 1234 cents, and 1234 yen):
    callers keep a hit only when ``from_minor`` of it in its currency is the amount.
    """
    amount = amount_of(text)
    if amount is None:
        return None
    candidates = sorted(set(minor_candidates(abs(amount)).values()))
    return (column.in_(candidates), abs(amount)) if candidates else None


def partner_ids(uow: UnitOfWork, company_id: int, text: str) -> list[int]:
    if amount_of(text) is not None:
        return []
    return [h.id for h in search_partners(uow, company_id, text, PARTNER_FANOUT, archived=True)]


def _run(uow: UnitOfWork, queries: Sequence[Any], limit: int) -> list[Any]:
    rows: list[Any] = []
    seen: set[int] = set()
    with uow:
        for query in queries:
            if len(rows) >= limit:
                break
            for row in uow.session.execute(query.limit(limit)):
                if row.id not in seen and len(rows) < limit:
                    seen.add(row.id)
                    rows.append(row)
    return rows


def _same_amount(minor: int, currency: str, wanted: Decimal | None) -> bool:
    """An ``IN`` hit on minor units is a real hit only in a currency of that exponent."""
    return wanted is None or from_minor(minor, currency) == wanted


def search_invoices(
    uow: UnitOfWork, company_id: int, text: str, limit: int = 10, vendor: bool | None = None
) -> list[Hit]:
    """Customer documents (``vendor=False``), vendor ones (``True``) or both (``None``)."""
    raw = text.strip()
    if not raw:
        return []
    types = CUSTOMER if vendor is False else VENDOR if vendor else CUSTOMER + VENDOR
    base = (
        select(
            Invoice.id,
            Invoice.number,
            Invoice.kind,
            Invoice.state,
            Invoice.currency,
            Invoice.amount_total,
            Invoice.invoice_date,
            Partner.name.label("partner"),
        )
        .join(Partner, Partner.id == Invoice.partner_id)
        .where(Invoice.company_id == company_id, Invoice.kind.in_(types))
        .order_by(Invoice.invoice_date.desc(), Invoice.id.desc())
    )
    queries = [base.where(number_starts_with(Invoice.number, raw))]
    if raw.upper() != raw:
        queries.append(base.where(number_starts_with(Invoice.number, raw.upper())))
    by_amount = amount_filter(Invoice.amount_total, raw)
    if by_amount is not None:
        queries.append(base.where(by_amount[0]))
    queries.append(base.where(Invoice.ref == raw))
    partners = partner_ids(uow, company_id, raw)
    if partners:
        queries.append(base.where(Invoice.partner_id.in_(partners)))
    wanted = by_amount[1] if by_amount is not None else None
    rows = _run(uow, queries, limit * 2 if by_amount else limit)
    hits = [
        Hit(
            "bill" if r.kind in VENDOR else "invoice",
            r.id,
            r.number or "",
            _detail(r.partner, r.invoice_date, r.amount_total, r.currency),
        )
        for r in rows
        if not (
            by_amount
            and r.amount_total in _minors(wanted)
            and not _same_amount(r.amount_total, r.currency, wanted)
        )
    ]
    return hits[:limit]


def _minors(wanted: Decimal | None) -> set[int]:
    return set(minor_candidates(wanted).values()) if wanted is not None else set()


def _detail(partner: str | None, day: Any, minor: int, currency: str) -> str:
    parts = [
        partner or "",
        day.isoformat() if day else "",
        f"{from_minor(minor, currency)} {currency}",
    ]
    return " · ".join(p for p in parts if p)


def search_payments(uow: UnitOfWork, company_id: int, text: str, limit: int = 10) -> list[Hit]:
    """Payments by amount, partner, communication, or their entry's number."""
    raw = text.strip()
    if not raw:
        return []
    base = (
        select(
            Payment.id,
            Payment.amount,
            Payment.currency,
            Payment.date,
            Payment.payment_type,
            JournalEntry.number,
            Partner.name.label("partner"),
        )
        .outerjoin(JournalEntry, JournalEntry.id == Payment.entry_id)
        .outerjoin(Partner, Partner.id == Payment.partner_id)
        .where(Payment.company_id == company_id)
        .order_by(Payment.date.desc(), Payment.id.desc())
    )
    queries = []
    by_amount = amount_filter(Payment.amount, raw)
    if by_amount is not None:
        queries.append(base.where(by_amount[0]))
    entry_ids = select(JournalEntry.id).where(
        JournalEntry.company_id == company_id, number_starts_with(JournalEntry.number, raw)
    )
    queries.append(base.where(Payment.entry_id.in_(entry_ids)))
    queries.append(base.where(Payment.communication == raw))
    partners = partner_ids(uow, company_id, raw)
    if partners:
        queries.append(base.where(Payment.partner_id.in_(partners)))
    wanted = by_amount[1] if by_amount is not None else None
    return [
        Hit("payment", r.id, r.number or "", _detail(r.partner, r.date, r.amount, r.currency))
        for r in _run(uow, queries, limit)
        if wanted is None
        or r.amount not in _minors(wanted)
        or _same_amount(r.amount, r.currency, wanted)
    ]


def search_entries(uow: UnitOfWork, company_id: int, text: str, limit: int = 10) -> list[Hit]:
    """Journal entries by number prefix or exact reference (amounts: see the entry list)."""
    raw = text.strip()
    if not raw:
        return []
    base = (
        select(
            JournalEntry.id,
            JournalEntry.number,
            JournalEntry.date,
            JournalEntry.ref,
            JournalEntry.state,
        )
        .where(JournalEntry.company_id == company_id)
        .order_by(JournalEntry.date.desc(), JournalEntry.id.desc())
    )
    queries = [
        base.where(number_starts_with(JournalEntry.number, raw)),
        base.where(JournalEntry.ref == raw),
    ]
    if raw.upper() != raw:
        queries.insert(1, base.where(number_starts_with(JournalEntry.number, raw.upper())))
    return [
        Hit("entry", r.id, r.number or "", " · ".join(x for x in (r.date.isoformat(), r.ref) if x))
        for r in _run(uow, queries, limit)
    ]
