"""Each report as a ``ReportTable``: the one layout that the CLI table and every export print.

Ledgers and journals stream: their rows are generators over the database
cursor, so iterate the table inside the session that built the report.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from asiento.reports.aged import AgedBalance
from asiento.reports.balances import TrialBalance
from asiento.reports.export import ReportTable
from asiento.reports.journal import JournalReport, journal_lines
from asiento.reports.ledgers import Ledger, LedgerGroup, ledger_lines
from asiento.reports.statements import Statement
from asiento.reports.tax import TaxReport
from asiento.reports.tax_boxes import TaxBoxItems, TaxBoxReport

Row = tuple[Any, ...]


def _period(company: str, currency: str, start: Any, end: Any) -> str:
    span = f"{start} to {end}" if start else f"as of {end}"
    return f"{company} — {span} — {currency}"


def trial_balance_table(tb: TrialBalance) -> ReportTable:
    cols: tuple[str, ...] = ("code", "account", "opening", "debit", "credit")
    year_end = tb.total.year_end is not None
    cols += ("year end", "closing") if year_end else ("closing",)
    compare = tb.compare_to is not None
    if compare:
        cols += (f"closing {tb.compare_to}",)

    def row(r: Any) -> Row:
        base = (r.code, r.name, r.opening, r.debit, r.credit)
        base += (r.year_end, r.closing) if year_end else (r.closing,)
        return base + ((r.comparison,) if compare else ())

    rows = [row(r) for r in tb.rows] + [row(tb.total)]
    sub = _period(tb.company, tb.currency, tb.date_from, tb.date_to)
    return ReportTable("Trial balance", sub, cols, rows)


LEDGER_COLUMNS = ("group", "date", "entry", "journal", "account", "partner", "label",
                  "debit", "credit", "balance")  # fmt: skip


def ledger_table(session: Session, ledger: Ledger) -> ReportTable:
    sub = _period(ledger.company, ledger.currency, ledger.date_from, ledger.date_to)
    return ReportTable(ledger.title, sub, LEDGER_COLUMNS, _ledger_rows(session, ledger))


def _ledger_rows(session: Session, ledger: Ledger) -> Iterator[Row]:
    """Opening row, the items, closing row — per group, in the database's order."""
    groups = {g.key: g for g in ledger.groups}
    done: set[str] = set()
    current: LedgerGroup | None = None
    for line in ledger_lines(session, ledger):
        if current is None or line.key != current.key:
            if current is not None:
                yield _closing(current, _label(current, ledger))
            current = groups[line.key]
            done.add(current.key)
            yield _opening(current, _label(current, ledger))
        yield (line.group, line.date, line.entry, line.journal, line.account, line.partner,
               line.label, line.debit, line.credit, line.balance)  # fmt: skip
    if current is not None:
        yield _closing(current, _label(current, ledger))
    for g in ledger.groups:  # groups with an opening balance but no item in the period
        if g.key not in done:
            yield _opening(g, _label(g, ledger))
            yield _closing(g, _label(g, ledger))


def _label(g: LedgerGroup, ledger: Ledger) -> str:
    """What the group column shows: the partner's name, or the account code (as items do)."""
    return g.name if ledger.by_partner else g.key


def _opening(g: LedgerGroup, label: str) -> Row:
    return (label, None, "", "", "", "", "Opening balance", None, None, g.opening)


def _closing(g: LedgerGroup, label: str) -> Row:
    return (label, None, "", "", "", "", "Closing balance", g.debit, g.credit, g.closing)


def journal_table(session: Session, report: JournalReport) -> ReportTable:
    cols = ("date", "entry", "ref", "account", "partner", "label", "debit", "credit")
    sub = _period(report.company, report.currency, report.date_from, report.date_to)

    def rows() -> Iterator[Row]:
        for x in journal_lines(session, report):
            yield (x.date, x.entry, x.ref, x.account, x.partner, x.label, x.debit, x.credit)
        yield (None, f"{report.entries} entries", "", "", "", "Total",
               report.total_debit, report.total_credit)  # fmt: skip

    return ReportTable(f"Journal {report.journal} — {report.journal_name}", sub, cols, rows())


def aged_table(report: AgedBalance) -> ReportTable:
    cols = ("partner", *report.bucket_labels, "total")
    rows = [(r.partner, *r.buckets, r.total) for r in (*report.rows, report.total)]
    sub = _period(report.company, report.currency, None, report.as_of)
    return ReportTable(report.title, sub, cols, rows)


def statement_table(st: Statement) -> ReportTable:
    compare = st.compare_to is not None
    cols = ("section", "code", "account", "amount") + (
        (f"comparison to {st.compare_to}",) if compare else ()
    )

    def extra(value: Any) -> Row:
        return (value,) if compare else ()

    rows: list[Row] = []
    for total in st.totals:
        for r in st.rows:
            if r.section == total.section:
                rows.append((r.section, r.code, r.name, r.amount, *extra(r.comparison)))
        rows.append((total.section, "", f"Total {total.section}", total.amount,
                     *extra(total.comparison)))  # fmt: skip
    rows.append(("", "", st.result.section.capitalize(), st.result.amount,
                 *extra(st.result.comparison)))  # fmt: skip
    sub = _period(st.company, st.currency, st.date_from, st.date_to)
    return ReportTable(st.title, sub, cols, rows)


def tax_table(report: TaxReport) -> ReportTable:
    cols = ("tax group", "tax", "usage", "base", "tax amount")
    rows: list[Row] = [(r.tax_group, r.tax, r.usage, r.base, r.amount) for r in report.rows]
    rows += [(g.tax_group, f"Total {g.tax_group}", g.usage, g.base, g.amount)
             for g in report.groups]  # fmt: skip
    rows += [("", "Output tax", "sale", None, report.output_tax),
             ("", "Input tax", "purchase", None, report.input_tax),
             ("", "Net payable (refundable if negative)", "", None, report.net)]  # fmt: skip
    sub = _period(report.company, report.currency, report.date_from, report.date_to)
    return ReportTable("Tax report", sub, cols, rows)


def tax_boxes_table(report: TaxBoxReport) -> ReportTable:
    cols = ("box", "label", "amount")
    rows: list[Row] = [(b.box, b.label, b.amount) for b in report.boxes]
    sub = _period(report.company, report.currency, report.date_from, report.date_to)
    return ReportTable("Tax return boxes", sub, cols, rows)


def box_items_table(report: TaxBoxItems) -> ReportTable:
    cols = ("date", "entry", "account", "label", "tax", "base or tax", "amount")
    rows: list[Row] = [(i.date, i.entry, i.account, i.label, i.tax, i.kind, i.amount)
                       for i in report.items]  # fmt: skip
    rows.append(("", "", "", f"Total box {report.box}", "", "", report.total))
    sub = _period(report.company, report.currency, report.date_from, report.date_to)
    return ReportTable(f"Tax return box {report.box}", sub, cols, rows)
