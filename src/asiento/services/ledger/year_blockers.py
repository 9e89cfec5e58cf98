"""What of a fiscal year is unfinished: the checklist shown before closing.

Five queries, each scoped to the company and the year's dates: draft journal
entries, draft (or pro-forma) invoices and bills, draft payments, draft bank
statements and open (unreconciled) statement lines. A document without a date
(a draft invoice not yet dated) belongs to no year and blocks none.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.year_closing import Blocker
from asiento.store.tables import (
    BankStatement,
    FiscalYear,
    Invoice,
    Journal,
    JournalEntry,
    Payment,
    StatementLine,
)

LIMIT = 200
"""At most this many documents per kind are listed (the count says how many more)."""


def year_blockers(session: Session, company_id: int, year: FiscalYear) -> list[Blocker]:
    """Every document of ``year`` that stops it from closing, kind by kind."""
    start, end = year.start_date, year.end_date
    return (
        _entries(session, company_id, start, end)
        + _invoices(session, company_id, start, end)
        + _payments(session, company_id, start, end)
        + _statements(session, company_id, start, end)
        + _statement_lines(session, company_id, start, end)
    )


def _entries(session: Session, company_id: int, start: date, end: date) -> list[Blocker]:
    e = JournalEntry
    stmt = (
        select(e.id, e.date, e.ref, Journal.code)
        .join(Journal, Journal.id == e.journal_id)
        .where(e.company_id == company_id, e.state == "draft", e.date.between(start, end))
        .order_by(e.date, e.id)
        .limit(LIMIT)
    )
    return [
        Blocker("entry", i, f"draft entry {code} {ref}".rstrip(), d, "is a draft")
        for i, d, ref, code in session.execute(stmt)
    ]


def _invoices(session: Session, company_id: int, start: date, end: date) -> list[Blocker]:
    inv = Invoice
    stmt = (
        select(inv.id, inv.invoice_date, inv.kind, inv.state)
        .where(
            inv.company_id == company_id,
            inv.state.in_(("draft", "proforma")),
            inv.invoice_date.between(start, end),
        )
        .order_by(inv.invoice_date, inv.id)
        .limit(LIMIT)
    )
    noun = {
        "customer_invoice": "invoice",
        "customer_credit_note": "credit note",
        "vendor_bill": "bill",
    }
    return [
        Blocker("invoice", i, f"{noun.get(kind, 'vendor credit note')} #{i}", d, f"is {state}")
        for i, d, kind, state in session.execute(stmt)
    ]


def _payments(session: Session, company_id: int, start: date, end: date) -> list[Blocker]:
    p = Payment
    stmt = (
        select(p.id, p.date, p.payment_type)
        .where(p.company_id == company_id, p.state == "draft", p.date.between(start, end))
        .order_by(p.date, p.id)
        .limit(LIMIT)
    )
    return [
        Blocker("payment", i, f"{kind} payment #{i}", d, "is a draft")
        for i, d, kind in session.execute(stmt)
    ]


def _statements(session: Session, company_id: int, start: date, end: date) -> list[Blocker]:
    s = BankStatement
    stmt = (
        select(s.id, s.date, s.reference)
        .where(s.company_id == company_id, s.state == "draft", s.date.between(start, end))
        .order_by(s.date, s.id)
        .limit(LIMIT)
    )
    return [
        Blocker("statement", i, f"statement {ref or '#' + str(i)}", d, "is not validated")
        for i, d, ref in session.execute(stmt)
    ]


def _statement_lines(session: Session, company_id: int, start: date, end: date) -> list[Blocker]:
    line = StatementLine
    stmt = (
        select(line.id, line.date, line.amount, line.currency, line.counterparty_name)
        .where(line.company_id == company_id, line.state == "open", line.date.between(start, end))
        .order_by(line.date, line.id)
        .limit(LIMIT)
    )
    return [
        Blocker(
            "statement_line",
            i,
            f"bank line #{i} {who or ''}".rstrip(),
            d,
            "is not reconciled",
        )
        for i, d, _amount, _currency, who in session.execute(stmt)
    ]
