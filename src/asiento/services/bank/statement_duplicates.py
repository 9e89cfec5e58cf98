"""Which statements and lines of a bank file are new, and which were seen before.

Why a plan before any write: a repeated statement or line must be skipped and
reported, never booked twice, while the rest of the file imports; deciding
first, from the file and one lookup per chunk, keeps the writer simple.

Rules:
    - a statement whose identity (``domain.statement_lines.statement_identity``)
      was imported before into the journal, or came earlier in the same file,
      is a duplicate statement: all its lines are duplicates;
    - a line with a bank reference is identified by (reference, date,
      amount): the same three again, in the file or the journal, is a
      duplicate; the same reference with another date or amount is a new line
      that carries a warning (the bank reused a reference, or the file is not
      what it claims);
    - a line without a reference is identified by (date, amount, counterparty,
      text) and its occurrence among identical lines of the file, so two
      genuinely identical movements are both kept.

Invariants:
    - every line of the file is either in ``new`` or counted in ``duplicates``;
    - lookups go ``CHUNK`` keys per query on indexed columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.statement_lines import (
    StatementFacts,
    fingerprint,
    statement_identity,
    with_occurrences,
)
from asiento.importers import base as parsed
from asiento.store.tables import BankStatement, StatementLine
from asiento.store.types import from_minor

CHUNK: Final = 2000


@dataclass(frozen=True, slots=True)
class NewLine:
    """A line to write, with its key and any warning about it."""

    key: str
    occurrence: int
    line: parsed.StatementLine
    warning: str | None = None


@dataclass(slots=True)
class StatementPlan:
    """One statement of the file: its identity, new lines and duplicates."""

    statement: parsed.ParsedStatement
    identity: str | None
    duplicate: bool = False
    new: list[NewLine] = field(default_factory=list)
    duplicate_total: Decimal = Decimal(0)
    duplicates: int = 0


def identity_of(st: parsed.ParsedStatement) -> str | None:
    """The statement's identity (see ``statement_identity``)."""
    return statement_identity(
        StatementFacts(
            account=st.account_iban or st.account_number,
            reference=st.reference,
            period_start=st.opening_date,
            period_end=st.date,
            opening=st.opening_balance,
            closing=st.closing_balance,
            line_count=len(st.lines),
            lines_total=sum((line.amount for line in st.lines), Decimal(0)),
        )
    )


def plan_import(
    session: Session, journal_id: int, statements: Sequence[parsed.ParsedStatement]
) -> list[StatementPlan]:
    """Decide, for every statement and line, new or duplicate (see the module rules)."""
    plans = [StatementPlan(st, identity_of(st)) for st in statements]
    _mark_duplicate_statements(session, journal_id, plans)
    keyed = with_occurrences(
        (_key(line), (plan, line))
        for plan in plans
        if not plan.duplicate
        for line in plan.statement.lines
    )
    existing = _existing_keys(session, journal_id, {key for key, _, _ in keyed})
    used = _used_references(session, journal_id, keyed)
    for key, occurrence, (plan, line) in keyed:
        if line.transaction_id:
            occurrence = 1  # a bank reference is unique: a repeat is the same movement
        if (key, occurrence) in existing:
            plan.duplicates += 1
            plan.duplicate_total += line.amount
            continue
        existing.add((key, occurrence))
        warning = _reuse_warning(line, used)
        plan.new.append(NewLine(key, occurrence, line, warning))
    return plans


def _mark_duplicate_statements(
    session: Session, journal_id: int, plans: list[StatementPlan]
) -> None:
    identities = {plan.identity for plan in plans if plan.identity}
    seen = _existing_identities(session, journal_id, identities)
    for plan in plans:
        if plan.identity is None:
            continue
        if plan.identity in seen:
            plan.duplicate = True
            plan.duplicates = len(plan.statement.lines)
        seen.add(plan.identity)


def _key(line: parsed.StatementLine) -> str:
    return fingerprint(
        day=line.date,
        amount=line.amount,
        counterparty_name=line.counterparty_name,
        counterparty_iban=line.counterparty_iban,
        communication=line.communication,
        transaction_id=line.transaction_id,
    )


Used = dict[str, list[tuple[dt.date, Decimal]]]


def _reuse_warning(line: parsed.StatementLine, used: Used) -> str | None:
    """A warning when the line's reference was used for another date or amount."""
    if not line.transaction_id:
        return None
    reference = line.transaction_id.strip()
    mine = (line.date, line.amount)
    others = [seen for seen in used.setdefault(reference, []) if seen != mine]
    used[reference].append(mine)
    if not others:
        return None
    day, amount = others[0]
    return f"bank reference {reference} was also used on {day.isoformat()} for {amount}"[:300]


def _existing_identities(session: Session, journal_id: int, identities: set[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(identities):
        rows = session.scalars(
            select(BankStatement.identity).where(
                BankStatement.journal_id == journal_id, BankStatement.identity.in_(chunk)
            )
        )
        found.update(row for row in rows if row)
    return found


def _existing_keys(session: Session, journal_id: int, keys: set[str]) -> set[tuple[str, int]]:
    """The (fingerprint, occurrence) pairs of ``keys`` already booked in the journal."""
    found: set[tuple[str, int]] = set()
    for chunk in _chunks(keys):
        rows = session.execute(
            select(StatementLine.fingerprint, StatementLine.occurrence).where(
                StatementLine.journal_id == journal_id, StatementLine.fingerprint.in_(chunk)
            )
        )
        found.update((r[0], r[1]) for r in rows)
    return found


def _used_references(
    session: Session,
    journal_id: int,
    keyed: Sequence[tuple[str, int, tuple[StatementPlan, parsed.StatementLine]]],
) -> Used:
    """Bank reference -> (date, amount) it was booked with in the journal."""
    references = {line.transaction_id.strip() for _, _, (_, line) in keyed if line.transaction_id}
    used: Used = {}
    for chunk in _chunks(references):
        rows = session.execute(
            select(
                StatementLine.transaction_id,
                StatementLine.date,
                StatementLine.amount,
                StatementLine.currency,
            ).where(StatementLine.journal_id == journal_id, StatementLine.transaction_id.in_(chunk))
        )
        for reference, day, minor, currency in rows:
            if reference is None:
                continue
            used.setdefault(reference, []).append((day, from_minor(minor, currency)))
    return used


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]
