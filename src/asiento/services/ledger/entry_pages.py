"""What the journal-entry pages show: the list (searched) and one entry with its links.

The list finds entries by number (prefix), reference (exact), amount (an item's
debit or credit, exact minor units), partner name, and narrows by an account and a
partner chosen in pickers. The entry page shows each item with its account and
partner names, the document the entry belongs to, the reversal links, and for each
reconciled item the entries it is reconciled with, all named by their numbers.

Invariants:
    - every query filters on ``company_id``;
    - a search text finds at most ``limit`` entries, newest first within each way
      of matching, and no entry twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, func, or_, select

from asiento.domain.search_terms import amount_of, minor_candidates
from asiento.services.ledger.document_links import DocLink, document_links
from asiento.services.ledger.entries import company_of
from asiento.services.ledger.entry_views import EntryView, entry_views
from asiento.services.search import search_partners
from asiento.store.query import get_scoped
from asiento.store.tables import (
    Account,
    Journal,
    JournalEntry,
    JournalItem,
    PartialReconciliation,
    Partner,
)
from asiento.store.text_search import number_starts_with
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

LIST_SIZE = 50
PARTNER_FANOUT = 20


@dataclass(frozen=True, slots=True)
class EntryRow:
    id: int
    number: str | None
    date: dt.date
    journal: str
    ref: str
    state: str
    total: Decimal
    origin: DocLink | None


@dataclass(frozen=True, slots=True)
class ItemLine:
    """One journal item as the entry page shows it, with what it is reconciled with."""

    id: int
    account: str
    partner_id: int | None
    partner: str | None
    label: str
    debit: Decimal
    credit: Decimal
    currency: str
    amount_currency: Decimal
    due_date: dt.date | None
    reconciled: bool
    matched: tuple[DocLink, ...]


@dataclass(frozen=True, slots=True)
class EntryPage:
    entry: EntryView
    journal: str
    currency: str
    origin: DocLink | None
    reversal_of: DocLink | None
    reversed_by: DocLink | None
    items: tuple[ItemLine, ...]
    total_debit: Decimal
    total_credit: Decimal


def _item_filter(company_id: int, column: Any, value: Any) -> Any:
    return exists().where(
        JournalItem.entry_id == JournalEntry.id,
        JournalItem.company_id == company_id,
        column == value if not isinstance(value, list) else column.in_(value),
    )


def _text_queries(uow: UnitOfWork, company_id: int, base: Any, raw: str) -> list[Any]:
    queries = [base.where(number_starts_with(JournalEntry.number, raw))]
    if raw.upper() != raw:
        queries.append(base.where(number_starts_with(JournalEntry.number, raw.upper())))
    queries.append(base.where(JournalEntry.ref == raw))
    amount = amount_of(raw)
    if amount is not None:
        minors = sorted(set(minor_candidates(abs(amount)).values()))
        if minors:
            queries.append(
                base.where(
                    exists().where(
                        JournalItem.entry_id == JournalEntry.id,
                        JournalItem.company_id == company_id,
                        or_(JournalItem.debit.in_(minors), JournalItem.credit.in_(minors)),
                    )
                )
            )
    else:
        partners = search_partners(uow, company_id, raw, PARTNER_FANOUT, archived=True)
        if partners:
            ids = [p.id for p in partners]
            queries.append(base.where(_item_filter(company_id, JournalItem.partner_id, ids)))
    return queries


def find_entries(
    uow: UnitOfWork,
    company_id: int,
    text: str = "",
    account_id: int | None = None,
    partner_id: int | None = None,
    limit: int = LIST_SIZE,
) -> list[EntryRow]:
    """Entries matching ``text`` (or the newest ones), narrowed by account and partner."""
    base = select(JournalEntry.id).where(JournalEntry.company_id == company_id)
    if account_id is not None:
        base = base.where(_item_filter(company_id, JournalItem.account_id, account_id))
    if partner_id is not None:
        base = base.where(_item_filter(company_id, JournalItem.partner_id, partner_id))
    base = base.order_by(JournalEntry.date.desc(), JournalEntry.id.desc())
    raw = text.strip()
    queries = _text_queries(uow, company_id, base, raw) if raw else [base]
    with uow:
        ids: list[int] = []
        for query in queries:
            for (ident,) in uow.session.execute(query.limit(limit)):
                if ident not in ids and len(ids) < limit:
                    ids.append(ident)
        return _rows(uow, company_id, ids)


def _rows(uow: UnitOfWork, company_id: int, ids: Sequence[int]) -> list[EntryRow]:
    s = uow.session
    currency = company_of(s, company_id).currency
    found = s.execute(
        select(JournalEntry, Journal.code, func.coalesce(func.sum(JournalItem.debit), 0))
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .outerjoin(JournalItem, JournalItem.entry_id == JournalEntry.id)
        .where(JournalEntry.company_id == company_id, JournalEntry.id.in_(ids))
        .group_by(JournalEntry.company_id, JournalEntry.id, Journal.code)
    ).all()
    by_id = {e.id: (e, code, int(total)) for e, code, total in found}
    links = document_links(
        s,
        company_id,
        [(e.origin_kind, e.origin_id) for e, _, _ in found if e.origin_kind and e.origin_id],
    )
    rows = []
    for ident in ids:
        e, code, total = by_id[ident]
        rows.append(
            EntryRow(
                e.id, e.number, e.date, code, e.ref, e.state, from_minor(total, currency),
                links.get((e.origin_kind or "", e.origin_id or 0)),
            )
        )  # fmt: skip
    return rows


def _matched(uow: UnitOfWork, company_id: int, item_ids: list[int]) -> dict[int, list[int]]:
    """For each item, the entries of the items it is (partly) reconciled with."""
    s = uow.session
    pairs = s.execute(
        select(PartialReconciliation.debit_item_id, PartialReconciliation.credit_item_id).where(
            PartialReconciliation.company_id == company_id,
            or_(
                PartialReconciliation.debit_item_id.in_(item_ids),
                PartialReconciliation.credit_item_id.in_(item_ids),
            ),
        )
    ).all()
    others = {d for d, c in pairs} | {c for d, c in pairs}
    entry_of = dict(
        s.execute(
            select(JournalItem.id, JournalItem.entry_id).where(
                JournalItem.company_id == company_id, JournalItem.id.in_(others)
            )
        ).all()
    )
    matched: dict[int, list[int]] = {i: [] for i in item_ids}
    for debit, credit in pairs:
        for mine, other in ((debit, credit), (credit, debit)):
            if mine in matched and entry_of[other] not in matched[mine]:
                matched[mine].append(entry_of[other])
    return matched


def entry_page(uow: UnitOfWork, company_id: int, entry_id: int) -> EntryPage:
    """One entry of the company with its items, origin, reversals and reconciliations."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        entry = get_scoped(s, JournalEntry, company_id, entry_id, "entry")
        view = entry_views(s, [entry], company.currency)[0]
        journal = s.get(Journal, entry.journal_id)
        names = dict(
            s.execute(
                select(Account.id, Account.code + " " + Account.name).where(
                    Account.company_id == company_id,
                    Account.id.in_({i.account_id for i in view.items}),
                )
            ).all()
        )
        matched = _matched(uow, company_id, [i.id for i in view.items])
        pairs: list[tuple[str, int]] = [("entry", e) for ids in matched.values() for e in ids]
        pairs += [("entry", e) for e in (view.reversal_of_id, view.reversed_by_id) if e]
        if view.origin_kind and view.origin_id:
            pairs.append((view.origin_kind, view.origin_id))
        links = document_links(s, company_id, pairs)
        items = tuple(_line(i, names, matched, links) for i in view.items)
        return EntryPage(
            view, f"{journal.code} {journal.name}" if journal else "", company.currency,
            links.get((view.origin_kind or "", view.origin_id or 0)),
            links.get(("entry", view.reversal_of_id or 0)),
            links.get(("entry", view.reversed_by_id or 0)),
            items, sum((i.debit for i in items), Decimal(0)),
            sum((i.credit for i in items), Decimal(0)),
        )  # fmt: skip


