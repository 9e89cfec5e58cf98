"""The report catalogue: one request shape, one name per report, for the API and the CLI.

``ReportRequest`` carries every filter a report can take (each report reads
the ones it needs); ``build`` runs the report's aggregates (and raises domain
errors before any byte is sent); ``table`` lays it out for printing and
exports; ``payload`` is its JSON-ready form (ledger lines included).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.errors import InvalidInput, NotFound
from asiento.reports import (
    aged,
    balances,
    journal,
    ledgers,
    statements,
    tabular,
    tax,
    tax_boxes,
)
from asiento.reports.common import ReportFilter
from asiento.reports.export import ReportTable
from asiento.store.query import get_scoped
from asiento.store.tables import Journal

REPORTS = (
    "general-ledger",
    "trial-balance",
    "aged-receivable",
    "aged-payable",
    "partner-ledger",
    "journal",
    "profit-and-loss",
    "balance-sheet",
    "tax",
    "tax-boxes",
    "tax-box-items",
)


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """Every filter of every report; ``date_to`` doubles as the as-of date."""

    company_id: int
    date_to: date
    date_from: date | None = None
    journal: int | str | None = None
    partner_id: int | None = None
    account_from: str | None = None
    account_to: str | None = None
    include_draft: bool = False
    compare_from: date | None = None
    compare_to: date | None = None
    buckets: tuple[int, ...] = aged.DEFAULT_BUCKETS
    partner_kind: str = "all"
    box: str | None = None
    closing_entries: str = "column"


def journal_id(session: Session, company_id: int, key: int | str) -> int:
    """A journal id from an id or a code of the company, or ``NotFound``."""
    if isinstance(key, int):
        return get_scoped(session, Journal, company_id, key, "journal").id
    found = session.scalar(
        select(Journal.id).where(Journal.company_id == company_id, Journal.code == key)
    )
    if found is None:
        raise NotFound("journal", key, field="journal")
    return found


def report_filter(session: Session, req: ReportRequest) -> ReportFilter:
    jid = None if req.journal is None else journal_id(session, req.company_id, req.journal)
    return ReportFilter(
        req.company_id,
        date_from=req.date_from,
        date_to=req.date_to,
        journal_id=jid,
        partner_id=req.partner_id,
        account_from=req.account_from,
        account_to=req.account_to,
        include_draft=req.include_draft,
    )


Builder = Callable[[Session, ReportFilter, ReportRequest], Any]

BUILDERS: dict[str, Builder] = {
    "general-ledger": lambda s, f, r: ledgers.general_ledger(s, f),
    "partner-ledger": lambda s, f, r: ledgers.partner_ledger(s, f, r.partner_kind),
    "journal": lambda s, f, r: journal.journal_report(s, f),
    "trial-balance": lambda s, f, r: balances.trial_balance(
        s, f, r.compare_from, r.compare_to, r.closing_entries
    ),
    "aged-receivable": lambda s, f, r: aged.aged_receivable(s, f, r.buckets),
    "aged-payable": lambda s, f, r: aged.aged_payable(s, f, r.buckets),
    "profit-and-loss": lambda s, f, r: statements.profit_and_loss(
        s, f, r.compare_from, r.compare_to
    ),
    "balance-sheet": lambda s, f, r: statements.balance_sheet(s, f, r.compare_to),
    "tax": lambda s, f, r: tax.tax_report(s, f),
    "tax-boxes": lambda s, f, r: tax_boxes.tax_boxes(s, f),
    "tax-box-items": lambda s, f, r: tax_boxes.box_items(s, f, r.box),
}


def build(session: Session, name: str, req: ReportRequest) -> Any:
    """Run report ``name``: its aggregates now, its lines (for ledgers) when iterated."""
    if name not in BUILDERS:
        raise InvalidInput(f"report must be one of {', '.join(REPORTS)}", field="report")
    if name == "partner-ledger" and req.partner_kind not in ("receivable", "payable", "all"):
        raise InvalidInput("kind must be receivable, payable or all", field="kind")
    return BUILDERS[name](session, report_filter(session, req), req)


def table(session: Session, report: Any) -> ReportTable:
    """The printable layout of a built report (ledger rows stream from ``session``)."""
    if isinstance(report, ledgers.Ledger):
        return tabular.ledger_table(session, report)
    if isinstance(report, journal.JournalReport):
        return tabular.journal_table(session, report)
    if isinstance(report, balances.TrialBalance):
        return tabular.trial_balance_table(report)
    if isinstance(report, aged.AgedBalance):
        return tabular.aged_table(report)
    if isinstance(report, statements.Statement):
        return tabular.statement_table(report)
    if isinstance(report, tax_boxes.TaxBoxReport):
        return tabular.tax_boxes_table(report)
    if isinstance(report, tax_boxes.TaxBoxItems):
        return tabular.box_items_table(report)
    return tabular.tax_table(report)


def payload(session: Session, report: Any) -> dict[str, Any]:
    """JSON-ready dict: amounts as decimal strings; ledgers and journals with their lines."""
    data = {f.name: getattr(report, f.name) for f in dataclasses.fields(report)}
    data.pop("filter", None)
    if isinstance(report, ledgers.Ledger):
        data["lines"] = list(ledgers.ledger_lines(session, report))
    if isinstance(report, journal.JournalReport):
        data["lines"] = list(journal.journal_lines(session, report))
    result: dict[str, Any] = jsonable(data)
    return result


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a NamedTuple such as LedgerLine
        return jsonable(value._asdict())
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
