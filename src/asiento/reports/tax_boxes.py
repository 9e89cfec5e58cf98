"""Tax return boxes (Modelo 303 for the Spanish template) from journal items alone.

Each tax has report lines (``tax_report_lines``, set by the chart template):
for invoices and for credit notes, its base or its amount feeds a box, with a
factor of +1 or -1. The figures are read from the period's posted items: a tax
item carries ``tax_id``, a base item is linked to its taxes through
``journal_item_taxes``. Whether an item belongs to an invoice or to a credit
note is read from its side: an invoice credits a sale tax's base and amount
and debits a purchase tax's (a negative, reverse-charge tax flips its amount).

Sign: an item contributes ``factor * direction * balance`` where direction is
-1 for sale taxes (credit-positive) and +1 for purchase taxes; a credit note
therefore contributes a negative figure to its correction box, as the forms
print them. Total boxes (``tax_report_boxes.formula``, e.g. ``27 -45``) add and
subtract boxes in their order.

Invariants: every box figure is the sum of its drill-down items' figures;
a total box is its formula over the boxes before it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from asiento.domain.errors import InvalidInput
from asiento.reports.common import ReportFilter, company_context, item_scope, require_date
from asiento.store.tables import (
    Account,
    JournalEntry,
    JournalItem,
    Tax,
    TaxReportBox,
    TaxReportLine,
)
from asiento.store.tables.ledger import journal_item_taxes

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class BoxRow:
    box: str
    label: str
    amount: Decimal
    is_total: bool


@dataclass(frozen=True, slots=True)
class TaxBoxReport:
    company: str
    currency: str
    date_from: date
    date_to: date
    boxes: tuple[BoxRow, ...]


@dataclass(frozen=True, slots=True)
class BoxItem:
    """One journal item behind a box and what it contributes to it."""

    item_id: int
    date: date
    entry: str
    account: str
    label: str
    tax: str
    kind: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class TaxBoxItems:
    company: str
    currency: str
    date_from: date
    date_to: date
    box: str
    total: Decimal
    items: tuple[BoxItem, ...]


@dataclass(frozen=True, slots=True)
class _Line:
    tax_id: int
    kind: str
    document: str
    account_id: int | None
    box: str
    factor: int


def _lines(session: Session, company_id: int) -> list[_Line]:
    rows = session.execute(
        select(
            TaxReportLine.tax_id,
            TaxReportLine.amount_kind,
            TaxReportLine.document,
            TaxReportLine.account_id,
            TaxReportLine.box,
            TaxReportLine.factor,
        ).where(TaxReportLine.company_id == company_id)
    ).all()
    return [_Line(*r) for r in rows]


def _directions(session: Session, company_id: int) -> dict[int, tuple[int, int]]:
    """Per tax: (usage direction, amount direction) as the module docstring defines them."""
    rows = session.execute(
        select(Tax.id, Tax.usage, Tax.amount).where(Tax.company_id == company_id)
    ).all()
    return {t: (-1 if usage == "sale" else 1, -1 if amount < 0 else 1) for t, usage, amount in rows}


def _period(session: Session, f: ReportFilter) -> tuple[ReportFilter, date, date]:
    """The filter with its period set (default: the fiscal year so far), and the period."""
    ctx = company_context(session, f.company_id)
    date_to = require_date(f.date_to, "date_to")
    date_from = f.date_from or ctx.fiscal_year_start(date_to)
    return replace(f, date_from=date_from, date_to=date_to), date_from, date_to


def _side_sums(session: Session, f: ReportFilter, kind: str) -> list[tuple[int, int, bool, int]]:
    """(tax, account, debit side, sum of balance) of the period's base or tax items."""
    item = JournalItem
    debit = case((item.balance > 0, True), else_=False)
    if kind == "base":
        link = journal_item_taxes
        stmt = select(link.c.tax_id, item.account_id, debit, func.sum(item.balance))
        stmt = stmt.join(link, (link.c.company_id == item.company_id) & (link.c.item_id == item.id))
        stmt = stmt.group_by(link.c.tax_id, item.account_id, debit)
    else:
        stmt = select(item.tax_id, item.account_id, debit, func.sum(item.balance))
        stmt = stmt.where(item.tax_id.is_not(None))
        stmt = stmt.group_by(item.tax_id, item.account_id, debit)
    rows = session.execute(stmt.where(item_scope(f, dates=True))).all()
    return [(int(r[0]), int(r[1]), bool(r[2]), int(r[3] or 0)) for r in rows]


