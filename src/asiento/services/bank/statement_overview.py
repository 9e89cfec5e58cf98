"""The statements list of the web interface: per statement, its balances and line counts.

Why a read model of its own: the list shows, for a page of statements, how
many lines are still open and how many are reconciled. ``statement_views``
counts lines one statement at a time; here one grouped query covers the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, case, func, or_, select

from asiento.services.search.list_filter import ListColumns, text_condition
from asiento.store.query import page
from asiento.store.tables import BankStatement, Journal, StatementLine
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class BankJournal:
    id: int
    code: str
    name: str
    currency: str | None


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One statement: balances as stated, the lines' total and their states."""

    id: int
    journal_id: int
    journal: str
    date: dt.date
    reference: str
    state: str
    currency: str
    file_format: str | None
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    lines_total: Decimal
    open_lines: int
    reconciled_lines: int


def bank_journals(uow: UnitOfWork, company_id: int) -> list[BankJournal]:
    """The company's bank and cash journals (those that take statements), by code."""
    with uow:
        rows = uow.session.execute(
            select(Journal.id, Journal.code, Journal.name, Journal.currency)
            .where(Journal.company_id == company_id, Journal.kind.in_(("bank", "cash")))
            .order_by(Journal.code)
        )
        return [BankJournal(*r) for r in rows]


def statement_rows(
    uow: UnitOfWork,
    company_id: int,
    *,
    journal_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
    q: str | None = None,
) -> tuple[list[StatementRow], str | None]:
    """Statements newest first (cursor pagination), with line counts per state.

    ``q`` finds a statement by its reference (prefix), its closing balance, or any
    of its lines: by partner, exact reference or counterparty, or exact amount.
    """
    found = _search(uow, company_id, q)
    with uow:
        s = uow.session
        stmt = select(BankStatement).where(BankStatement.company_id == company_id)
        if found is not None:
            stmt = stmt.where(found)
        if journal_id is not None:
            stmt = stmt.where(BankStatement.journal_id == journal_id)
        statements, nxt = page(s, stmt, BankStatement.id, cursor, limit)
        ids = [st.id for st in statements]
        counts = _line_counts(uow, ids) if ids else {}
        journals = select(Journal.id, Journal.code).where(Journal.company_id == company_id)
        codes = dict(s.execute(journals).all())
        rows = [_row(st, codes.get(st.journal_id, ""), counts.get(st.id)) for st in statements]
        return rows, nxt


STATEMENT_SEARCH = ListColumns(
    BankStatement.company_id,
    number=BankStatement.reference,
    amount=BankStatement.closing_balance,
    currency=BankStatement.currency,
)
LINE_SEARCH = ListColumns(
    StatementLine.company_id,
    partner=StatementLine.partner_id,
    refs=(StatementLine.reference, StatementLine.counterparty_name),
    amount=StatementLine.amount,
    currency=StatementLine.currency,
    signed=True,
)


def _search(uow: UnitOfWork, company_id: int, q: str | None) -> ColumnElement[bool] | None:
    """The statements ``q`` finds itself or through one of their lines."""
    own = text_condition(uow, company_id, q, STATEMENT_SEARCH)
    by_line = text_condition(uow, company_id, q, LINE_SEARCH)
    if own is None or by_line is None:
        return None
    lines = select(StatementLine.statement_id).where(
        StatementLine.company_id == company_id, by_line
    )
    return or_(own, BankStatement.id.in_(lines))


def _line_counts(uow: UnitOfWork, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """{statement id: (sum of amounts, open lines, reconciled lines)} in one query."""
    line = StatementLine
    stmt = (
        select(
            line.statement_id,
            func.coalesce(func.sum(line.amount), 0),
            func.sum(case((line.state == "open", 1), else_=0)),
            func.sum(case((line.state == "reconciled", 1), else_=0)),
        )
        .where(line.statement_id.in_(ids))
        .group_by(line.statement_id)
    )
    return {r[0]: (int(r[1]), int(r[2] or 0), int(r[3] or 0)) for r in uow.session.execute(stmt)}


def _row(st: BankStatement, code: str, counts: tuple[int, int, int] | None) -> StatementRow:
    total, open_lines, reconciled = counts or (0, 0, 0)
    cur = st.currency
    return StatementRow(
        st.id,
        st.journal_id,
        code,
        st.date,
        st.reference,
        st.state,
        cur,
        st.file_format,
        None if st.opening_balance is None else from_minor(st.opening_balance, cur),
        None if st.closing_balance is None else from_minor(st.closing_balance, cur),
        from_minor(total, cur),
        open_lines,
        reconciled,
    )
