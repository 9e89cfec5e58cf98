"""Payments, payment registration from invoices, reconciliations and open items."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from asiento.services.payments.payment_docs import PaymentInput
from asiento.services.payments.reconciliation import WriteOff
from asiento.services.payments.register_payment import RegisterPaymentInput
from asiento.wire.common import Amount, NonNegativeAmount, Public
from asiento.wire.types import MAX_LINES, Day, Id, Text


class PaymentIn(BaseModel):
    """``journal`` is a bank/cash journal id or code; ``amount`` > 0 in ``currency``."""

    model_config = ConfigDict(extra="forbid")
    payment_type: Literal["inbound", "outbound"]
    partner_id: Id | None = None
    amount: NonNegativeAmount
    date: Day
    journal: Id | Text = "BNK1"
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    communication: Text = ""
    destination_account_id: Id | None = None

    def command(self) -> PaymentInput:
        return PaymentInput(**self.model_dump())


class PaymentPublic(Public):
    id: int
    payment_type: str
    state: str
    partner_id: int | None
    journal_id: int
    date: dt.date
    amount: Amount
    currency: str
    communication: str
    entry_id: int | None
    is_matched: bool


class RegisterPaymentIn(BaseModel):
    """Pay this invoice (and ``other_invoice_ids`` of the same partner); ``amount`` None = all."""

    model_config = ConfigDict(extra="forbid")
    date: Day
    amount: NonNegativeAmount | None = None
    journal: Id | Text = "BNK1"
    group: bool = True
    other_invoice_ids: list[Id] = Field(default_factory=list, max_length=MAX_LINES)
    writeoff_account_id: Id | None = None
    writeoff_label: Text = "Write-off"
    communication: Text = ""
    write_off_difference: bool = Field(
        default=False,
        description="write what is left open off to the company's writeoff_account setting",
    )

    def command(self) -> RegisterPaymentInput:
        data = self.model_dump(exclude={"other_invoice_ids"})
        return RegisterPaymentInput(**data)


class ReconcileResultPublic(Public):
    partial_ids: list[int]
    full_reconciliation_id: int | None
    writeoff_item_id: int | None
    exchange_entry_ids: list[int]


class RegisterResultPublic(Public):
    payments: list[PaymentPublic]
    reconciliations: list[ReconcileResultPublic]
    payment_states: dict[int, str]


class WriteOffIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account_id: Id
    label: Text = "Write-off"
    date: Day | None = None


class ReconcileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_ids: list[Id] = Field(min_length=1, max_length=MAX_LINES)
    writeoff: WriteOffIn | None = None

    def writeoff_command(self) -> WriteOff | None:
        return WriteOff(**self.writeoff.model_dump()) if self.writeoff else None


class AutoReconcileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dry_run: bool = False
    partner_id: Id | None = None


class AutoMatchPublic(Public):
    payment_item_id: int
    kind: str
    item_ids: list[int]


class AutoAmbiguityPublic(Public):
    payment_item_id: int
    reason: str
    candidates: list[list[int]]


class AutoReconcilePublic(Public):
    dry_run: bool
    matched_count: int
    ambiguous_count: int
    untouched_count: int
    matched: list[AutoMatchPublic]
    ambiguous: list[AutoAmbiguityPublic]
    untouched: list[int]


class OpenItemPublic(Public):
    id: int
    entry_id: int
    entry_number: str | None
    date: dt.date
    due_date: dt.date | None
    account_code: str
    partner_id: int | None
    label: str
    balance: Amount
    residual: Amount
    currency: str
    amount_currency: Amount
    residual_currency: Amount
