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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from asiento.domain.currency import is_known
from asiento.importers.base import ImportFileError, Item, ParsedStatement, StatementLine
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


@dataclass(slots=True)
class _Group:
    """What one statement's balances and dates need of its rows, kept as they pass.

    Not the rows themselves: the first two and the last line, the first and
    last line of the earliest and of the latest date, and the balance rows.
    """

    index: int
    count: int = 0
    first: CsvRow | None = None
    second: CsvRow | None = None
    last: CsvRow | None = None
    first_min: CsvRow | None = None
    last_min: CsvRow | None = None
    first_max: CsvRow | None = None
    last_max: CsvRow | None = None
    marks: dict[str, StatementLine] = field(default_factory=dict)

    def add(self, row: CsvRow) -> None:
        day = row.line.date
        self.count += 1
        self.first = self.first or row
        if self.count == 2:
            self.second = row
        self.last = row
        if self.first_min is None or day < self.first_min.line.date:
            self.first_min = row
        if self.last_min is None or day <= self.last_min.line.date:
            self.last_min = row
        if self.first_max is None or day > self.first_max.line.date:
            self.first_max = row
        if self.last_max is None or day >= self.last_max.line.date:
            self.last_max = row


def assemble(rows: Iterable[CsvRow], preamble: Preamble, profile: CsvProfile) -> Iterator[Item]:
    """One statement per (account, currency, statement reference), in file order.

    Streamed: each line as its row comes, the statements after the last row.
    """
    groups: dict[Key, _Group] = {}
    for row in rows:
        group = groups.get(row.key)
        if group is None:
            group = groups[row.key] = _Group(len(groups))
        if row.kind == "line":
            group.add(row)
            yield group.index, row.line
        else:
            group.marks[row.kind] = row.line
    if not groups and preamble != Preamble():
        groups[(None, None, None)] = _Group(0)
    if len(groups) > 1:  # the preamble's balances and dates describe one statement only
        preamble = Preamble(preamble.iban, preamble.number, preamble.currency)
    for key, group in groups.items():
        yield group.index, _statement(key, group, preamble, profile)


def _statement(key: Key, group: _Group, pre: Preamble, profile: CsvProfile) -> ParsedStatement:
    opening, closing = group.marks.get("opening"), group.marks.get("closing")
    derived_opening, derived_closing = _running(group, profile.balance_before)
    last_day = group.last_max.line.date if group.last_max else None
    first_day = group.first_min.line.date if group.first_min else None
    iban, number = split_account(key[0]) if key[0] else (pre.iban, pre.number)
    return ParsedStatement(
        account_iban=iban,
        account_number=number,
        currency=key[1] or pre.currency or profile.currency,
        reference=key[2],
        date=_first(closing.date if closing else None, pre.end, last_day),
        opening_balance=_first(opening.amount if opening else None, pre.opening, derived_opening),
        closing_balance=_first(closing.amount if closing else None, pre.closing, derived_closing),
        opening_date=_first(opening.date if opening else None, pre.start, first_day),
    )


def _first(*values: _T | None) -> _T | None:
    return next((v for v in values if v is not None), None)


def _running(group: _Group, before: bool) -> tuple[Decimal | None, Decimal | None]:
    """(opening, closing) from a running-balance column; see the module docstring.

    In booking order, the oldest line is the first of the earliest date and the
    newest the last of the latest date; read backwards, the other way round.
    """
    if group.first is None:
        return None, None
    if _descending(group, before):
        oldest, newest = group.last_min, group.first_max
    else:
        oldest, newest = group.first_min, group.last_max
    assert oldest is not None and newest is not None
    if before:
        closing = None if newest.balance is None else newest.balance + newest.line.amount
        return oldest.balance, closing
    opening = None if oldest.balance is None else oldest.balance - oldest.line.amount
    return opening, newest.balance


def _descending(group: _Group, before: bool) -> bool:
    """Newest first? By dates, or when the end dates tie, by how balances add up."""
    first, last = group.first, group.last
    assert first is not None and last is not None
    if first.line.date != last.line.date:
        return first.line.date > last.line.date
    a, b = first, group.second or first
    if a is b or a.balance is None or b.balance is None:
        return False
    step = b.balance - a.balance
    ascending = a.line.amount if before else b.line.amount
    descending = -(b.line.amount if before else a.line.amount)
    return step != ascending and step == descending
