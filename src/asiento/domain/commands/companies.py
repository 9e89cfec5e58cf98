"""Commands for a company's settings: the changes to one (``CompanyChanges``).

A company is created by ``services.reference.companies.CompanyInput``; its
currency never changes afterwards (journal items are stored in it), so
``CompanyChanges`` has no currency. Its fields fall in three groups, each
checked by its own rule in ``services.reference.company_settings``:

- ``COMPANY_SETTINGS``: the accounting settings a new company also has, checked
  with the rule a new company meets (name required, known rounding mode, …);
- ``CALENDAR_SETTINGS``: the working calendar due dates are moved by;
- ``IDENTITY_SETTINGS``: what documents print about the seller.

A field left at ``UNSET`` is not changed; ``None`` clears a nullable one
(``einvoice_format`` None is "none"; ``language`` cannot be cleared).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from asiento.domain.commands.changes import UNSET, Unset, fields_set

COMPANY_SETTINGS = (
    "name",
    "country",
    "tax_id",
    "fiscal_year_start_month",
    "fiscal_year_start_day",
    "tax_rounding",
    "allow_proforma",
    "lock_date",
)

CALENDAR_SETTINGS = (
    "weekend_days",
    "holiday_country",
    "holiday_subdivision",
    "extra_holidays",
    "due_date_roll",
)
"""The working calendar of due dates (see ``services.payment_schedule.company_calendar``)."""

IDENTITY_SETTINGS = (
    "legal_name",
    "trade_name",
    "street",
    "city",
    "zip",
    "region",
    "registration_number",
    "email",
    "phone",
    "website",
    "language",
    "electronic_address",
    "electronic_address_scheme",
    "einvoice_format",
)
"""What documents print about the seller, with its electronic address (BT-34)
and the e-invoice format partners get by default."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CompanyChanges:
    """The settings of a company to change; ``UNSET`` ones stay as they are.

    ``weekend_days`` are weekdays (Monday = 0); ``extra_holidays`` dates or ISO
    strings; ``due_date_roll`` is ``forward`` or ``backward``.
    """

    name: str | Unset = UNSET
    country: str | Unset | None = UNSET
    tax_id: str | Unset | None = UNSET
    fiscal_year_start_month: int | Unset = UNSET
    fiscal_year_start_day: int | Unset = UNSET
    tax_rounding: str | Unset = UNSET
    allow_proforma: bool | Unset = UNSET
    lock_date: date | Unset | None = UNSET
    weekend_days: Sequence[int] | Unset = UNSET
    holiday_country: str | Unset | None = UNSET
    holiday_subdivision: str | Unset | None = UNSET
    extra_holidays: Sequence[date | str] | Unset = UNSET
    due_date_roll: str | Unset = UNSET
    legal_name: str | Unset | None = UNSET
    trade_name: str | Unset | None = UNSET
    street: str | Unset | None = UNSET
    city: str | Unset | None = UNSET
    zip: str | Unset | None = UNSET
    region: str | Unset | None = UNSET
    registration_number: str | Unset | None = UNSET
    email: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    website: str | Unset | None = UNSET
    language: str | Unset = UNSET
    electronic_address: str | Unset | None = UNSET
    electronic_address_scheme: str | Unset | None = UNSET
    einvoice_format: str | Unset | None = UNSET


def only_lock_date(changes: CompanyChanges) -> bool:
    """Whether ``changes`` sets the lock date and nothing else (or nothing at all).

    Such a change needs only the lock-date permission, as ``set_lock_date`` does;
    any other setting needs the settings permission.
    """
    return set(fields_set(changes)) <= {"lock_date"}
