"""Read models of the reference data: what the services hand to the adapters.

Each view is a frozen dataclass with the attribute names of its table, so
templates and ``from_attributes`` schemas read it as they read a row, but it
carries no session: nothing an adapter does with it reaches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, TypeVar

V = TypeVar("V")


def view_of(view: type[V], row: Any, **extra: Any) -> V:
    """``view`` filled from the attributes of ``row`` of the same names (and ``extra``)."""
    names = (f.name for f in fields(view))  # type: ignore[arg-type]
    values = {name: extra[name] if name in extra else getattr(row, name) for name in names}
    return view(**values)


@dataclass(frozen=True, slots=True)
class AccountView:
    id: int
    code: str
    name: str
    kind: str
    reconcilable: bool
    currency: str | None
    active: bool


@dataclass(frozen=True, slots=True)
class JournalView:
    id: int
    code: str
    name: str
    kind: str
    default_account_id: int | None
    outstanding_receipts_account_id: int | None
    outstanding_payments_account_id: int | None
    suspense_account_id: int | None
    number_format: str
    currency: str | None
    iban: str | None
    bank_account: str | None
    bank_account_id: int | None
    chain_length: int
    active: bool


@dataclass(frozen=True, slots=True)
class TaxView:
    """A tax; ``name_translations`` is the stored JSON text (``{"es": ...}`` or "")."""

    id: int
    name: str
    usage: str
    amount_type: str
    amount: Decimal
    price_include: bool
    include_base_amount: bool
    tax_account_id: int
    base_account_id: int | None
    tax_group: str
    sequence: int
    active: bool
    legal_mention: str | None
    exemption_reason: str | None
    vat_category: str | None
    exemption_reason_code: str | None
    name_translations: str


@dataclass(frozen=True, slots=True)
class PartnerView:
    """A partner; ``payment_days`` is the stored text ("5,20", or "" for any day)."""

    id: int
    name: str
    ref: str | None
    is_customer: bool
    is_supplier: bool
    email: str | None
    street: str | None
    city: str | None
    zip: str | None
    region: str | None
    country: str | None
    language: str | None
    invoice_email: str | None
    tax_id: str | None
    electronic_address: str | None
    electronic_address_scheme: str | None
    buyer_reference: str | None
    einvoice_format: str | None
    iban: str | None
    receivable_account_id: int | None
    payable_account_id: int | None
    customer_payment_term_id: int | None
    supplier_payment_term_id: int | None
    payment_days: str
    active: bool


@dataclass(frozen=True, slots=True)
class ProductView:
    """A product with the ids of its default taxes, in id order."""

    id: int
    code: str
    name: str
    unit: str
    unit_code: str
    sale_price: Decimal
    purchase_price: Decimal
    income_account_id: int | None
    expense_account_id: int | None
    bill_policy: str | None
    invoice_policy: str | None
    active: bool
    tax_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CurrencyView:
    """A currency the company uses, with its ISO 4217 exponent."""

    id: int
    code: str
    exponent: int
    active: bool


@dataclass(frozen=True, slots=True)
class RateView:
    """The rate of ``currency`` (units of it per unit of the company's currency) on ``date``."""

    id: int
    currency: str
    date: dt.date
    rate: Decimal


@dataclass(frozen=True, slots=True)
class CompanyView:
    """A company's settings and identity (the logo itself is read by ``company_logo``).

    ``weekend_days`` ("5,6") and ``extra_holidays`` (ISO dates, space-separated) are
    the stored texts.
    """

    id: int
    name: str
    currency: str
    country: str | None
    tax_id: str | None
    lock_date: dt.date | None
    fiscal_year_start_month: int
    fiscal_year_start_day: int
    tax_rounding: str
    allow_proforma: bool
    weekend_days: str
    holiday_country: str | None
    holiday_subdivision: str | None
    extra_holidays: str
    due_date_roll: str
    legal_name: str | None
    trade_name: str | None
    street: str | None
    city: str | None
    zip: str | None
    region: str | None
    registration_number: str | None
    email: str | None
    phone: str | None
    website: str | None
    logo_type: str | None
    language: str
    electronic_address: str | None
    electronic_address_scheme: str | None
    einvoice_format: str
