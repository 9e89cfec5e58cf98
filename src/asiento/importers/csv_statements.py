"""From read CSV rows to statements: grouping, preamble values and balances.

Why apart from ``csv``: reading rows is about a layout; this is about what a
bank's rows say about the account. One statement per distinct (account,
currency, statement reference) taken from the profile's columns, in order of
first appearance; a file without such columns is one statement.

Balances, first source that has them:
    1. "opening"/"closing" rows of a ``record_type`` column (Swedbank);
    2. preamble cells above the header (UBS), when the file is one statement;
    3. a running-balance column. Rows are put in booking order: the file's
       order, reversed when its first date is later than its last or, when
       those dates are equal, when the balances only add up read backwards.
       With a balance *after* each row (the usual case), closing = balance of
       the newest row and opening = balance of the oldest row - its amount;
       with ``balance_before`` (ASN), opening = balance of the oldest row and
       closing = balance of the newest row + its amount.

Invariants:
    - derived balances are derived, not checked: the statement service checks
      opening + sum(lines) == closing and reports any difference;
    - a preamble cell the profile names but the file lacks is an error, not
      silently None.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from asiento.domain.currency import is_known
from asiento.importers.base import ImportFileError, ParsedStatement, StatementLine
from asiento.importers.csv_cells import read_date, read_number
from asiento.importers.csv_profiles import CsvProfile
from asiento.importers.identity import split_account

Key = tuple[str | None, str | None, str | None]
Record = tuple[int, list[str]]
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One read row: a statement line ("line") or a balance ("opening"/"closing").

    ``key`` is (account, currency, statement reference) as written in the row.
    """

    kind: str
    line: StatementLine
    balance: Decimal | None
    key: Key


@dataclass(frozen=True, slots=True)
class Preamble:
    """Values read from cells above the header (``CsvProfile.preamble``)."""

    iban: str | None = None
    number: str | None = None
    currency: str | None = None
    opening: Decimal | None = None
    closing: Decimal | None = None
    start: date | None = None
    end: date | None = None

    @classmethod
    def read(cls, records: list[Record], profile: CsvProfile) -> Preamble:
        """The profile's preamble cells from the records above the header."""
        found = cls()
        for name, row, col in profile.preamble:
            line_no, cells = records[row] if row < len(records) else (row + 1, [])
            where = f"line {line_no}, column {col}"
            value = cells[col].lstrip("=").strip() if col < len(cells) else ""
            if not value:
                raise ImportFileError(f"preamble {name} missing", location=where)
            found = found._with(name, value, profile, where)
        return found

    def _with(self, name: str, value: str, profile: CsvProfile, where: str) -> Preamble:
        if name == "account":
            iban, number = split_account(value)
            return replace(self, iban=self.iban or iban, number=self.number or number)
        if name == "currency":
            if not is_known(value.upper()):
                raise ImportFileError(f"{value!r} is not a currency", location=where)
            return replace(self, currency=value.upper())
        if name == "opening_balance":
            return replace(self, opening=read_number(value, profile, where))
        if name == "closing_balance":
            return replace(self, closing=read_number(value, profile, where))
        if name == "start_date":
            return replace(self, start=read_date(value, profile, where))
        return replace(self, end=read_date(value, profile, where))


def assemble(rows: list[CsvRow], preamble: Preamble, profile: CsvProfile) -> list[ParsedStatement]:
    """One statement per (account, currency, statement reference), in file order."""
    groups: dict[Key, list[CsvRow]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    if not groups and preamble != Preamble():
        groups[(None, None, None)] = []
    if len(groups) > 1:  # the preamble's balances and dates describe one statement only
        preamble = Preamble(preamble.iban, preamble.number, preamble.currency)
    return [_statement(key, group, preamble, profile) for key, group in groups.items()]


def _statement(key: Key, rows: list[CsvRow], pre: Preamble, profile: CsvProfile) -> ParsedStatement:
    lines = [r for r in rows if r.kind == "line"]
    marks = {r.kind: r.line for r in rows if r.kind != "line"}
    opening, closing = marks.get("opening"), marks.get("closing")
    derived_opening, derived_closing = _running(lines, profile.balance_before)
    dates = [r.line.date for r in lines]
    iban, number = split_account(key[0]) if key[0] else (pre.iban, pre.number)
    return ParsedStatement(
        account_iban=iban,
        account_number=number,
        currency=key[1] or pre.currency or profile.currency,
        reference=key[2],
        date=_first(closing.date if closing else None, pre.end, max(dates, default=None)),
        opening_balance=_first(opening.amount if opening else None, pre.opening, derived_opening),
        closing_balance=_first(closing.amount if closing else None, pre.closing, derived_closing),
        lines=tuple(r.line for r in lines),
        opening_date=_first(opening.date if opening else None, pre.start, min(dates, default=None)),
    )


def _first(*values: _T | None) -> _T | None:
    return next((v for v in values if v is not None), None)


def _running(lines: list[CsvRow], before: bool) -> tuple[Decimal | None, Decimal | None]:
    """(opening, closing) from a running-balance column; see the module docstring."""
    if not lines:
        return None, None
    order = lines[::-1] if _descending(lines, before) else lines
    oldest = min(order, key=lambda r: r.line.date)
    newest = max(reversed(order), key=lambda r: r.line.date)
    if before:
        closing = None if newest.balance is None else newest.balance + newest.line.amount
        return oldest.balance, closing
    opening = None if oldest.balance is None else oldest.balance - oldest.line.amount
    return opening, newest.balance


def _descending(lines: list[CsvRow], before: bool) -> bool:
    """Newest first? By dates, or when the end dates tie, by how balances add up."""
    first, last = lines[0], lines[-1]
    if first.line.date != last.line.date:
        return first.line.date > last.line.date
    a, b = first, lines[1] if len(lines) > 1 else first
    if a is b or a.balance is None or b.balance is None:
        return False
    step = b.balance - a.balance
    ascending = a.line.amount if before else b.line.amount
    descending = -(b.line.amount if before else a.line.amount)
    return step != ascending and step == descending
