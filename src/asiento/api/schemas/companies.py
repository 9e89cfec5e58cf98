"""Companies, currencies and rates."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from asiento.domain.commands.bank_accounts import BankAccountChanges, NewBankAccount
from asiento.domain.commands.companies import IDENTITY_SETTINGS, CompanyChanges
from asiento.wire.common import Amount, Patch, Public, RateIn
from asiento.wire.types import Day, SmallInt, Text

Language = Literal["en", "es", "zh"]
# the identity settings that a PATCH may clear: all but the language and the e-invoice format
IDENTITY_FIELDS = frozenset(IDENTITY_SETTINGS) - {"language", "einvoice_format"}
EInvoiceFormat = Literal["none", "facturx", "xrechnung-cii", "xrechnung-ubl", "ubl"]


class CompanyIdentity(BaseModel):
    """What documents print about the seller; the VAT number is ``tax_id``."""

    legal_name: str | None = Field(default=None, max_length=200)
    trade_name: str | None = Field(default=None, max_length=200)
    street: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    zip: str | None = Field(default=None, max_length=20, description="postal code")
    region: str | None = Field(default=None, max_length=100)
    registration_number: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    website: str | None = Field(default=None, max_length=200)
    electronic_address: str | None = Field(
        default=None, max_length=254, description="e-invoice address (BT-34), e.g. a Peppol id"
    )
    electronic_address_scheme: str | None = Field(
        default=None, max_length=4, description="its EAS scheme: 0088, 9930, EM…"
    )
    einvoice_format: str = Field(
        default="none", description="e-invoice partners get unless they say otherwise"
    )


class CompanyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(min_length=1, max_length=200)
    currency: Text = Field(min_length=3, max_length=3)
    country: Text | None = Field(default=None, min_length=2, max_length=2)
    tax_id: Text | None = None
    fiscal_year_start_month: SmallInt = 1
    fiscal_year_start_day: SmallInt = 1
    tax_rounding: Text = "round_per_line"
    allow_proforma: bool = False
    lock_date: Day | None = None


class CompanyCreateIn(CompanyCreate):
    chart: Literal["generic", "es-pgc-pymes", "cn-small-business"] | None = Field(
        default=None,
        description="chart template: accounts, journals, taxes, report boxes, terms, settings",
    )


class CompanyUpdate(Patch):
    """Settings only: the currency of a company never changes."""

    nullable: ClassVar[frozenset[str]] = (
        frozenset({"country", "tax_id", "lock_date", "holiday_country", "holiday_subdivision"})
        | IDENTITY_FIELDS
    )
    name: Text | None = Field(default=None, min_length=1, max_length=200)
    legal_name: Text | None = Field(default=None, max_length=200)
    trade_name: Text | None = Field(default=None, max_length=200)
    street: Text | None = Field(default=None, max_length=200)
    city: Text | None = Field(default=None, max_length=100)
    zip: Text | None = Field(default=None, max_length=20, description="postal code")
    region: Text | None = Field(default=None, max_length=100)
    registration_number: Text | None = Field(default=None, max_length=64)
    email: Text | None = Field(default=None, max_length=254)
    phone: Text | None = Field(default=None, max_length=40)
    website: Text | None = Field(default=None, max_length=200)
    electronic_address: Text | None = Field(default=None, max_length=254)
    electronic_address_scheme: Text | None = Field(default=None, max_length=4)
    einvoice_format: EInvoiceFormat | None = None
    language: Language | None = Field(
        default=None, description="default language of documents (en, es, zh)"
    )
    country: Text | None = Field(default=None, min_length=2, max_length=2)
    tax_id: Text | None = None
    fiscal_year_start_month: SmallInt | None = None
    fiscal_year_start_day: SmallInt | None = None
    tax_rounding: Text | None = None
    allow_proforma: bool | None = None
    lock_date: Day | None = None
    weekend_days: list[SmallInt] | None = Field(
        default=None, description="weekdays off for due dates, Monday = 0 ([5, 6]: Sat, Sun)"
    )
    holiday_country: Text | None = Field(
        default=None, description="public holidays of this country (holidays package)"
    )
    holiday_subdivision: Text | None = None
    extra_holidays: list[Day] | None = None
    due_date_roll: Literal["forward", "backward"] | None = None

    def command(self) -> CompanyChanges:
        return CompanyChanges(**self.changes())


class CompanyPublic(CompanyCreate, CompanyIdentity, Public):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    id: int
    language: str = "en"
    logo_type: str | None = Field(
        default=None, description="MIME type of the logo; GET /companies/{id}/logo has it"
    )
    weekend_days: list[int] = Field(default_factory=list)
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    extra_holidays: list[dt.date] = Field(default_factory=list)
    due_date_roll: str = "forward"

    @field_validator("weekend_days", mode="before")
    @classmethod
    def _weekdays(cls, value: Any) -> Any:
        if isinstance(value, str):  # stored as "5,6"
            return [int(part) for part in value.split(",") if part.strip()]
        return value

    @field_validator("extra_holidays", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return value.split() if isinstance(value, str) else value


class CompanyCreated(CompanyPublic):
    token: str = Field(
        description="an admin API token for the new company, for its founder: shown only here"
    )


class CurrencyEnable(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Text = Field(min_length=3, max_length=3)


class CurrencyPublic(Public):
    code: str
    exponent: int
    active: bool


class RateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: Day
    rate: RateIn


class RatePublic(Public):
    id: int
    currency: str
    date: dt.date
    rate: Amount


class BankAccountFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holder_name: str | None = Field(default=None, max_length=200)
    iban: str | None = Field(default=None, max_length=42, description="validated, stored compact")
    account_number: str | None = Field(
        default=None, max_length=64, description="where there is no IBAN, with bank_code"
    )
    bank_code: str | None = Field(default=None, max_length=32)
    bic: str | None = Field(default=None, max_length=11)
    bank_name: str | None = Field(default=None, max_length=200)
    currency: str | None = Field(default=None, min_length=3, max_length=3)


class BankAccountCreate(BankAccountFields):
    is_default: bool = Field(
        default=False, description="the account invoices in its currency print (company only)"
    )
    active: bool = True

    def command(self, partner_id: int | None) -> NewBankAccount:
        """The new account of the company (``partner_id`` None) or of that partner."""
        return NewBankAccount(partner_id=partner_id, **self.model_dump())


class BankAccountUpdate(Patch):
    nullable: ClassVar[frozenset[str]] = frozenset(
        {"holder_name", "iban", "account_number", "bank_code", "bic", "bank_name", "currency"}
    )
    holder_name: str | None = Field(default=None, max_length=200)
    iban: str | None = Field(default=None, max_length=42)
    account_number: str | None = Field(default=None, max_length=64)
    bank_code: str | None = Field(default=None, max_length=32)
    bic: str | None = Field(default=None, max_length=11)
    bank_name: str | None = Field(default=None, max_length=200)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    is_default: bool | None = None
    active: bool | None = None

    def command(self) -> BankAccountChanges:
        return BankAccountChanges(**self.changes())


class BankAccountPublic(BankAccountCreate, Public):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    id: int
    partner_id: int | None
    is_qr_iban: bool
    label: str
