"""Correcting a draft statement before it is validated: balances, date, lines; or deleting it.

Why: a CSV export carries no balances and a bank file can be imported into
the wrong journal; the accountant must be able to fix a draft without SQL.
A validated statement is the bank's word and cannot change.

Invariants:
    - only a ``draft`` statement changes (checked under a row lock):
      anything else raises ``StatementValidated``;
    - a line that is reconciled (it has an entry) cannot be edited or
      deleted; unreconcile it first;
    - a statement whose balance was declared by the user is ``declared``
      (no longer ``unverifiable`` once both balances are given);
    - every edit is recorded in the audit log with the values before and after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, StatementLineReconciled, StatementValidated
from asiento.services.access import principal as access
from asiento.services.access.audit import record_in
from asiento.services.bank.statement_balances import UNVERIFIABLE
from asiento.services.bank.statement_views import StatementView, statement_view
from asiento.store.document_locks import lock_statement_line
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import BankStatement, StatementLine
from asiento.store.types import from_minor, to_minor
from asiento.store.uow import UnitOfWork

MAX_NAME = 200
MAX_TEXT = 2000


@dataclass(frozen=True, slots=True)
class StatementChanges:
    """What to change on a draft statement; None leaves a field as it is."""

    date: dt.date | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None


@dataclass(frozen=True, slots=True)
class LineChanges:
    """What to change on a line of a draft statement; None leaves a field as it is."""

    date: dt.date | None = None
    amount: Decimal | None = None
    counterparty_name: str | None = None
    communication: str | None = None


@access.requires(Permission.STATEMENT_WRITE)
def update_statement(
    uow: UnitOfWork, company_id: int, statement_id: int, changes: StatementChanges
) -> StatementView:
    """Change a draft statement's date or balances.

    Raises:
        StatementValidated: the statement is not a draft.
        InvalidInput: a balance with more decimals than the currency has.
    """
    with uow:
        s = uow.session
        st = _draft(s, company_id, statement_id)
        before = _statement_values(st)
        if changes.date is not None:
            st.date = changes.date
        if changes.opening_balance is not None:
            st.opening_balance = _minor(changes.opening_balance, st.currency, "opening_balance")
        if changes.closing_balance is not None:
            st.closing_balance = _minor(changes.closing_balance, st.currency, "closing_balance")
        if st.balance_source == UNVERIFIABLE and None not in (
            st.opening_balance,
            st.closing_balance,
        ):
            st.balance_source = "declared"
        record_in(s, company_id, "edit_statement", "bank_statement", st.id,
                  before=before, after=_statement_values(st))  # fmt: skip
        s.flush()
        view = statement_view(s, company_id, st.id)
        uow.commit()
        return view


@access.requires(Permission.STATEMENT_WRITE)
def update_line(
    uow: UnitOfWork, company_id: int, line_id: int, changes: LineChanges
) -> StatementView:
    """Change a line of a draft statement (date, amount, counterparty, text).

    Raises:
        StatementValidated: its statement is not a draft.
        StatementLineReconciled: the line is reconciled.
        InvalidInput: an amount with too many decimals, or a text too long.
    """
    with uow:
        s = uow.session
        line = get_scoped(s, StatementLine, company_id, line_id, "statement line")
        _draft(s, company_id, line.statement_id)
        _open(line)
        before = _line_values(line)
        if changes.date is not None:
            line.date = changes.date
        if changes.amount is not None:
            line.amount = _minor(changes.amount, line.currency, "amount") or 0
        if changes.counterparty_name is not None:
            line.counterparty_name = _bounded(
                changes.counterparty_name, MAX_NAME, "counterparty_name"
            )
        if changes.communication is not None:
            line.communication = _bounded(changes.communication, MAX_TEXT, "communication")
        record_in(s, company_id, "edit_statement_line", "statement_line", line.id,
                  before=before, after=_line_values(line))  # fmt: skip
        s.flush()
        view = statement_view(s, company_id, line.statement_id)
        uow.commit()
        return view


@access.requires(Permission.STATEMENT_WRITE)
def delete_line(uow: UnitOfWork, company_id: int, line_id: int) -> StatementView:
    """Delete a line of a draft statement (a wrongly imported movement)."""
    with uow:
        s = uow.session
        line = get_scoped(s, StatementLine, company_id, line_id, "statement line")
        _draft(s, company_id, line.statement_id)
        # statement first, then the line (the order every edit takes); a concurrent
        # delete that won is seen here as NotFound, not as a second deletion
        line = lock_statement_line(s, company_id, line_id)
        _open(line)
        statement_id = line.statement_id
        record_in(s, company_id, "delete_statement_line", "statement_line", line.id,
                  before=_line_values(line))  # fmt: skip
        s.delete(line)
        s.flush()
        view = statement_view(s, company_id, statement_id)
        uow.commit()
        return view


@access.requires(Permission.STATEMENT_WRITE)
def delete_statement(uow: UnitOfWork, company_id: int, statement_id: int) -> None:
    """Delete a draft statement and its lines (a wrongly imported file).

    Raises:
        StatementValidated: the statement is not a draft.
        StatementLineReconciled: one of its lines is reconciled.
    """
    with uow:
        s = uow.session
        st = _draft(s, company_id, statement_id)
        reconciled = s.scalar(
            select(func.count()).where(
                StatementLine.company_id == company_id,
                StatementLine.statement_id == st.id,
                StatementLine.entry_id.is_not(None),
            )
        )
        if reconciled:
            raise StatementLineReconciled(
                f"statement {st.id} has {reconciled} reconciled line(s); unreconcile them first"
            )
        record_in(s, company_id, "delete_statement", "bank_statement", st.id,
                  before=_statement_values(st))  # fmt: skip
        s.execute(
            delete(StatementLine).where(
                StatementLine.company_id == company_id, StatementLine.statement_id == st.id
            )
        )
        s.delete(st)
        uow.commit()


def _draft(session: Session, company_id: int, statement_id: int) -> BankStatement:
    """The statement, locked for update; refused unless it is a draft."""
    # read under the lock (populate_existing): a statement deleted by a concurrent
    # caller that won is NotFound here, never a refresh of a vanished row
    st = lock_scoped(session, BankStatement, company_id, statement_id, "bank statement")
    if st.state != "draft":
        raise StatementValidated(
            f"statement {st.id} is {st.state}: only a draft statement can be changed"
        )
    return st


def _open(line: StatementLine) -> None:
    if line.entry_id is not None:
        raise StatementLineReconciled(
            f"statement line {line.id} is reconciled; unreconcile it first"
        )


def _minor(value: Decimal, currency: str, field: str) -> int | None:
    try:
        return to_minor(value, currency)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=field) from None


def _bounded(text: str, size: int, field: str) -> str | None:
    if len(text) > size:
        raise InvalidInput(f"{field} is {len(text)} characters; at most {size}", field=field)
    return text.strip() or None


def _statement_values(st: BankStatement) -> dict[str, Any]:
    def money(minor: int | None) -> str | None:
        return None if minor is None else str(from_minor(minor, st.currency))

    return {
        "date": st.date.isoformat(),
        "opening_balance": money(st.opening_balance),
        "closing_balance": money(st.closing_balance),
    }


def _line_values(line: StatementLine) -> dict[str, Any]:
    return {
        "date": line.date.isoformat(),
        "amount": str(from_minor(line.amount, line.currency)),
        "counterparty_name": line.counterparty_name,
        "communication": line.communication,
    }
