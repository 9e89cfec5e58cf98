"""Printed journal: every item of one journal's entries in a period, in number order.

Invariants: each entry's items balance, so ``total_debit == total_credit``
for posted entries; the totals come from one aggregate, the lines stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.domain.errors import InvalidInput
from asiento.reports.common import ReportFilter, company_context, item_scope, require_date
from asiento.reports.ledgers import STREAM_CHUNK
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Journal, JournalEntry, JournalItem, Partner


@dataclass(frozen=True, slots=True)
class JournalLine:
    date: date
    entry: str
    ref: str
    account: str
    partner: str
    label: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True, slots=True)
class JournalReport:
    company: str
    currency: str
    journal: str
    journal_name: str
    date_from: date
    date_to: date
    entries: int
    total_debit: Decimal
    total_credit: Decimal
    filter: ReportFilter


def journal_report(session: Session, f: ReportFilter) -> JournalReport:
    """Header and totals of the journal ``f.journal_id`` over the period."""
    if f.journal_id is None:
        raise InvalidInput("journal is required for the journal report", field="journal")
    ctx = company_context(session, f.company_id)
    journal = get_scoped(session, Journal, f.company_id, f.journal_id, "journal")
    date_to = require_date(f.date_to, "date_to")
    date_from = f.date_from or ctx.fiscal_year_start(date_to)
    f = replace(f, date_from=date_from, date_to=date_to)
    entries, debit, credit = session.execute(
        select(
            func.count(func.distinct(JournalItem.entry_id)),
            func.sum(JournalItem.debit),
            func.sum(JournalItem.credit),
        ).where(item_scope(f, dates=True))
    ).one()
    return JournalReport(
        ctx.name,
        ctx.currency,
        journal.code,
        journal.name,
        date_from,
        date_to,
        int(entries or 0),
        ctx.money(debit),
        ctx.money(credit),
        f,
    )


def journal_lines(session: Session, report: JournalReport) -> Iterator[JournalLine]:
    """The items, entry by entry (date, then number), streamed."""
    ctx = company_context(session, report.filter.company_id)
    item = JournalItem
    stmt = (
        select(
            item.date,
            JournalEntry.number,
            JournalEntry.ref,
            Account.code,
            Partner.name,
            item.label,
            item.debit,
            item.credit,
        )
        .join(JournalEntry, JournalEntry.id == item.entry_id)
        .join(Account, Account.id == item.account_id)
        .outerjoin(Partner, Partner.id == item.partner_id)
        .where(item_scope(report.filter, dates=True))
        .order_by(item.date, JournalEntry.sequence_number, item.entry_id, item.sequence, item.id)
    )
    for row in session.execute(stmt.execution_options(yield_per=STREAM_CHUNK)):
        yield JournalLine(
            row[0],
            row[1] or "",
            row[2],
            row[3],
            row[4] or "",
            row[5],
            ctx.money(row[6]),
            ctx.money(row[7]),
        )
