"""Aged receivable and aged payable as of a date, by due date, per partner.

The open amount of an item at date D is its balance minus what partial
reconciliations dated on or before D matched: a partial takes ``amount`` off
its debit item and gives it back to its credit item. ``max_date`` of a partial
is the later date of its two items, so a payment received after D leaves the
invoice fully open at D. Items with no due date are due on their own date.

One SQL statement: the matched amounts per item (a ``UNION ALL`` of both sides
of ``partial_reconciliations`` grouped by item) joined to the items, bucketed with
``CASE`` on due-date boundaries computed up front, grouped by partner.

Invariants: the aged total equals the balance of the receivable (payable)
accounts at D, because every partial adds and subtracts the same amount;
``total`` of a row is the sum of its buckets.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from asiento.domain.errors import InvalidInput
from asiento.reports.common import (
    PAYABLE_KINDS,
    RECEIVABLE_KINDS,
    ReportFilter,
    chart,
    company_context,
    item_scope,
    require_date,
)
from asiento.reports.ledgers import NO_PARTNER, add_partner_names
from asiento.store.tables import JournalItem, PartialReconciliation

DEFAULT_BUCKETS = (30, 60, 90)
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class AgedRow:
    """One partner; ``buckets[0]`` is not yet due, then each day range, then the rest.

    Receivables are shown debit-positive, payables credit-positive (what we owe).
    """

    partner_id: int | None
    partner: str
    buckets: tuple[Decimal, ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class AgedBalance:
    title: str
    company: str
    currency: str
    as_of: date
    bucket_labels: tuple[str, ...]
    rows: tuple[AgedRow, ...]
    total: AgedRow


def bucket_labels(limits: tuple[int, ...]) -> tuple[str, ...]:
    """("not due", "1-30", "31-60", "61-90", "> 90") for limits (30, 60, 90)."""
    labels, low = ["not due"], 1
    for high in limits:
        labels.append(f"{low}-{high}")
        low = high + 1
    labels.append(f"> {limits[-1]}")
    return tuple(labels)


def check_buckets(limits: tuple[int, ...]) -> tuple[int, ...]:
    if not limits or any(b <= 0 for b in limits) or list(limits) != sorted(set(limits)):
        raise InvalidInput(
            "buckets must be increasing positive day counts, e.g. 30,60,90", field="buckets"
        )
    return limits


def aged_receivable(
    session: Session, f: ReportFilter, buckets: tuple[int, ...] = DEFAULT_BUCKETS
) -> AgedBalance:
    return _aged(session, f, check_buckets(buckets), RECEIVABLE_KINDS, 1, "Aged receivable")


def aged_payable(
    session: Session, f: ReportFilter, buckets: tuple[int, ...] = DEFAULT_BUCKETS
) -> AgedBalance:
    return _aged(session, f, check_buckets(buckets), PAYABLE_KINDS, -1, "Aged payable")


def matched_until(company_id: int, as_of: date) -> Any:
    """Subquery (item_id, matched): signed amounts partials dated <= as_of took off an item."""
    p = PartialReconciliation
    scope = and_(p.company_id == company_id, p.max_date <= as_of)
    sides = union_all(
        select(p.debit_item_id.label("item_id"), (-p.amount).label("delta")).where(scope),
        select(p.credit_item_id.label("item_id"), p.amount.label("delta")).where(scope),
    ).subquery()
    return (
        select(sides.c.item_id, func.sum(sides.c.delta).label("matched"))
        .group_by(sides.c.item_id)
        .subquery()
    )


def _aged(
    session: Session,
    f: ReportFilter,
    limits: tuple[int, ...],
    kinds: tuple[str, ...],
    sign: int,
    title: str,
) -> AgedBalance:
    ctx = company_context(session, f.company_id)
    as_of = require_date(f.date_to, "as_of")
    accounts = list(chart(session, f, kinds))
    sums = session.execute(_aged_select(f, limits, accounts, as_of)).all() if accounts else []
    names: dict[int | None, str] = {None: NO_PARTNER}
    add_partner_names(session, f.company_id, names, {row[0] for row in sums})
    rows = []
    for partner_id, *minor in sums:
        amounts = tuple(ctx.money(sign * int(s or 0)) for s in minor)
        if any(amounts):
            rows.append(AgedRow(partner_id, names[partner_id], amounts, sum(amounts, ZERO)))
    rows.sort(key=lambda r: (r.partner, r.partner_id or 0))
    width = len(limits) + 2
    zero = ctx.money(0)
    totals = tuple(sum((r.buckets[i] for r in rows), zero) for i in range(width))
    total = AgedRow(None, "Total", totals, sum(totals, zero))
    return AgedBalance(
        title, ctx.name, ctx.currency, as_of, bucket_labels(limits), tuple(rows), total
    )


def _aged_select(f: ReportFilter, limits: tuple[int, ...], accounts: list[int], as_of: date) -> Any:
    """Bucket sums per partner id; accounts resolved up front, partner names looked up after."""
    item = JournalItem
    matched = matched_until(f.company_id, as_of)
    open_amount = item.balance + func.coalesce(matched.c.matched, literal(0))
    due = func.coalesce(item.due_date, item.date)
    # bucket i holds items due on or after boundary[i]: compared as dates, portable SQL
    boundaries = [as_of] + [as_of - timedelta(days=d) for d in limits]
    columns = [func.sum(case((due >= boundaries[0], open_amount), else_=0))]
    for newer, older in itertools.pairwise(boundaries):
        columns.append(func.sum(case(((due < newer) & (due >= older), open_amount), else_=0)))
    columns.append(func.sum(case((due < boundaries[-1], open_amount), else_=0)))
    return (
        select(item.partner_id, *columns)
        .outerjoin(matched, matched.c.item_id == item.id)
        .where(item_scope(f), item.account_id.in_(accounts), item.date <= as_of)
        .group_by(item.partner_id)
    )
