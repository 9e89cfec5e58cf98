"""Suggested matches for one statement line: what the reconcile page offers to pick from.

Why not the automatic pass itself: ``statement_auto`` loads every open item
of the company to decide many lines at once; a person looking at one line
needs only the items that could be meant, and why the pass would not decide.
The rules are the pass's own: words of the communication/reference that are an
invoice, entry or payment reference; the line's partner (by IBAN at import,
else by exact name); ``domain.statement_lines.fitting_sets`` to tell one
fitting set (proposed) from several (ambiguous, with the candidates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from asiento.domain.statement_lines import fitting_sets
from asiento.services.bank.statement_auto import REFERENCE_WORD
from asiento.services.bank.statement_views import LineView, line_view
from asiento.services.invoicing.payment_reference import references_in
from asiento.services.ledger.entries import company_of
from asiento.store.query import get_scoped
from asiento.store.tables import (
    Account,
    Invoice,
    JournalEntry,
    JournalItem,
    Partner,
    Payment,
    StatementLine,
)
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

PARTNER_ITEMS: Final = 200
"""At most this many open items of the partner are listed (oldest first)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An open receivable/payable item; ``residual`` signed (debit > 0), company currency."""

    id: int
    number: str
    date: dt.date
    due_date: dt.date | None
    partner: str
    label: str
    residual: Decimal
    by_reference: bool


@dataclass(frozen=True, slots=True)
class PaymentCandidate:
    id: int
    date: dt.date
    partner: str
    communication: str
    outstanding: Decimal
    same_partner: bool


@dataclass(frozen=True, slots=True)
class Suggestions:
    """The line, its partner, the candidates, and the pass's verdict on them.

    ``proposed``: the one set of items that fits the amount (pre-selected);
    ``ambiguity``: why the pass would not decide, with ``candidate_sets``.
    """

    line: LineView
    partner_id: int | None
    partner_name: str
    items: tuple[Candidate, ...]
    payments: tuple[PaymentCandidate, ...]
    proposed: tuple[int, ...] = ()
    ambiguity: str = ""
    candidate_sets: tuple[tuple[int, ...], ...] = ()


def line_suggestions(
    uow: UnitOfWork, company_id: int, line_id: int, partner_id: int | None = None
) -> Suggestions:
    """Candidates for ``line_id``; ``partner_id`` looks at another partner's open items."""
    with uow:
        s = uow.session
        row = get_scoped(s, StatementLine, company_id, line_id, "statement line")
        company = company_of(s, company_id)
        partner = partner_id if partner_id is not None else line_partner(s, row)
        names: dict[int | None, str] = {}
        refs = _reference_items(s, company_id, row)
        mine = _partner_items(s, company_id, partner) if partner is not None else []
        seen = {r[0] for r in refs}
        rows = [(r, True) for r in refs] + [(r, False) for r in mine if r[0] not in seen]
        _names(s, company_id, names, {r[5] for r, _ in rows} | {partner})
        items = tuple(_candidate(r, ref, names, company.currency) for r, ref in rows)
        payments = _payments(s, company_id, row, partner, names, company.currency)
        verdict = _verdict(row, rows, company.currency)
        name = names.get(partner, "")
        return Suggestions(line_view(row), partner, name, items, payments, *verdict)


def line_partner(session: Session, line: StatementLine) -> int | None:
    """The line's partner: by IBAN (set at import), else by exact name (as the pass does)."""
    if line.partner_id is not None or not line.counterparty_name:
        return line.partner_id
    wanted = " ".join(line.counterparty_name.split()).casefold()
    for pid, name in session.execute(
        select(Partner.id, Partner.name)
        .where(Partner.company_id == line.company_id)
        .order_by(Partner.id)
    ):
        if " ".join(name.split()).casefold() == wanted:
            return int(pid)
    return None


def _open_items_select(company_id: int) -> Any:
    """Open receivable/payable items of posted entries, oldest first (as the pass reads them)."""
    return (
        _any_items_select(company_id)
        .join(Account, Account.id == JournalItem.account_id)
        .where(
            JournalItem.reconciled.is_(False),
            JournalItem.parent_state == "posted",
            JournalItem.amount_residual != 0,
            Account.kind.in_(("receivable", "payable")),
        )
        .order_by(JournalItem.date, JournalItem.id)
    )


def reference_words(line: StatementLine | LineView) -> set[str]:
    text = " ".join(x for x in (line.communication, line.reference) if x)
    return {w.upper() for w in REFERENCE_WORD.findall(text)} | references_in(text)


