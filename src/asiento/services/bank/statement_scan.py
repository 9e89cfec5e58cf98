"""Reading a bank file once before anything is written: what each statement holds.

Why a pass of its own: a file is imported all or nothing, and its parser may
refuse it at its last line; a statement's identity needs its line count and
total, known only at its end. This pass reads the whole stream, keeps per
statement only its header, count, total and latest date, and notes the first
line whose amount the currency cannot hold or whose text is too long.
Nothing is written until it has finished, so a refused file leaves the
database as it was.

Invariants:
    - memory is per statement, not per line;
    - ``Scanned.problem`` is the first such line of the statement, raised by
      ``check_lines`` for the statements chosen for the journal, in order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from asiento.domain.errors import InvalidAmount
from asiento.importers import base as parsed
from asiento.importers.base import ImportFileError
from asiento.importers.detect import Stream
from asiento.store.types import to_minor

TEXT_BOUNDS: Final = {
    "counterparty_name": 200,
    "communication": 4000,
    "reference": 140,
    "transaction_id": 140,
}
"""The longest text a line may carry (column sizes; communication: 4,000 characters)."""


@dataclass(slots=True)
class Scanned:
    """One statement of the file: header (no lines), line count, total, latest date."""

    index: int
    statement: parsed.ParsedStatement
    count: int
    total: Decimal
    last_date: dt.date | None
    problem: tuple[int, str] | None = None  # (line number in the statement, why)


@dataclass(slots=True)
class _Tally:
    count: int = 0
    total: Decimal = Decimal(0)
    last_date: dt.date | None = None
    problem: tuple[int, str] | None = None

    def add(self, line: parsed.StatementLine, currency: str) -> None:
        self.count += 1
        self.total += line.amount
        if self.last_date is None or line.date > self.last_date:
            self.last_date = line.date
        if self.problem is None:
            why = line_problem(line, currency)
            self.problem = None if why is None else (self.count, why)


def scan(stream: Stream, currency: str) -> list[Scanned]:
    """Every statement of the stream with its tallies, in statement order.

    Raises:
        ImportFileError: whatever the parser refuses, wherever in the file.
    """
    tallies: dict[int, _Tally] = {}
    done: list[Scanned] = []
    for index, item in stream():
        if isinstance(item, parsed.StatementLine):
            tallies.setdefault(index, _Tally()).add(item, currency)
            continue
        t = tallies.pop(index, _Tally())
        done.append(Scanned(index, item, t.count, t.total, t.last_date, t.problem))
    return sorted(done, key=lambda s: s.index)


def line_problem(line: parsed.StatementLine, currency: str) -> str | None:
    """Why the line cannot be stored exactly: too many decimals, or a text too long."""
    try:
        to_minor(line.amount, currency)
    except InvalidAmount as exc:
        return exc.message
    for name, bound in TEXT_BOUNDS.items():
        value = getattr(line, name)
        if value is not None and len(value) > bound:
            return f"{name} is {len(value):,} characters; at most {bound:,} are kept"
    return None


def check_lines(chosen: list[Scanned]) -> None:
    """Refuse the file at the first line of a chosen statement that cannot be stored."""
    for n, sc in enumerate(chosen, 1):
        if sc.problem is not None:
            line, why = sc.problem
            where = f"statement {sc.statement.reference or n} line {line}"
            raise ImportFileError(why, location=where)