def _document(kind: str, debit: bool, directions: tuple[int, int]) -> str:
    usage, amount = directions
    expected_debit = usage > 0 if kind == "base" else (usage * amount) > 0
    return "invoice" if debit == expected_debit else "refund"


def _feeds(line: _Line, tax_id: int, kind: str, account_id: int, document: str) -> bool:
    return (
        line.tax_id == tax_id
        and line.kind == kind
        and line.document == document
        and (line.account_id is None or line.account_id == account_id)
    )


def tax_boxes(session: Session, f: ReportFilter) -> TaxBoxReport:
    """The boxes of the company's return over [date_from, date_to]."""
    f, date_from, date_to = _period(session, f)
    ctx = company_context(session, f.company_id)
    lines, directions = _lines(session, f.company_id), _directions(session, f.company_id)
    minor: dict[str, int] = defaultdict(int)
    for kind in ("base", "tax"):
        for tax_id, account_id, debit, total in _side_sums(session, f, kind):
            document = _document(kind, debit, directions[tax_id])
            for line in lines:
                if _feeds(line, tax_id, kind, account_id, document):
                    minor[line.box] += line.factor * directions[tax_id][0] * total
    boxes = session.scalars(
        select(TaxReportBox)
        .where(TaxReportBox.company_id == f.company_id)
        .order_by(TaxReportBox.sequence, TaxReportBox.box)
    ).all()
    rows: list[BoxRow] = []
    for b in boxes:
        if b.formula:
            minor[b.box] = sum(_term(minor, t) for t in b.formula.split())
        rows.append(BoxRow(b.box, b.label, ctx.money(minor[b.box]), bool(b.formula)))
    return TaxBoxReport(ctx.name, ctx.currency, date_from, date_to, tuple(rows))


def _term(minor: dict[str, int], term: str) -> int:
    return -minor[term[1:]] if term.startswith("-") else minor[term]


def box_items(session: Session, f: ReportFilter, box: str | None) -> TaxBoxItems:
    """The items behind ``box`` (drill-down) and what each contributes; total = the box."""
    if not box:
        raise InvalidInput("name the box to drill into", field="box")
    f, date_from, date_to = _period(session, f)
    ctx = company_context(session, f.company_id)
    lines = [ln for ln in _lines(session, f.company_id) if ln.box == box]
    if not lines:
        raise InvalidInput(f"no tax feeds box {box!r}", field="box")
    directions = _directions(session, f.company_id)
    found: list[BoxItem] = []
    for kind in ("base", "tax"):
        taxes = {ln.tax_id for ln in lines if ln.kind == kind}
        for row in _items(session, f, kind, taxes):
            item_id, day, number, account_id, code, label, tax_id, tax_name, balance = row
            document = _document(kind, balance > 0, directions[tax_id])
            factor = sum(
                ln.factor for ln in lines if _feeds(ln, tax_id, kind, account_id, document)
            )
            if factor:
                amount = ctx.money(factor * directions[tax_id][0] * balance)
                found.append(
                    BoxItem(item_id, day, number or "", code, label, tax_name, kind, amount)
                )
    found.sort(key=lambda i: (i.date, i.item_id, i.kind))
    total = sum((i.amount for i in found), ZERO)
    return TaxBoxItems(ctx.name, ctx.currency, date_from, date_to, box, total, tuple(found))


def _items(
    session: Session, f: ReportFilter, kind: str, taxes: set[int]
) -> list[tuple[int, date, str | None, int, str, str, int, str, int]]:
    item = JournalItem
    tax_col = journal_item_taxes.c.tax_id if kind == "base" else item.tax_id
    stmt = (
        select(
            item.id,
            item.date,
            JournalEntry.number,
            item.account_id,
            Account.code,
            item.label,
            tax_col,
            Tax.name,
            item.balance,
        )
        .join(JournalEntry, JournalEntry.id == item.entry_id)
        .join(Account, Account.id == item.account_id)
    )
    if kind == "base":
        link = journal_item_taxes
        stmt = stmt.join(link, (link.c.company_id == item.company_id) & (link.c.item_id == item.id))
    stmt = stmt.join(Tax, Tax.id == tax_col).where(tax_col.in_(taxes), item_scope(f, dates=True))
    return [tuple(r) for r in session.execute(stmt)]
