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

Year closing entries (``closing_entries``): ``"column"`` (the default) moves
them out of the period debit and credit into their own ``year_end`` column,
``"exclude"`` leaves them out (closing = the balance before closing), and
``"include"`` counts them in debit and credit like any entry.

Invariants: over the whole company (no journal/partner/account filter), the
opening, closing and comparison columns each sum to zero and period debit
equals period credit; ``closing == opening + debit - credit (+ year_end in
the "column" mode)`` on every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from asiento.domain.errors import InvalidInput
from asiento.reports.common import (
    PROFIT_AND_LOSS_KINDS,
    CompanyContext,
    ReportFilter,
    chart,
    closing_entry_ids,
    company_context,
    item_scope,
    require_date,
)
from asiento.store.tables import JournalItem

ZERO = Decimal(0)
CLOSING_MODES = ("column", "exclude", "include")
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
    year_end: Decimal | None = None


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
    closing_entries: str = "column"


@dataclass(frozen=True, slots=True)
class _Sums:
    opening: int
    debit: int
    credit: int
    prior: int
    year_end: int = 0


def period_of(ctx: CompanyContext, f: ReportFilter) -> tuple[date, date]:
    """(date_from, date_to); an as-of report (no ``date_from``) starts its fiscal year."""
    date_to = require_date(f.date_to, "date_to")
    return f.date_from or ctx.fiscal_year_start(date_to), date_to


def account_sums(
    session: Session,
    ctx: CompanyContext,
    f: ReportFilter,
    date_from: date,
    date_to: date,
    closings: list[int] | None = None,
) -> dict[tuple[str, str, str], _Sums]:
    """Per account (code, name, kind): opening, period debit/credit, prior-year P&L.

    ``closings``: closing entries kept out of the period debit and credit and
    summed apart (``year_end``).
    """
    accounts = chart(session, f, None)
    if not accounts:
        return {}
    pl_start = ctx.fiscal_year_start(date_from)
    out: dict[tuple[str, str, str], _Sums] = {}
    for account_id, earlier, this_year, debit, credit, year_end in _band_sums(
        session, f, (date_from, date_to), pl_start, list(accounts), closings or []
    ):
        key = accounts[account_id]
        if key[2] in PROFIT_AND_LOSS_KINDS:
            out[key] = _Sums(this_year, debit, credit, earlier, year_end)
        else:
            out[key] = _Sums(earlier + this_year, debit, credit, 0, year_end)
    return out


def _band_sums(
    session: Session,
    f: ReportFilter,
    period: tuple[date, date],
    pl_start: date,
    accounts: list[int],
    closings: list[int],
) -> list[tuple[int, int, int, int, int, int]]:
    """(account, balance before ``pl_start``, from it to ``date_from``, debit, credit, closing).

    Grouped by ``account_id`` with no join, like the bare aggregate. The
    ``account_id IN (...)`` filter is added only for an account range: on the
    whole chart it would only steer SQLite from one pass over an index on
    ``(company_id, account_id, ...)`` to one range search per account, much
    slower at a million items. The middle band is dropped when empty (a
    period starting its fiscal year, the usual case): one ``CASE`` less per item.
    """
    item = JournalItem
    date_from, date_to = period
    in_period = item.date >= date_from
    closing = item.entry_id.in_(closings) if closings else None
    if closing is not None:
        in_period = in_period & ~closing
    columns = [
        func.sum(case((item.date < pl_start, item.balance), else_=0)),
        func.sum(case((in_period, item.debit), else_=0)),
        func.sum(case((in_period, item.credit), else_=0)),
        func.sum(case(((item.date >= date_from) & closing, item.balance), else_=0))
        if closing is not None
        else literal(0),
    ]
    if pl_start < date_from:
        before_period = (item.date >= pl_start) & (item.date < date_from)
        columns.append(func.sum(case((before_period, item.balance), else_=0)))
    scope = [item_scope(f), item.date <= date_to]
    if f.account_from or f.account_to:
        scope.append(item.account_id.in_(accounts))
    stmt = select(item.account_id, *columns).where(*scope).group_by(item.account_id)
    bands: list[tuple[int, int, int, int, int, int]] = []
    for account_id, earlier, debit, credit, year_end, *middle in session.execute(stmt):
        this_year = int(middle[0] or 0) if middle else 0
        bands.append(
            (account_id, int(earlier or 0), this_year, int(debit or 0), int(credit or 0),
             int(year_end or 0))
        )  # fmt: skip
    return bands


def trial_balance(
    session: Session,
    f: ReportFilter,
    compare_from: date | None = None,
    compare_to: date | None = None,
    closing_entries: str = "column",
) -> TrialBalance:
    """Trial balance of ``f``'s period (or fiscal year to ``date_to``), with a comparison.

    ``closing_entries``: ``column``, ``exclude`` or ``include`` (module docstring).
    """
    if closing_entries not in CLOSING_MODES:
        raise InvalidInput(
            f"closing_entries must be one of {', '.join(CLOSING_MODES)}", field="closing_entries"
        )
    ctx = company_context(session, f.company_id)
    date_from, date_to = period_of(ctx, f)
    closings = [] if closing_entries == "include" else closing_entry_ids(session, f.company_id)
    keep = closing_entries != "exclude"
    sums = account_sums(session, ctx, f, date_from, date_to, closings)
    compared: dict[str, int] = {}
    if compare_to is not None:
        c_from = compare_from or ctx.fiscal_year_start(compare_to)
        other = account_sums(session, ctx, f, c_from, compare_to, closings)
        compared = {k[0]: _closing(s, keep) for k, s in other.items()}
        compared[PRIOR_EARNINGS] = sum(s.prior for s in other.values())
        sums.update({k: _Sums(0, 0, 0, 0) for k in other if k not in sums})
    column = closing_entries == "column" and any(s.year_end for s in sums.values())
    rows = [
        _row(ctx, key, s, compared.get(key[0], 0) if compare_to else None, column, keep)
        for key, s in sorted(sums.items())
        if s.opening or s.debit or s.credit or (keep and s.year_end) or compared.get(key[0])
    ]
    prior = sum(s.prior for s in sums.values())
    if prior or compared.get(PRIOR_EARNINGS):
        key = ("", PRIOR_EARNINGS, "equity")
        rows.append(
            _row(ctx, key, _Sums(prior, 0, 0, 0), compared.get(PRIOR_EARNINGS), column, keep)
        )
    return TrialBalance(
        ctx.name,
        ctx.currency,
        date_from,
        date_to,
        tuple(rows),
        _total(rows, compare_to is not None, ctx.money(0), column),
        compare_from or (ctx.fiscal_year_start(compare_to) if compare_to else None),
        compare_to,
        closing_entries,
    )


def _closing(s: _Sums, keep_year_end: bool) -> int:
    return s.opening + s.debit - s.credit + (s.year_end if keep_year_end else 0)


def _row(
    ctx: CompanyContext,
    key: tuple[str, str, str],
    s: _Sums,
    compared: int | None,
    column: bool = False,
    keep: bool = True,
) -> TrialBalanceRow:
    return TrialBalanceRow(
        *key,
        opening=ctx.money(s.opening),
        debit=ctx.money(s.debit),
        credit=ctx.money(s.credit),
        closing=ctx.money(_closing(s, keep)),
        comparison=None if compared is None else ctx.money(compared),
        year_end=ctx.money(s.year_end) if column else None,
    )


def _total(
    rows: list[TrialBalanceRow], with_comparison: bool, zero: Decimal, column: bool = False
) -> TrialBalanceRow:
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
        sum((r.year_end for r in rows if r.year_end is not None), zero) if column else None,
    )
