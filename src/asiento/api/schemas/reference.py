"""Accounts, journals and taxes."""

from __future__ import annotations

import json
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from asiento.domain.commands.chart import (
    AccountChanges,
    JournalChanges,
    NewAccount,
    NewJournal,
)
from asiento.domain.commands.taxes import NewTax, TaxChanges
from asiento.wire.common import Amount, NonNegativeAmount, Patch, Public
from asiento.wire.types import Id, SmallInt, Text

LegalMention = Literal["exempt", "reverse_charge", "intra_community", "export"]
VatCategory = Literal["S", "Z", "E", "AE", "K", "G", "O", "L", "M"]


class AccountCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Text = Field(min_length=1, max_length=32)
    name: Text = Field(min_length=1, max_length=200)
    kind: Text
    reconcilable: bool = False
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    active: bool = True

    def command(self) -> NewAccount:
        return NewAccount(**self.model_dump())


class AccountUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset({"currency"})
    code: Text | None = Field(default=None, min_length=1, max_length=32)
    name: Text | None = Field(default=None, min_length=1, max_length=200)
    kind: Text | None = None
    reconcilable: bool | None = None
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    active: bool | None = None

    def command(self) -> AccountChanges:
        return AccountChanges(**self.changes())


class AccountPublic(Public):
    id: int
    code: str
    name: str
    kind: str
    reconcilable: bool
    currency: str | None
    active: bool


class JournalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Text = Field(min_length=1, max_length=16)
    name: Text = Field(min_length=1, max_length=200)
    kind: Text
    default_account_id: Id | None = None
    outstanding_receipts_account_id: Id | None = None
    outstanding_payments_account_id: Id | None = None
    suspense_account_id: Id | None = None
    number_format: Text | None = Field(default=None, max_length=64)
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    iban: Text | None = None
    bank_account_id: Id | None = Field(
        default=None, description="the company bank account a bank journal books"
    )
    active: bool = True

    def command(self) -> NewJournal:
        return NewJournal(**self.model_dump())


class JournalUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset(
        {
            "default_account_id",
            "currency",
            "iban",
            "outstanding_receipts_account_id",
            "outstanding_payments_account_id",
            "suspense_account_id",
            "bank_account_id",
        }
    )
    code: Text | None = Field(default=None, min_length=1, max_length=16)
    name: Text | None = Field(default=None, min_length=1, max_length=200)
    kind: Text | None = None
    default_account_id: Id | None = None
    outstanding_receipts_account_id: Id | None = None
    outstanding_payments_account_id: Id | None = None
    suspense_account_id: Id | None = None
    number_format: Text | None = Field(default=None, max_length=64)
    currency: Text | None = Field(default=None, min_length=3, max_length=3)
    iban: Text | None = None
    bank_account_id: Id | None = None
    active: bool | None = None

    def command(self) -> JournalChanges:
        return JournalChanges(**self.changes())


class JournalPublic(Public):
    id: int
    code: str
    name: str
    kind: str
    default_account_id: int | None
    outstanding_receipts_account_id: int | None = None
    outstanding_payments_account_id: int | None = None
    suspense_account_id: int | None = None
    number_format: str
    currency: str | None
    iban: str | None
    bank_account_id: int | None = None
    chain_length: int
    active: bool


class TaxCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=100)
    usage: Text = "sale"
    amount_type: Text = "percent"
    amount: NonNegativeAmount
    price_include: bool = False
    include_base_amount: bool = False
    tax_account_id: Id
    base_account_id: Id | None = None
    tax_group: Text = "VAT"
    sequence: SmallInt = 10
    active: bool = True
    legal_mention: LegalMention | None = Field(
        default=None, description="what documents print about this tax, in the customer's language"
    )
    exemption_reason: Text | None = Field(default=None, max_length=200)
    vat_category: VatCategory | None = Field(
        default=None,
        description="UNCL5305 category on e-invoices; null: from legal_mention and amount",
    )
    exemption_reason_code: Text | None = Field(
        default=None, max_length=50, description="VATEX code of an exemption (VATEX-EU-132)"
    )
    name_translations: dict[str, str] | None = Field(
        default=None, description='the name in other languages: {"es": "IVA 21 %"}'
    )

    def command(self) -> NewTax:
        return NewTax(**self.model_dump())


class TaxUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset(
        {
            "base_account_id",
            "legal_mention",
            "exemption_reason",
            "name_translations",
            "exemption_reason_code",
        }
    )
    legal_mention: LegalMention | None = None
    exemption_reason: Text | None = Field(default=None, max_length=200)
    vat_category: VatCategory | None = None
    exemption_reason_code: Text | None = Field(default=None, max_length=50)
    name_translations: dict[Text, Text] | None = None
    name: Text | None = Field(default=None, min_length=1, max_length=100)
    usage: Text | None = None
    amount_type: Text | None = None
    amount: NonNegativeAmount | None = None
    price_include: bool | None = None
    include_base_amount: bool | None = None
    tax_account_id: Id | None = None
    base_account_id: Id | None = None
    tax_group: Text | None = None
    sequence: SmallInt | None = None
    active: bool | None = None

    def command(self) -> TaxChanges:
        return TaxChanges(**self.changes())


class TaxPublic(Public):
    id: int
    name: str
    usage: str
    amount_type: str
    amount: Amount
    price_include: bool
    include_base_amount: bool
    tax_account_id: int
    base_account_id: int | None
    tax_group: str
    sequence: int
    active: bool
    legal_mention: str | None = None
    exemption_reason: str | None = None
    vat_category: str | None = None
    exemption_reason_code: str | None = None
    name_translations: dict[str, str] = Field(default_factory=dict)

    @field_validator("name_translations", mode="before")
    @classmethod
    def _names(cls, value: Any) -> Any:
        return (json.loads(value) if value else {}) if isinstance(value, str) else value