def _reference_items(session: Session, company_id: int, line: StatementLine) -> list[Any]:
    words = sorted(reference_words(line))
    if not words:
        return []
    stmt = _open_items_select(company_id).where(
        or_(
            func.upper(JournalEntry.number).in_(words),
            func.upper(Invoice.number).in_(words),
            func.upper(Invoice.payment_reference).in_(words),
            Invoice.structured_reference.in_(words),
        )
    )
    return list(session.execute(stmt))


def _partner_items(session: Session, company_id: int, partner_id: int) -> list[Any]:
    stmt = _open_items_select(company_id).where(JournalItem.partner_id == partner_id)
    return list(session.execute(stmt.limit(PARTNER_ITEMS)))


def _names(
    session: Session, company_id: int, names: dict[int | None, str], ids: Iterable[int | None]
) -> None:
    wanted = [i for i in ids if i is not None and i not in names]
    if wanted:
        rows = session.execute(
            select(Partner.id, Partner.name).where(
                Partner.company_id == company_id, Partner.id.in_(wanted)
            )
        )
        names.update({int(r[0]): str(r[1]) for r in rows})


def _candidate(r: Any, by_ref: bool, names: dict[int | None, str], currency: str) -> Candidate:
    item_id, number, day, due, label, partner_id, residual = r
    return Candidate(
        item_id, number, day, due, names.get(partner_id, ""), label,
        from_minor(residual, currency), by_ref,
    )  # fmt: skip


def _payments(
    session: Session,
    company_id: int,
    line: StatementLine,
    partner: int | None,
    names: dict[int | None, str],
    currency: str,
) -> tuple[PaymentCandidate, ...]:
    """Posted, unmatched payments whose outstanding residual is the line amount."""
    if line.currency != currency:
        return ()
    stmt = (
        select(Payment.id, Payment.date, Payment.partner_id, Payment.communication)
        .join(
            JournalItem,
            (JournalItem.entry_id == Payment.entry_id)
            & (JournalItem.account_id == Payment.outstanding_account_id),
        )
        .where(
            Payment.company_id == company_id,
            Payment.state == "posted",
            Payment.is_matched.is_(False),
            JournalItem.reconciled.is_(False),
            JournalItem.amount_residual == line.amount,
        )
        .order_by(Payment.date, Payment.id)
        .limit(50)
    )
    rows = list(session.execute(stmt))
    _names(session, company_id, names, {r[2] for r in rows})
    amount = from_minor(line.amount, currency)
    return tuple(
        PaymentCandidate(pid, day, names.get(p, ""), text or "", amount, p == partner)
        for pid, day, p, text in rows
    )


def _verdict(
    line: StatementLine, rows: list[tuple[Any, bool]], currency: str
) -> tuple[tuple[int, ...], str, tuple[tuple[int, ...], ...]]:
    """(proposed set, ambiguity reason, candidate sets): reference items first, else all."""
    if line.currency != currency:
        return (), "", ()
    by_reference = any(ref for _, ref in rows)
    pool = [(r[0], int(r[6])) for r, ref in rows if ref or not by_reference]
    sets = fitting_sets(pool, line.amount) if pool else []
    if len(sets) > 1:
        why = "reference" if by_reference else "partner"
        return (), f"{why}: several sets of open items fit", tuple(sets)
    return (sets[0] if sets else ()), "", ()


def describe(
    uow: UnitOfWork, company_id: int, line_ids: Iterable[int], item_ids: Iterable[int]
) -> tuple[dict[int, LineView], dict[int, Candidate]]:
    """Lines and items named by an automatic-pass report, for people to read."""
    lines, items = sorted(set(line_ids)), sorted(set(item_ids))
    with uow:
        s = uow.session
        currency = company_of(s, company_id).currency
        found = s.scalars(
            select(StatementLine).where(
                StatementLine.company_id == company_id, StatementLine.id.in_(lines or [0])
            )
        )
        views = {r.id: line_view(r) for r in found}
        stmt = _any_items_select(company_id).where(JournalItem.id.in_(items or [0]))
        rows = list(s.execute(stmt))
        names: dict[int | None, str] = {}
        _names(s, company_id, names, {r[5] for r in rows})
        return views, {r[0]: _candidate(r, False, names, currency) for r in rows}


def _any_items_select(company_id: int) -> Any:
    """Items by id whatever their state (a report may name items since reconciled)."""
    return (
        select(
            JournalItem.id,
            func.coalesce(Invoice.number, JournalEntry.number, ""),
            JournalItem.date,
            JournalItem.due_date,
            JournalItem.label,
            JournalItem.partner_id,
            JournalItem.amount_residual,
        )
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .outerjoin(Invoice, Invoice.entry_id == JournalItem.entry_id)
        .where(JournalItem.company_id == company_id)
    )
