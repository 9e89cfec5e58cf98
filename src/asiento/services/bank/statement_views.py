"""Read views of bank statements and their lines (plain values, no ORM rows).

Why separate: the API, the CLI and tests read the same shapes, and a view
outlives its unit of work (no lazy loading after the session is closed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.store.query import get_scoped, page
from asiento.store.tables import BankStatement, Journal, StatementLine
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class LineView:
    id: int
    statement_id: int
    sequence: int
    date: dt.date
    value_date: dt.date | None
    amount: Decimal
    currency: str
    counterparty_name: str | None
    counterparty_iban: str | None
    communication: str | None
    reference: str | None
    transaction_id: str | None
    partner_id: int | None
    state: str
    entry_id: int | None
    payment_id: int | None
    warning: str | None = None
    original_amount: Decimal | None = None
    original_currency: str | None = None


@dataclass(frozen=True, slots=True)
class StatementView:
    id: int
    journal: str
    date: dt.date
    reference: str
    currency: str
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    state: str
    file_format: str | None
    line_count: int
    lines: tuple[LineView, ...] = ()
    balance_source: str | None = None


def line_view(row: StatementLine) -> LineView:
    return LineView(
        row.id,
        row.statement_id,
        row.sequence,
        row.date,
        row.value_date,
        from_minor(row.amount, row.currency),
        row.currency,
        row.counterparty_name,
        row.counterparty_iban,
        row.communication,
        row.reference,
        row.transaction_id,
        row.partner_id,
        row.state,
        row.entry_id,
        row.payment_id,
        row.warning,
        row.original_amount,
        row.original_currency,
    )


def _view(session: Session, st: BankStatement, lines: bool) -> StatementView:
    code = session.scalar(select(Journal.code).where(Journal.id == st.journal_id)) or ""
    rows = (
        list(
            session.scalars(
                select(StatementLine)
                .where(StatementLine.statement_id == st.id)
                .order_by(StatementLine.sequence, StatementLine.id)
            )
        )
        if lines
        else []
    )
    count = len(rows) if lines else _count(session, st.id)
    cur = st.currency
    return StatementView(
        st.id,
        code,
        st.date,
        st.reference,
        cur,
        None if st.opening_balance is None else from_minor(st.opening_balance, cur),
        None if st.closing_balance is None else from_minor(st.closing_balance, cur),
        st.state,
        st.file_format,
        count,
        tuple(line_view(r) for r in rows),
        st.balance_source,
    )


def _count(session: Session, statement_id: int) -> int:
    stmt = select(func.count()).where(StatementLine.statement_id == statement_id)
    return int(session.scalar(stmt) or 0)


def statement_view(session: Session, company_id: int, statement_id: int) -> StatementView:
    """One statement with its lines, in an open session."""
    st = get_scoped(session, BankStatement, company_id, statement_id, "bank statement")
    return _view(session, st, lines=True)


def get_statement(uow: UnitOfWork, company_id: int, statement_id: int) -> StatementView:
    with uow:
        return statement_view(uow.session, company_id, statement_id)


def list_statements(
    uow: UnitOfWork,
    company_id: int,
    *,
    journal_id: int | None = None,
    state: str | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> tuple[list[StatementView], str | None]:
    """Statements newest first (cursor pagination), without their lines."""
    with uow:
        s = uow.session
        stmt = select(BankStatement).where(BankStatement.company_id == company_id)
        if journal_id is not None:
            stmt = stmt.where(BankStatement.journal_id == journal_id)
        if state is not None:
            stmt = stmt.where(BankStatement.state == state)
        rows, nxt = page(s, stmt, BankStatement.id, cursor, limit)
        return [_view(s, r, lines=False) for r in rows], nxt


def get_line(uow: UnitOfWork, company_id: int, line_id: int) -> LineView:
    with uow:
        return line_view(
            get_scoped(uow.session, StatementLine, company_id, line_id, "statement line")
        )
