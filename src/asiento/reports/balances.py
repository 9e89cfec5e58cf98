"""Trial balance: opening, period debit and credit, closing per account.

One aggregate over ``journal_items`` alone, grouped by ``account_id`` (no
join, no per-row test of the account kind): each item falls in one date band
- before the fiscal year of ``date_from``, from that fiscal year start to
``date_from``, or in the period - and each band is one conditional ``SUM``,
all read in one pass. The chart (a few hundred accounts) is read apart and
the bands are turned into opening and prior-year columns per account in Python.

Profit-and-loss accounts restart at each fiscal year: their opening counts
items from the start of the fiscal year that contains ``date_from``. What they
earned in earlier years appears on one extra equity row, "Undistributed
earnings of prior years", so that every column still sums to zero.

Invariants: over the whole company (no journal/partner/account filter), the
opening, closing and comparison columns each sum to zero and period debit
equals period credit; ``closing == opening + debit - credit`` on every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from asiento.reports.common import (
    PROFIT_AND_LOSS_KINDS,
    CompanyContext,
    ReportFilter,
    chart,
    company_context,
    item_scope,
    require_date,
)
from asiento.store.tables import JournalItem

ZERO = Decimal(0)
PRIOR_EARNINGS = "Undistributed earnings of prior years"


@dataclass(frozen=True, slots=True)
class TrialBalanceRow:
    """One account; amounts are debit-positive balances in the company currency."""

    code: str
    name: str
    kind: str
    opening: Decimal
    debit: Decimal
    credit: Decimal
    closing: Decimal
    comparison: Decimal | None = None


@dataclass(frozen=True, slots=True)
class TrialBalance:
    company: str
    currency: str
    date_from: date
    date_to: date
    rows: tuple[TrialBalanceRow, ...]
    total: TrialBalanceRow
    compare_from: date | None = None
    compare_to: date | None = None


@dataclass(frozen=True, slots=True)
class _Sums:
    opening: int
    debit: int
    credit: int
    prior: int


def period_of(ctx: CompanyContext, f: ReportFilter) -> tuple[date, date]:
    """(date_from, date_to); an as-of report (no ``date_from``) starts its fiscal year."""
    date_to = require_date(f.date_to, "date_to")
    return f.date_from or ctx.fiscal_year_start(date_to), date_to


def account_sums(
    session: Session, ctx: CompanyContext, f: ReportFilter, date_from: date, date_to: date
) -> dict[tuple[str, str, str], _Sums]:
    """Per account (code, name, kind): opening, period debit/credit, prior-year P&L."""
    accounts = chart(session, f, None)
    if not accounts:
        return {}
    pl_start = ctx.fiscal_year_start(date_from)
    out: dict[tuple[str, str, str], _Sums] = {}
    for account_id, earlier, this_year, debit, credit in _band_sums(
        session, f, date_from, date_to, pl_start, list(accounts)
    ):
        key = accounts[account_id]
        if key[2] in PROFIT_AND_LOSS_KINDS:
            out[key] = _Sums(this_year, debit, credit, earlier)
        else:
            out[key] = _Sums(earlier + this_year, debit, credit, 0)
    return out


def _band_sums(
    session: Session,
    f: ReportFilter,
    date_from: date,
    date_to: date,
    pl_start: date,
    accounts: list[int],
) -> list[tuple[int, int, int, int, int]]:
    """(account id, balance before ``pl_start``, balance from it to ``date_from``, debit, credit).

    Grouped by ``account_id`` with no join, like the bare aggregate. The
    ``account_id IN (...)`` filter is added only for an account range: on the
    whole chart it would only steer SQLite from one pass over an index on
    ``(company_id, account_id, ...)`` to one range search per account, much
    slower at a million items. The middle band is dropped when empty (a
    period starting its fiscal year, the usual case): one ``CASE`` less per item.
    """
    item = JournalItem
    in_period = item.date >= date_from
    columns = [
        func.sum(case((item.date < pl_start, item.balance), else_=0)),
        func.sum(case((in_period, item.debit), else_=0)),
        func.sum(case((in_period, item.credit), else_=0)),
    ]
    if pl_start < date_from:
        before_period = (item.date >= pl_start) & (item.date < date_from)
        columns.append(func.sum(case((before_period, item.balance), else_=0)))
    scope = [item_scope(f), item.date <= date_to]
    if f.account_from or f.account_to:
        scope.append(item.account_id.in_(accounts))
    stmt = select(item.account_id, *columns).where(*scope).group_by(item.account_id)
    bands: list[tuple[int, int, int, int, int]] = []
    for account_id, earlier, debit, credit, *middle in session.execute(stmt):
        this_year = int(middle[0] or 0) if middle else 0
        bands.append((account_id, int(earlier or 0), this_year, int(debit or 0), int(credit or 0)))
    return bands


def trial_balance(
    session: Session,
    f: ReportFilter,
    compare_from: date | None = None,
    compare_to: date | None = None,
) -> TrialBalance:
    """Trial balance of ``f``'s period (or fiscal year to ``date_to``), with a comparison."""
    ctx = company_context(session, f.company_id)
    date_from, date_to = period_of(ctx, f)
    sums = account_sums(session, ctx, f, date_from, date_to)
    compared: dict[str, int] = {}
    if compare_to is not None:
        c_from = compare_from or ctx.fiscal_year_start(compare_to)
        other = account_sums(session, ctx, f, c_from, compare_to)
        compared = {k[0]: s.opening + s.debit - s.credit for k, s in other.items()}
        compared[PRIOR_EARNINGS] = sum(s.prior for s in other.values())
        sums.update({k: _Sums(0, 0, 0, 0) for k in other if k not in sums})
    rows = [
        _row(ctx, key, s, compared.get(key[0], 0) if compare_to else None)
        for key, s in sorted(sums.items())
        if s.opening or s.debit or s.credit or compared.get(key[0])
    ]
    prior = sum(s.prior for s in sums.values())
    if prior or compared.get(PRIOR_EARNINGS):
        key = ("", PRIOR_EARNINGS, "equity")
        rows.append(_row(ctx, key, _Sums(prior, 0, 0, 0), compared.get(PRIOR_EARNINGS)))
    return TrialBalance(
        ctx.name,
        ctx.currency,
        date_from,
        date_to,
        tuple(rows),
        _total(rows, compare_to is not None, ctx.money(0)),
        compare_from or (ctx.fiscal_year_start(compare_to) if compare_to else None),
        compare_to,
    )


def _row(
    ctx: CompanyContext, key: tuple[str, str, str], s: _Sums, compared: int | None
) -> TrialBalanceRow:
    return TrialBalanceRow(
        *key,
        opening=ctx.money(s.opening),
        debit=ctx.money(s.debit),
        credit=ctx.money(s.credit),
        closing=ctx.money(s.opening + s.debit - s.credit),
        comparison=None if compared is None else ctx.money(compared),
    )


def _total(rows: list[TrialBalanceRow], with_comparison: bool, zero: Decimal) -> TrialBalanceRow:
    return TrialBalanceRow(
        "",
        "Total",
        "",
        sum((r.opening for r in rows), zero),
        sum((r.debit for r in rows), zero),
        sum((r.credit for r in rows), zero),
        sum((r.closing for r in rows), zero),
        sum((r.comparison for r in rows if r.comparison is not None), zero)
        if with_comparison
        else None,
    )
