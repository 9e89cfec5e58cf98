"""Journal entries: rapid manual entry of balanced lines, and their read model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.wire.common import Amount, AmountIn, NonNegativeAmount, Patch, Public
from asiento.wire.types import MAX_LINES, Day, Id, Text

ZERO = Decimal(0)


class LineIn(BaseModel):
    """One line; ``account`` is an account id (integer) or an account code (string)."""

    model_config = ConfigDict(extra="forbid")
    account: Id | Text
    debit: NonNegativeAmount = ZERO
    credit: NonNegativeAmount = ZERO
    partner_id: Id | None = None
    label: Text = ""
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    amount_currency: AmountIn | None = None
    due_date: Day | None = None

    def command(self) -> LineInput:
        return LineInput(**self.model_dump())


class EntryIn(BaseModel):
    """``journal`` is a journal id or code."""

    model_config = ConfigDict(extra="forbid")
    journal: Id | Text
    date: Day
    lines: list[LineIn] = Field(max_length=MAX_LINES)
    ref: Text = ""
    narration: Text = ""

    def command(self) -> EntryInput:
        return EntryInput(
            journal=self.journal,
            date=self.date,
            lines=tuple(line.command() for line in self.lines),
            ref=self.ref,
            narration=self.narration,
        )


class EntryPatch(Patch):
    """Partial change of a draft: fields left out keep their value; ``lines`` replaces all.

    ``null`` is refused for every field (422): each one is required of an entry.
    """

    journal: Id | Text | None = None
    date: Day | None = None
    lines: list[LineIn] | None = Field(default=None, max_length=MAX_LINES)
    ref: Text | None = None
    narration: Text | None = None


class ReverseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: Day | None = None
    reason: Text = ""


class ItemPublic(Public):
    id: int
    account_id: int
    account_code: str
    partner_id: int | None
    partner_name: str | None
    label: str
    debit: Amount
    credit: Amount
    currency: str
    amount_currency: Amount
    due_date: dt.date | None
    amount_residual: Amount
    reconciled: bool


class EntryPublic(Public):
    id: int
    journal_id: int
    number: str | None
    date: dt.date
    ref: str
    narration: str
    state: str
    origin_kind: str | None
    origin_id: int | None
    reversal_of_id: int | None
    reversed_by_id: int | None
    hash: str | None
    total_debit: Amount
    items: list[ItemPublic]


class JournalCheckPublic(BaseModel):
    journal_id: int
    journal_code: str
    entries: int
    ok: bool
    detail: str | None = None


class DocumentBreakPublic(BaseModel):
    kind: str = Field(description="invoice, payment or journal item")
    id: int
    number: str | None
    reason: str


class DocumentCheckPublic(BaseModel):
    """Stored document figures against the ledger: counts checked, first disagreement."""

    ok: bool
    invoices: int
    payments: int
    items: int
    first_broken: DocumentBreakPublic | None = None


class VerifyPublic(BaseModel):
    ok: bool
    journals: list[JournalCheckPublic]
    documents: DocumentCheckPublic
