"""General ledger, partner ledger and printed journals: items with running balances.

Each ledger is a list of groups (an account, or a partner) with opening,
period debit/credit and closing — one grouped aggregate — and the items of
the period, streamed (``yield_per``) in group order with a running balance
computed by the database: ``SUM(balance) OVER (PARTITION BY group ORDER BY
date, entry_id, id)`` plus the group's opening.

Invariants: for each group, the last item's running balance equals its
closing; ``closing == opening + debit - credit``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from asiento.reports.common import (
    PAYABLE_KINDS,
    PROFIT_AND_LOSS_KINDS,
    RECEIVABLE_KINDS,
    CompanyContext,
    ReportFilter,
    chart,
    company_context,
    item_scope,
    require_date,
)
from asiento.store.tables import Journal, JournalEntry, JournalItem, Partner
from asiento.store.tenancy import limited

NO_PARTNER = "(no partner)"
STREAM_CHUNK = 10_000
NAME_BATCH = 900


@dataclass(frozen=True, slots=True)
class LedgerGroup:
    """An account (general ledger) or a partner (partner ledger) over the period."""

    key: str
    name: str
    opening: Decimal
    debit: Decimal
    credit: Decimal
    closing: Decimal


class LedgerLine(NamedTuple):
    """One journal item; ``balance`` is the group's running balance after it.

    ``key`` identifies the group (account code, or partner id as text); ``group``
    is what people read (the account code, or the partner's name). A NamedTuple,
    not a frozen dataclass: just as immutable, and built several times faster,
    which matters when a ledger streams a million of them.
    """

    key: str
    group: str
    date: date
    entry: str
    journal: str
    account: str
    partner: str
    label: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


@dataclass(frozen=True, slots=True)
class Ledger:
    """Groups are computed; ``lines`` streams the items (call it inside the session)."""

    title: str
    company: str
    currency: str
    date_from: date
    date_to: date
    groups: tuple[LedgerGroup, ...]
    filter: ReportFilter
    by_partner: bool
    kinds: tuple[str, ...] | None


def general_ledger(session: Session, f: ReportFilter) -> Ledger:
    """Per account of the code range: opening, period items, closing."""
    return _ledger(session, f, by_partner=False, kinds=None, title="General ledger")


def partner_ledger(session: Session, f: ReportFilter, kind: str = "all") -> Ledger:
    """Per partner, receivable and/or payable accounts (``kind``: receivable|payable|all)."""
    kinds = {"receivable": RECEIVABLE_KINDS, "payable": PAYABLE_KINDS}.get(
        kind, RECEIVABLE_KINDS + PAYABLE_KINDS
    )
    return _ledger(session, f, by_partner=True, kinds=kinds, title="Partner ledger")


def _dates(ctx: CompanyContext, f: ReportFilter) -> tuple[date, date]:
    date_to = require_date(f.date_to, "date_to")
    return f.date_from or ctx.fiscal_year_start(date_to), date_to


def _ledger(
    session: Session,
    f: ReportFilter,
    *,
    by_partner: bool,
    kinds: tuple[str, ...] | None,
    title: str,
) -> Ledger:
    ctx = company_context(session, f.company_id)
    date_from, date_to = _dates(ctx, f)
    groups = _groups(session, ctx, f, date_from, date_to, by_partner, kinds)
    return Ledger(title, ctx.name, ctx.currency, date_from, date_to, groups, f, by_partner, kinds)


def _opening_case(
    ctx: CompanyContext, date_from: date, pl_accounts: list[int]
) -> ColumnElement[int]:
    """Items before the period; P&L accounts only from their fiscal year start."""
    item = JournalItem
    keep = item.date < date_from
    if pl_accounts:
        pl_start = ctx.fiscal_year_start(date_from)
        keep = keep & (~item.account_id.in_(pl_accounts) | (item.date >= pl_start))
    return case((keep, item.balance), else_=0)


def _groups(
    session: Session,
    ctx: CompanyContext,
    f: ReportFilter,
    date_from: date,
    date_to: date,
    by_partner: bool,
    kinds: tuple[str, ...] | None,
) -> tuple[LedgerGroup, ...]:
    """One aggregate over the items of the accounts in scope, grouped by account or partner id.

    Accounts are resolved first (a small query) so the aggregate filters on
    ``account_id IN (...)`` — the leading columns of ``ix_journal_items_account_date`` —
    and needs no join; account and partner names are looked up afterwards.
    """
    item = JournalItem
    accounts = chart(session, f, kinds)
    if not accounts:
        return ()
    pl_accounts = [a for a, (_, _, kind) in accounts.items() if kind in PROFIT_AND_LOSS_KINDS]
    in_period = item.date >= date_from
    key_col = item.partner_id if by_partner else item.account_id
    stmt = (
        select(
            key_col,
            func.sum(_opening_case(ctx, date_from, pl_accounts)),
            func.sum(case((in_period, item.debit), else_=0)),
            func.sum(case((in_period, item.credit), else_=0)),
        )
        .where(item_scope(f), item.account_id.in_(list(accounts)), item.date <= date_to)
        .group_by(key_col)
    )
    sums = [(key, int(o or 0), int(d or 0), int(c or 0)) for key, o, d, c in session.execute(stmt)]
    partners: dict[int | None, str] = {None: NO_PARTNER}
    if by_partner:
        add_partner_names(session, f.company_id, partners, {s[0] for s in sums})
    out = []
    for key, o, d, c in sums:
        if o or d or c:
            if by_partner:
                code, label = ("" if key is None else str(key)), partners[key]
            else:
                code, label = accounts[key][0], accounts[key][1]
            money = ctx.money
            out.append(LedgerGroup(code, label, money(o), money(d), money(c), money(o + d - c)))
    sort_key = (lambda g: (g.name, g.key)) if by_partner else (lambda g: (g.key, g.name))
    return tuple(sorted(out, key=sort_key))


def ledger_lines(session: Session, ledger: Ledger) -> Iterator[LedgerLine]:
    """The period's items in group order, running balance from the database window.

    A generator: iterate it inside the session that built ``ledger``; rows
    arrive in chunks of ``STREAM_CHUNK`` so memory stays flat on big ledgers.
    The hot loop reads plain tuples from a Core cursor: account codes and
    journal codes come from small dicts read up front, partner names from a
    dict filled once per chunk for the partners that chunk brings (no join of
    the items to accounts, journals or partners).
    """
    f = ledger.filter
    ctx = company_context(session, f.company_id)
    accounts = {a: code for a, (code, _, _) in chart(session, f, ledger.kinds).items()}
    if not accounts:
        return
    journals = dict(
        session.execute(
            select(Journal.id, Journal.code).where(Journal.company_id == f.company_id)
        ).all()
    )
    partners: dict[int | None, str] = {None: ""}
    scale = -ctx.exponent
    opening = {g.key: int(g.opening.scaleb(ctx.exponent)) for g in ledger.groups}
    names = {g.key: g.name for g in ledger.groups}
    conn = session.connection().execution_options(yield_per=STREAM_CHUNK)
    stmt = limited(_lines_select(ledger, accounts), ledger.filter.company_id)
    for rows in conn.execute(stmt).partitions():
        add_partner_names(session, f.company_id, partners, {r[5] for r in rows})
        for group_id, day, number, journal_id, account_id, partner_id, *rest in rows:
            label, debit, credit, running = rest
            code = accounts[account_id]
            key = code if not ledger.by_partner else "" if group_id is None else str(group_id)
            yield LedgerLine(
                key,
                names.get(key, key) if ledger.by_partner else key,
                day,
                number or "",
                journals[journal_id],
                code,
                partners[partner_id],
                label,
                Decimal(debit).scaleb(scale),
                Decimal(credit).scaleb(scale),
                Decimal(opening.get(key, 0) + int(running)).scaleb(scale),
            )


def add_partner_names(
    session: Session, company_id: int, names: dict[int | None, str], wanted: set[int | None]
) -> None:
    """Fill ``names`` with the names of the ``wanted`` partner ids it lacks.

    Asked in slices of ``NAME_BATCH`` ids so the ``IN`` list stays under
    SQLite's bound-parameter limit however many partners a report touches.
    """
    missing = [p for p in wanted if p not in names]
    for start in range(0, len(missing), NAME_BATCH):
        stmt = select(Partner.id, Partner.name).where(
            Partner.company_id == company_id, Partner.id.in_(missing[start : start + NAME_BATCH])
        )
        names.update(session.execute(stmt).all())


def _lines_select(ledger: Ledger, accounts: dict[int, str]) -> Any:
    """Plain item columns (ids, not names) in group order with the window's running sum."""
    item = JournalItem
    group_col: Any = item.partner_id if ledger.by_partner else item.account_id
    running = func.sum(item.balance).over(
        partition_by=group_col, order_by=(item.date, item.entry_id, item.id)
    )
    order: tuple[Any, ...]
    if ledger.by_partner:
        order = (func.coalesce(Partner.name, NO_PARTNER), item.partner_id)
    elif len(accounts) > 1:
        ranks = {a: n for n, (a, _) in enumerate(sorted(accounts.items(), key=lambda x: x[1]))}
        order = (case(ranks, value=item.account_id),)
    else:
        order = ()
    stmt = (
        select(
            group_col,
            item.date,
            JournalEntry.number,
            item.journal_id,
            item.account_id,
            item.partner_id,
            item.label,
            item.debit,
            item.credit,
            running,
        )
        .join(
            JournalEntry,
            (JournalEntry.company_id == item.company_id) & (JournalEntry.id == item.entry_id),
        )
        .where(
            item_scope(ledger.filter),
            item.account_id.in_(list(accounts)),
            item.date >= ledger.date_from,
            item.date <= ledger.date_to,
        )
        .order_by(*order, item.date, item.entry_id, item.id)
    )
    if ledger.by_partner:
        stmt = stmt.outerjoin(
            Partner, (Partner.company_id == item.company_id) & (Partner.id == item.partner_id)
        )
    return stmt
