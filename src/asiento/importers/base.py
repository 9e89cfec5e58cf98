"""The one shape every bank file becomes, whatever its format.

Why one shape: de-duplication, balance checks and reconciliation should not know
whether a line came from CAMT.053, MT940, OFX or CSV.

Invariants:
    - amounts are exact ``Decimal`` in the statement currency, signed from the
      account holder's view: money in is positive, money out negative;
    - a parser either returns every statement in the file or raises
      ``ImportFileError`` naming the line or element at fault (all or nothing);
    - a streaming parser (``Item``) yields each line as it reads it and the
      statement itself (without lines) after its last line; it may raise
      after yielding lines, so a consumer must read the whole stream before
      it writes anything (the import checks it all, then writes from a replay);
    - ``opening_balance`` + sum(line amounts) == ``closing_balance`` is *not*
      enforced here (the statement service checks it and reports the
      difference), but both balances are given when the file states them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import BinaryIO, Protocol

from asiento.domain.errors import InvalidInput


class ImportFileError(InvalidInput):
    """A bank file that cannot be read: says where (line or element) and why."""

    code = "import_file_error"

    def __init__(self, message: str, *, location: str | None = None) -> None:
        text = f"{location}: {message}" if location else message
        super().__init__(text, field=location or "file")
        self.location = location


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One booked movement on the bank account."""

    date: dt.date
    amount: Decimal
    value_date: dt.date | None = None
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    communication: str | None = None
    reference: str | None = None
    transaction_id: str | None = None
    currency: str | None = None
    original_amount: Decimal | None = None
    original_currency: str | None = None
    bank_code: str | None = None
    reversal: bool = False


@dataclass(frozen=True, slots=True)
class ParsedStatement:
    """One statement (one account, one period) from a bank file."""

    account_iban: str | None
    account_number: str | None
    currency: str | None
    reference: str | None
    date: dt.date | None
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    lines: tuple[StatementLine, ...] = field(default_factory=tuple)
    opening_date: dt.date | None = None


class Parser(Protocol):
    """A format module exposes ``detect`` and ``parse`` with these signatures."""

    def detect(self, content: bytes) -> bool: ...

    def parse(self, content: bytes) -> list[ParsedStatement]: ...


Item = tuple[int, StatementLine | ParsedStatement]
"""One event of a streamed file: (statement index, one of its lines) in file
order, or (statement index, the statement without lines) after its last line."""

Input = bytes | BinaryIO
"""A bank file: its bytes, or a binary file open for reading (seekable)."""


def open_input(content: Input) -> BinaryIO:
    """``content`` as a binary file positioned at its start."""
    if isinstance(content, bytes | bytearray | memoryview):
        return io.BytesIO(content)
    content.seek(0)
    return content


def head_of(content: Input, size: int) -> bytes:
    """The first ``size`` bytes of ``content`` (for detection), position kept at 0."""
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content[:size])
    content.seek(0)
    head = content.read(size)
    content.seek(0)
    return head


def collect(items: Iterable[Item]) -> list[ParsedStatement]:
    """The statements of a stream, each with its lines, in statement order."""
    lines: dict[int, list[StatementLine]] = {}
    done: dict[int, ParsedStatement] = {}
    for index, item in items:
        if isinstance(item, StatementLine):
            lines.setdefault(index, []).append(item)
        else:
            done[index] = replace(item, lines=tuple(lines.pop(index, ())))
    return [done[index] for index in sorted(done)]


def items_of(statements: Iterable[ParsedStatement]) -> Iterator[Item]:
    """A stream from parsed statements (for formats that are not streamed)."""
    for index, st in enumerate(statements):
        for line in st.lines:
            yield index, line
        yield index, replace(st, lines=())
