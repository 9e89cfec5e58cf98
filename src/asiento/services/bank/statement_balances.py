"""Where an imported statement's balances come from, said out loud.

Why: a balance check is worth something only when both balances come from
outside the lines. OFX states only the closing balance and CSV states none;
computing the opening from the closing and the lines (as once done) makes
altered, missing or duplicated lines "balance". So:

    - a balance stated by the file is used (an opening moved by the total of
      the lines already imported, when some were);
    - a missing opening is the journal's last trusted closing balance (a
      validated statement's, or one stated by a file or the user), and the
      import says so;
    - a missing closing is the one the user declared for the import;
    - what is still missing makes the statement ``unverifiable``: it
      validates only with an explicit confirmation, recorded in the audit log.

Invariants:
    - ``balance_source`` is ``file``, ``previous``, ``declared`` or
      ``unverifiable``; ``unverifiable`` exactly when a balance is None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from asiento.importers import base as parsed
from asiento.store.tables import BankStatement
from asiento.store.types import from_minor

UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True, slots=True)
class Balances:
    """The balances a statement is written with, where they came from, and a note."""

    opening: Decimal | None
    closing: Decimal | None
    source: str
    note: str | None = None


def resolve_balances(
    session: Session,
    journal_id: int,
    st: parsed.ParsedStatement,
    duplicate_total: Decimal,
    declared_closing: Decimal | None,
    end: dt.date | None = None,
) -> Balances:
    """The balances of ``st`` by the rules of the module docstring.

    ``end`` is the statement's last day (its date, else its latest line's),
    for a statement read without its lines.
    """
    closing = st.closing_balance if st.closing_balance is not None else declared_closing
    if st.opening_balance is not None:
        opening: Decimal | None = st.opening_balance + duplicate_total
        source, note = "file", None
    else:
        if end is None:
            end = st.date or max((ln.date for ln in st.lines), default=None)
        previous = previous_closing(session, journal_id, end)
        opening = previous[0] if previous else None
        source = "previous"
        note = (
            f"opening balance {previous[0]} taken from the closing balance of statement "
            f"{previous[1]}"
            if previous
            else None
        )
    if opening is None or closing is None:
        missing = "opening" if opening is None else "closing"
        why = f"no {missing} balance: the statement is unverifiable until confirmed"
        return Balances(opening, closing, UNVERIFIABLE, why if note is None else f"{note}; {why}")
    if source == "file" and st.closing_balance is None:
        source = "declared"
    return Balances(opening, closing, source, note)


def previous_closing(
    session: Session, journal_id: int, before: dt.date | None
) -> tuple[Decimal, str] | None:
    """(closing, "reference of date") of the journal's last trusted statement.

    Trusted: validated, or with balances not marked unverifiable. Only
    statements dated on or before ``before`` count when it is given.
    """
    query = (
        select(BankStatement)
        .where(
            BankStatement.journal_id == journal_id,
            BankStatement.closing_balance.is_not(None),
            or_(
                BankStatement.state == "validated",
                BankStatement.balance_source.is_(None),
                BankStatement.balance_source != UNVERIFIABLE,
            ),
        )
        .order_by(BankStatement.date.desc(), BankStatement.id.desc())
        .limit(1)
    )
    if before is not None:
        query = query.where(BankStatement.date <= before)
    row = session.scalar(query)
    if row is None or row.closing_balance is None:
        return None
    label = f"{row.reference or row.id} of {row.date.isoformat()}"
    return from_minor(row.closing_balance, row.currency), label