def _line(
    i: Any, names: dict[int, str], matched: dict[int, list[int]], links: dict[Any, DocLink]
) -> ItemLine:
    return ItemLine(
        i.id, names.get(i.account_id, i.account_code), i.partner_id, i.partner_name, i.label,
        i.debit, i.credit, i.currency, i.amount_currency, i.due_date, i.reconciled,
        tuple(links[("entry", e)] for e in matched.get(i.id, []) if ("entry", e) in links),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FormChoices:
    """What the entry form offers: journals (general ones first), and the names of
    the accounts and partners already chosen, for the pickers to show again."""

    journals: tuple[tuple[int, str], ...]
    accounts: dict[int, str]
    partners: dict[int, str]


def form_choices(
    uow: UnitOfWork, company_id: int, account_ids: Sequence[int], partner_ids: Sequence[int]
) -> FormChoices:
    with uow:
        s = uow.session
        journals = s.execute(
            select(Journal.id, Journal.code, Journal.name, Journal.kind)
            .where(Journal.company_id == company_id)
            .order_by(Journal.kind != "general", Journal.code)
        ).all()
        accounts = s.execute(
            select(Account.id, Account.code, Account.name).where(
                Account.company_id == company_id, Account.id.in_(set(account_ids))
            )
        ).all()
        partners = s.execute(
            select(Partner.id, Partner.name).where(
                Partner.company_id == company_id, Partner.id.in_(set(partner_ids))
            )
        ).all()
        return FormChoices(
            tuple((j.id, f"{j.code} {j.name}") for j in journals),
            {a.id: f"{a.code} {a.name}" for a in accounts},
            {p.id: p.name for p in partners},
        )
