"""Which statements and lines of a bank file are new, and which were seen before.

Why decided a chunk at a time: a repeated statement or line must be skipped
and reported, never booked twice, while the rest of the file imports; and a
file may hold millions of lines, so nothing is kept per line. Statements are
decided first (their identities come from the scan, ``statement_scan``);
lines a chunk at a time, against the journal as it stands in the import's
transaction: the lines of earlier chunks, already written, count as booked.

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
    - every line of a chosen statement is either written or counted in
      ``duplicates``;
    - a chunk of lines is looked up in one query (its fingerprints and its bank
      references, ``CHUNK`` of each per query, on indexed columns); occurrences
      are counted in an ``Occurrences`` (on disk beyond a bound).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from typing import Any, Final

from sqlalchemy import Select, literal, select, union_all
from sqlalchemy.orm import Session

from asiento.domain.statement_lines import StatementFacts, fingerprint, statement_identity
from asiento.importers import base as parsed
from asiento.importers.occurrences import Occurrences
from asiento.services.bank.statement_scan import Scanned
from asiento.store.bulk import company_is, values_in
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
    """One chosen statement: its identity, duplicates so far, and its row once written."""

    scanned: Scanned
    identity: str | None
    duplicate: bool = False
    duplicates: int = 0
    duplicate_total: Decimal = Decimal(0)
    read: int = 0  # lines decided so far, new or duplicate
    written: int = 0
    latest_new: dt.date | None = None
    row: BankStatement | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def statement(self) -> parsed.ParsedStatement:
        return self.scanned.statement


def identity_of(sc: Scanned) -> str | None:
    """The statement's identity (see ``statement_identity``)."""
    st = sc.statement
    return statement_identity(
        StatementFacts(
            account=st.account_iban or st.account_number,
            reference=st.reference,
            period_start=st.opening_date,
            period_end=st.date,
            opening=st.opening_balance,
            closing=st.closing_balance,
            line_count=sc.count,
            lines_total=sc.total,
        )
    )


def plan_statements(
    session: Session, journal_id: int, chosen: Sequence[Scanned]
) -> list[StatementPlan]:
    """A plan per chosen statement; statements seen before are marked duplicate."""
    plans = [StatementPlan(sc, identity_of(sc)) for sc in chosen]
    identities = {plan.identity for plan in plans if plan.identity}
    seen = _existing_identities(session, journal_id, identities)
    for plan in plans:
        if plan.identity is None:
            continue
        if plan.identity in seen:
            plan.duplicate = True
            plan.duplicates = plan.scanned.count
        seen.add(plan.identity)
    return plans


Decided = tuple[StatementPlan, parsed.StatementLine, NewLine | None]


def decide(
    session: Session,
    journal: tuple[int, int],
    chunk: Sequence[tuple[StatementPlan, parsed.StatementLine]],
    seen: Occurrences,
) -> list[Decided]:
    """New (with its key) or duplicate (None) for each line of ``chunk``, in order.

    ``journal`` is (company_id, journal_id): the fingerprints are looked up on the
    unique key (company_id, journal_id, fingerprint, occurrence), whose first column
    must be given or SQLite scans the journal's lines for every chunk.

    ``seen`` counts the file's lines without a bank reference (their
    occurrence); earlier chunks must be written before this one is decided.
    """
    keyed = [
        (key, 1 if line.transaction_id else seen.add(key), plan, line)
        for plan, line in chunk
        for key in (_key(line),)
    ]
    keys = {key for key, _, _, _ in keyed}
    references = {line.transaction_id.strip() for *_, line in keyed if line.transaction_id}
    existing, used = _booked(session, journal, keys, references)
    result: list[Decided] = []
    for key, occurrence, plan, line in keyed:
        if (key, occurrence) in existing:
            plan.duplicates += 1
            plan.duplicate_total += line.amount
            result.append((plan, line, None))
            continue
        existing.add((key, occurrence))
        result.append((plan, line, NewLine(key, occurrence, line, _reuse_warning(line, used))))
    return result


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


def _booked(
    session: Session, journal: tuple[int, int], keys: set[str], references: set[str]
) -> tuple[set[tuple[str, int]], Used]:
    """What the journal already holds of a chunk, in one query per ``CHUNK`` of each:
    the (fingerprint, occurrence) pairs of ``keys``, and for each bank reference of
    ``references`` the (date, amount) it was booked with.

    One ``UNION ALL`` of two look-ups, each on its own index, not one ``OR``: SQLite
    answers ``journal_id = ? AND (a IN ... OR b IN ...)`` by scanning the journal's
    lines, so a file's cost would grow with the square of its size."""
    existing: set[tuple[str, int]] = set()
    used: Used = {}
    for some_keys, some_references in zip_longest(_chunks(keys), _chunks(references)):
        branches = [
            _lookup(session, journal, which, column, values)
            for which, column, values in (
                ("key", StatementLine.__table__.c.fingerprint, some_keys),
                ("reference", StatementLine.__table__.c.transaction_id, some_references),
            )
            if values
        ]
        query = branches[0] if len(branches) == 1 else union_all(*branches)
        for which, key, occurrence, reference, day, minor, currency in session.execute(query):
            if which == "key":
                existing.add((key, occurrence))
            elif reference is not None:
                used.setdefault(reference, []).append((day, from_minor(minor, currency)))
    return existing, used


def _lookup(
    session: Session, journal: tuple[int, int], which: str, column: Any, values: list[str]
) -> Select[str, str, int, str | None, dt.date, int, str]:
    """One branch: fingerprints on the unique key (company_id, journal_id, fingerprint, ...),
    references on (journal_id, transaction_id). Both name their company.

    Core on the table (the session's company criterion is for ORM reads): on SQLite the
    reference branch's ``company_id`` is an expression (``store.bulk.company_is``), not an
    indexable column.
    With it as a column, SQLite, planning without statistics, preferred (company_id,
    journal_id, date), two equalities, and compared each of the journal's lines with the
    chunk's references: a chunk's look-up grew with the lines written before it (from 8 to
    170 ms over a 40,000-line import), quadratic in the file."""
    line, (company_id, journal_id) = StatementLine.__table__.c, journal
    names_company = (
        company_is(session, line.company_id, company_id)  # (journal_id, transaction_id) leads
        if which == "reference"
        else line.company_id == company_id
    )
    return select(
        literal(which).label("which"), line.fingerprint, line.occurrence, line.transaction_id,
        line.date, line.amount, line.currency,
    ).where(
        names_company, line.journal_id == journal_id, values_in(session, column, values)
    )  # fmt: skip


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]
