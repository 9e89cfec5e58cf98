"""Profit and loss and balance sheet, by account kind, with a comparison period.

Both are one grouped ``SUM(balance)`` per account over a date range. The
balance sheet adds two equity lines computed from the P&L accounts so that it
balances without a closing entry: "Current year earnings" (fiscal year start
to the as-of date) and "Prior years' undistributed earnings" (before it).

Year closing entries (``closing_entry_ids``) are left out of the P&L, so a
closed year still shows its income and expenses; the balance sheet keeps
them: after closing, the result sits in the retained earnings account and
the earnings lines of the closed year are zero.

Invariants: ``net_profit == income - expenses``; on the balance sheet
``assets == liabilities + equity`` where equity includes both earnings lines
(``off_balance`` accounts are left out of both statements).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.reports.common import (
    ASSET_KINDS,
    EQUITY_KINDS,
    EXPENSE_KINDS,
    INCOME_KINDS,
    LIABILITY_KINDS,
    PROFIT_AND_LOSS_KINDS,
    CompanyContext,
    ReportFilter,
    account_scope,
    closing_entry_ids,
    company_context,
    item_scope,
    require_date,
)
from asiento.store.tables import Account, JournalItem

ZERO = Decimal(0)
CURRENT_EARNINGS = "Current year earnings"
PRIOR_EARNINGS = "Prior years' undistributed earnings"
# (section, kinds, sign): sign turns a debit-positive balance into the figure printed
PNL_SECTIONS = (("income", INCOME_KINDS, -1), ("expenses", EXPENSE_KINDS, 1))
BS_SECTIONS = (
    ("assets", ASSET_KINDS, 1),
    ("liabilities", LIABILITY_KINDS, -1),
    ("equity", EQUITY_KINDS, -1),
)


@dataclass(frozen=True, slots=True)
class StatementRow:
    section: str
    kind: str
    code: str
    name: str
    amount: Decimal
    comparison: Decimal | None = None


@dataclass(frozen=True, slots=True)
class SectionTotal:
    section: str
    amount: Decimal
    comparison: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """``result`` is net profit (P&L) or liabilities + equity (balance sheet)."""

    title: str
    company: str
    currency: str
    date_from: date | None
    date_to: date
    rows: tuple[StatementRow, ...]
    totals: tuple[SectionTotal, ...]
    result: SectionTotal
    compare_from: date | None = None
    compare_to: date | None = None


Key = tuple[str, str, str]  # (code, name, kind)


def _z(value: Decimal | None) -> Decimal:
    return ZERO if value is None else value


def _balances(
    session: Session,
    f: ReportFilter,
    kinds: tuple[str, ...],
    start: date | None,
    end: date,
    without: list[int] | None = None,
) -> dict[Key, int]:
    """Debit-positive balance per account of ``kinds`` over [start, end] (minor units).

    ``without``: entry ids left out (the P&L leaves out year closing entries).
    """
    item = JournalItem
    where = [item_scope(f), account_scope(f, kinds), item.date <= end]
    if start is not None:
        where.append(item.date >= start)
    if without:
        where.append(item.entry_id.not_in(without))
    stmt = (
        select(Account.code, Account.name, Account.kind, func.sum(item.balance))
        .join(Account, Account.id == item.account_id)
        .where(*where)
        .group_by(Account.id, Account.code, Account.name, Account.kind)
    )
    return {(c, n, k): int(b or 0) for c, n, k, b in session.execute(stmt)}


def _section_rows(
    ctx: CompanyContext,
    sections: tuple[tuple[str, tuple[str, ...], int], ...],
    current: dict[Key, int],
    compared: dict[Key, int] | None,
) -> list[StatementRow]:
    rows = []
    keys = sorted(set(current) | set(compared or {}))
    for section, kinds, sign in sections:
        for key in keys:
            if key[2] not in kinds:
                continue
            now, then = current.get(key, 0), (compared or {}).get(key, 0)
            if now or then:
                rows.append(
                    StatementRow(
                        section,
                        key[2],
                        key[0],
                        key[1],
                        ctx.money(sign * now),
                        None if compared is None else ctx.money(sign * then),
                    )
                )
    return rows


def _totals(
    rows: list[StatementRow], sections: tuple[str, ...], compare: bool, zero: Decimal
) -> tuple[SectionTotal, ...]:
    return tuple(
        SectionTotal(
            s,
            sum((r.amount for r in rows if r.section == s), zero),
            sum((r.comparison for r in rows if r.section == s and r.comparison is not None), zero)
            if compare
            else None,
        )
        for s in sections
    )


def profit_and_loss(
    session: Session,
    f: ReportFilter,
    compare_from: date | None = None,
    compare_to: date | None = None,
) -> Statement:
    """Income and expenses of the period (default: fiscal year to ``date_to``)."""
    ctx = company_context(session, f.company_id)
    date_to = require_date(f.date_to, "date_to")
    date_from = f.date_from or ctx.fiscal_year_start(date_to)
    closings = closing_entry_ids(session, f.company_id)
    current = _balances(session, f, PROFIT_AND_LOSS_KINDS, date_from, date_to, closings)
    compared = None
    if compare_to is not None:
        compare_from = compare_from or ctx.fiscal_year_start(compare_to)
        compared = _balances(session, f, PROFIT_AND_LOSS_KINDS, compare_from, compare_to, closings)
    rows = _section_rows(ctx, PNL_SECTIONS, current, compared)
    income, expenses = _totals(rows, ("income", "expenses"), compared is not None, ctx.money(0))
    net = SectionTotal(
        "net profit",
        income.amount - expenses.amount,
        None if compared is None else _z(income.comparison) - _z(expenses.comparison),
    )
    return Statement(
        "Profit and loss", ctx.name, ctx.currency, date_from, date_to, tuple(rows),
        (income, expenses), net, compare_from, compare_to,
    )  # fmt: skip


def _with_earnings(
    session: Session, ctx: CompanyContext, f: ReportFilter, as_of: date
) -> dict[Key, int]:
    """Balance-sheet balances at ``as_of`` plus the two earnings lines (as equity)."""
    balances = _balances(session, f, ASSET_KINDS + LIABILITY_KINDS + EQUITY_KINDS, None, as_of)
    fy_start = ctx.fiscal_year_start(as_of)
    pl = _balances(session, f, PROFIT_AND_LOSS_KINDS, None, as_of)
    pl_current = _balances(session, f, PROFIT_AND_LOSS_KINDS, fy_start, as_of)
    current = sum(pl_current.values())
    balances[("", CURRENT_EARNINGS, "equity")] = current
    balances[("", PRIOR_EARNINGS, "equity")] = sum(pl.values()) - current
    return balances


def balance_sheet(session: Session, f: ReportFilter, compare_to: date | None = None) -> Statement:
    """Assets, liabilities and equity at ``f.date_to`` (and at ``compare_to``)."""
    ctx = company_context(session, f.company_id)
    as_of = require_date(f.date_to, "as_of")
    current = _with_earnings(session, ctx, f, as_of)
    compared = None if compare_to is None else _with_earnings(session, ctx, f, compare_to)
    rows = _section_rows(ctx, BS_SECTIONS, current, compared)
    totals = _totals(rows, ("assets", "liabilities", "equity"), compared is not None, ctx.money(0))
    _, liabilities, equity = totals
    result = SectionTotal(
        "liabilities and equity",
        liabilities.amount + equity.amount,
        None if compared is None else _z(liabilities.comparison) + _z(equity.comparison),
    )
    return Statement(
        "Balance sheet", ctx.name, ctx.currency, None, as_of, tuple(rows), totals, result,
        None, compare_to,
    )  # fmt: skip
