"""Schemas of /statements, /statement-lines and /reconciliation-rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from asiento.domain.commands.reconciliation_rules import NewRule, RuleChanges
from asiento.services.bank.statement_edits import LineChanges, StatementChanges
from asiento.services.bank.statement_import import ImportSummary
from asiento.services.bank.statement_reconcile import Counterpart, LineReconciliation
from asiento.services.bank.statements import ManualLine, ManualStatement
from asiento.wire.common import Amount, AmountIn, Patch, Public
from asiento.wire.types import MAX_LINES, Day, Id, SmallInt, Text


class ImportRequest(BaseModel):
    """What identifies an upload for ``Idempotency-Key`` (the file by its SHA-256)."""

    journal: Text
    format: Text | None
    profile: Text | None
    filename: Text | None
    sha256: Text
    closing_balance: Decimal | None = None
    encoding: Text | None = None


class BalancePublic(BaseModel):
    reference: str | None
    opening: Amount | None
    closing: Amount | None
    lines_total: Amount
    difference: Amount | None


class ImportPublic(BaseModel):
    format: str
    new: int
    duplicates: int
    statement_ids: list[int]
    balance_ok: bool | None
    difference: Amount
    balances: list[BalancePublic]
    warnings: list[str]
    skipped_accounts: list[str]
    duplicate_statements: list[str]
    message: str

    @classmethod
    def of(cls, s: ImportSummary) -> ImportPublic:
        balances = [BalancePublic.model_validate(b, from_attributes=True) for b in s.balances]
        return cls(
            format=s.format,
            new=s.new,
            duplicates=s.duplicates,
            statement_ids=list(s.statement_ids),
            balance_ok=s.balance_ok,
            difference=s.difference,
            balances=balances,
            warnings=list(s.warnings),
            skipped_accounts=list(s.skipped_accounts),
            duplicate_statements=list(s.duplicate_statements),
            message=s.message(),
        )


class LinePublic(Public):
    id: int
    statement_id: int
    sequence: int
    date: dt.date
    value_date: dt.date | None
    amount: Amount
    currency: str
    counterparty_name: str | None
    counterparty_iban: str | None
    communication: str | None
    reference: str | None
    transaction_id: str | None
    partner_id: int | None
    warning: str | None = None
    original_amount: Decimal | None = None
    original_currency: str | None = None
    state: str
    entry_id: int | None
    payment_id: int | None


class StatementPublic(Public):
    id: int
    journal: str
    date: dt.date
    reference: str
    currency: str
    opening_balance: Amount | None
    closing_balance: Amount | None
    state: str
    file_format: str | None
    line_count: int
    lines: list[LinePublic] = Field(default_factory=list)
    balance_source: str | None = None


class ManualLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day
    amount: AmountIn
    counterparty_name: Text | None = None
    counterparty_iban: Text | None = None
    communication: Text | None = None
    reference: Text | None = None


class StatementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    journal: Text | Id
    date: Day
    reference: Text = ""
    opening_balance: AmountIn | None = None
    closing_balance: AmountIn | None = None
    lines: list[ManualLineIn] = Field(default_factory=list, max_length=MAX_LINES)

    def command(self) -> ManualStatement:
        lines = tuple(ManualLine(**x.model_dump()) for x in self.lines)
        return ManualStatement(
            self.journal,
            self.date,
            self.reference,
            self.opening_balance,
            self.closing_balance,
            lines,
        )


class ValidationPublic(Public):
    statement_id: int
    state: str
    opening: Amount
    lines_total: Amount
    closing: Amount
    difference: Amount
    ok: bool


class CounterpartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_id: Id
    amount: AmountIn
    partner_id: Id | None = None
    label: Text = ""
    tax_id: Id | None = None


class ReconcileIn(BaseModel):
    """Give one of: ``item_ids`` (+ counterparts / write-off), ``payment_id``, ``rule_id``."""

    model_config = ConfigDict(extra="forbid")

    item_ids: list[Id] = Field(default_factory=list, max_length=MAX_LINES)
    counterparts: list[CounterpartIn] = Field(default_factory=list, max_length=MAX_LINES)
    writeoff_account_id: Id | None = None
    writeoff_label: Text = "Write-off"
    write_off_difference: bool = False
    payment_id: Id | None = None
    rule_id: Id | None = None

    def command(self) -> LineReconciliation:
        cps = tuple(Counterpart(**c.model_dump()) for c in self.counterparts)
        return LineReconciliation(
            tuple(self.item_ids),
            cps,
            self.writeoff_account_id,
            self.writeoff_label,
            self.write_off_difference,
        )


class AutoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    journal_id: Id | None = None
    dry_run: bool = False


class ProposalPublic(Public):
    line_id: int
    kind: str
    target: list[int]
    detail: str


class AmbiguityPublic(Public):
    line_id: int
    reason: str
    candidates: list[list[int]]


class AutoPublic(Public):
    matched: list[ProposalPublic]
    ambiguous: list[AmbiguityPublic]
    refused: list[tuple[int, str]]
    left: int
    dry_run: bool


class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1, max_length=100)
    sequence: SmallInt = 10
    journal_id: Id | None = None
    label_contains: Text | None = None
    label_regex: Text | None = None
    amount_min: AmountIn | None = None
    amount_max: AmountIn | None = None
    partner_id: Id | None = None
    account_id: Id
    tax_id: Id | None = None
    label: Text = ""

    def command(self) -> NewRule:
        return NewRule(**self.model_dump())


class RulePatch(Patch):
    nullable = frozenset(
        {
            "journal_id",
            "label_contains",
            "label_regex",
            "amount_min",
            "amount_max",
            "partner_id",
            "tax_id",
        }
    )

    name: Text | None = None
    sequence: SmallInt | None = None
    journal_id: Id | None = None
    label_contains: Text | None = None
    label_regex: Text | None = None
    amount_min: AmountIn | None = None
    amount_max: AmountIn | None = None
    partner_id: Id | None = None
    account_id: Id | None = None
    tax_id: Id | None = None
    label: Text | None = None

    def command(self) -> RuleChanges:
        return RuleChanges(**self.changes())


class RulePublic(Public):
    id: int
    name: str
    sequence: int
    journal_id: int | None
    label_contains: str | None
    label_regex: str | None
    amount_min: Amount | None
    amount_max: Amount | None
    partner_id: int | None
    account_id: int
    tax_id: int | None
    label: str


class StatementPatch(Patch):
    """Changes to a draft statement (issue 17); only the fields sent change."""

    date: dt.date | None = None
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None

    def command(self) -> StatementChanges:
        return StatementChanges(self.date, self.opening_balance, self.closing_balance)


class LinePatch(Patch):
    """Changes to a line of a draft statement; only the fields sent change."""

    date: dt.date | None = None
    amount: Decimal | None = None
    counterparty_name: str | None = Field(default=None, max_length=200)
    communication: str | None = Field(default=None, max_length=2000)

    def command(self) -> LineChanges:
        return LineChanges(self.date, self.amount, self.counterparty_name, self.communication)
