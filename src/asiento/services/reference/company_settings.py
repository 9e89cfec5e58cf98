"""Changing a company's settings: accounting settings, working calendar, identity, logo.

Founding a company and reading one are ``companies``; this module owns the
partial updates (``update_company``, with the ``CompanyChanges`` command) and
the checks that turn each group of settings into stored columns: the
accounting settings are checked with the rule a new company meets
(``companies.check_company``), calendar ones by ``calendar_columns``, identity
ones by ``identity_columns``. The currency never changes: journal items are
stored in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from asiento.domain.access import Permission
from asiento.domain.commands.changes import fields_set
from asiento.domain.commands.companies import (
    CALENDAR_SETTINGS,
    COMPANY_SETTINGS,
    IDENTITY_SETTINGS,
    CompanyChanges,
    only_lock_date,
)
from asiento.domain.einvoice.codes import checked_format, checked_scheme
from asiento.domain.errors import InvalidInput, NotFound
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.reference.companies import check_company, company_view, current_company
from asiento.services.reference.identity import (
    checked_logo,
    normal_country,
    normal_email,
    normal_language,
    normal_phone,
    normal_tax_id,
    normal_website,
)
from asiento.services.reference.views import CompanyView
from asiento.store.tables import Company
from asiento.store.uow import UnitOfWork


def update_company(uow: UnitOfWork, company_id: int, changes: CompanyChanges) -> CompanyView:
    """Apply ``changes`` to the company, read under a row lock, and record them in the audit log.

    A change of the lock date alone needs ``LOCK_DATE``, any other ``SETTINGS``.
    The name is stripped, the country normalised, and the accounting settings
    merged into the stored ones are checked as a whole; the tax id is
    normalised for the resulting country. A new holiday country drops the old
    subdivision (``calendar_columns``).
    """
    needed = Permission.LOCK_DATE if only_lock_date(changes) else Permission.SETTINGS
    access.require(needed, company_id)
    given = fields_set(changes)
    settings = {k: v for k, v in given.items() if k in COMPANY_SETTINGS}
    calendar = {k: v for k, v in given.items() if k in CALENDAR_SETTINGS}
    identity = {k: v for k, v in given.items() if k in IDENTITY_SETTINGS}
    if isinstance(settings.get("name"), str):
        settings["name"] = settings["name"].strip()
    if "country" in settings:
        settings["country"] = normal_country(str(settings["country"] or ""))
    with uow:
        company = uow.session.get(Company, company_id, with_for_update=True)
        if company is None:
            raise NotFound("company", company_id)
        result = check_company(replace(current_company(company), **settings))
        if settings.get("tax_id"):
            settings["tax_id"] = normal_tax_id(str(settings["tax_id"]), result.country)
        settings |= identity_columns(identity)
        before = {k: getattr(company, k) for k in settings}
        for key, value in (settings | calendar_columns(company, calendar)).items():
            setattr(company, key, value)
        audit.record_in(
            uow.session,
            company_id,
            "company.update",
            "company",
            company_id,
            before=before,
            after=settings,
        )
        uow.session.flush()
        view = company_view(company)
        uow.commit()
        return view


def identity_columns(changes: dict[str, Any]) -> dict[str, Any]:
    """Validated stored values of identity settings (``None`` or "" clears one)."""
    columns: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "email":
            columns[key] = normal_email(value, "email")
        elif key == "phone":
            columns[key] = normal_phone(value)
        elif key == "website":
            columns[key] = normal_website(value)
        elif key == "language":
            language = normal_language(value)
            if language is None:
                raise InvalidInput("language is required (en, es or zh)", field="language")
            columns[key] = language
        elif key == "electronic_address_scheme":
            columns[key] = checked_scheme(value)
        elif key == "einvoice_format":
            columns[key] = checked_format(value) or "none"
        else:
            columns[key] = (str(value).strip() if value is not None else "") or None
    return columns


def _weekend_column(days: object) -> str:
    if not isinstance(days, Iterable) or isinstance(days, str | bytes):
        raise InvalidInput("weekend_days must be a list of weekdays", field="weekend_days")
    found = set()
    for day in days:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise InvalidInput(
                f"weekend day {day!r} is not a weekday (0 = Monday .. 6 = Sunday)",
                field="weekend_days",
            )
        found.add(day)
    if len(found) == 7:
        raise InvalidInput("a calendar needs at least one working weekday", field="weekend_days")
    return ",".join(str(d) for d in sorted(found))


def _holidays_column(days: object) -> str:
    if not isinstance(days, Iterable) or isinstance(days, str | bytes):
        raise InvalidInput("extra_holidays must be a list of dates", field="extra_holidays")
    found = set()
    for day in days:
        try:
            found.add(day if isinstance(day, date) else date.fromisoformat(str(day)))
        except ValueError:
            raise InvalidInput(
                f"extra holiday {day!r} is not a date (YYYY-MM-DD)", field="extra_holidays"
            ) from None
    return " ".join(d.isoformat() for d in sorted(found))


def _check_holiday_region(country: str | None, subdivision: str | None) -> None:
    import holidays

    supported: dict[str, list[str]] = holidays.list_supported_countries()
    if country is None:
        if subdivision is not None:
            raise InvalidInput(
                "a holiday subdivision needs a holiday country", field="holiday_subdivision"
            )
        return
    if country not in supported:
        raise InvalidInput(
            f"holiday country {country!r} is not supported by the holidays package",
            field="holiday_country",
        )
    if subdivision is not None and subdivision not in supported[country]:
        raise InvalidInput(
            f"holiday subdivision {subdivision!r} is not one of {country}'s: "
            + ", ".join(supported[country]),
            field="holiday_subdivision",
        )


def calendar_columns(company: Company, changes: dict[str, Any]) -> dict[str, Any]:
    """Validate calendar settings and turn them into the stored column values.

    ``weekend_days`` is a list of weekdays (Monday = 0), ``extra_holidays`` a
    list of dates (or ISO strings), ``holiday_country`` an ISO code the
    ``holidays`` package supports (upper-cased), ``holiday_subdivision`` one of
    that country's, ``due_date_roll`` ``forward`` or ``backward``.
    """
    columns: dict[str, Any] = {}
    if "weekend_days" in changes:
        columns["weekend_days"] = _weekend_column(changes["weekend_days"])
    if "extra_holidays" in changes:
        columns["extra_holidays"] = _holidays_column(changes["extra_holidays"])
    if "due_date_roll" in changes:
        if changes["due_date_roll"] not in ("forward", "backward"):
            raise InvalidInput(
                f"due_date_roll {changes['due_date_roll']!r} must be forward or backward",
                field="due_date_roll",
            )
        columns["due_date_roll"] = changes["due_date_roll"]
    for key in ("holiday_country", "holiday_subdivision"):
        if key in changes:
            text = str(changes[key] or "").strip()
            columns[key] = (text.upper() if key == "holiday_country" else text) or None
    country = columns.get("holiday_country", company.holiday_country)
    subdivision = columns.get("holiday_subdivision", company.holiday_subdivision)
    if "holiday_country" in columns and "holiday_subdivision" not in columns:
        subdivision = None if country != company.holiday_country else subdivision
        columns["holiday_subdivision"] = subdivision
    _check_holiday_region(country, subdivision)
    return columns


def set_logo(uow: UnitOfWork, company_id: int, content: bytes | None) -> str | None:
    """Store (or, with ``None``, remove) the logo documents print; returns its MIME type.

    The image is checked first (``identity.checked_logo``: type and size), so
    a refused file leaves the stored logo as it was.
    """
    logo_type = checked_logo(content) if content is not None else None
    access.require(Permission.SETTINGS, company_id)
    with uow:
        company = uow.session.get(Company, company_id)
        if company is None:
            raise NotFound("company", company_id)
        company.logo = content
        company.logo_type = logo_type
        audit.record_in(
            uow.session,
            company_id,
            "company.logo",
            "company",
            company_id,
            after={"logo_type": logo_type, "bytes": len(content or b"")},
        )
        uow.commit()
    return logo_type


def company_logo(uow: UnitOfWork, company_id: int) -> tuple[bytes, str] | None:
    """``(bytes, MIME type)`` of the company's logo, or ``None`` without one."""
    with uow:
        company = uow.session.get(Company, company_id)
        if company is None:
            raise NotFound("company", company_id)
        if company.logo is None or company.logo_type is None:
            return None
        return bytes(company.logo), company.logo_type
