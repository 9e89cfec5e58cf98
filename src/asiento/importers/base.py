"""The one shape every bank file becomes, whatever its format.

Why one shape: de-duplication, balance checks and reconciliation should not know
whether a line came from CAMT.053, MT940, OFX or CSV.

Invariants:
    - amounts are exact ``Decimal`` in the statement currency, signed from the
      account holder's view: money in is positive, money out negative;
    - a parser either returns every statement in the file or raises
      ``ImportFileError`` naming the line or element at fault (all or nothing);
    - ``opening_balance`` + sum(line amounts) == ``closing_balance`` is *not*
      enforced here (the statement service checks it and reports the
      difference), but both balances are given when the file states them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

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
