"""Companies and their settings (currency, lock date, fiscal year, tax rounding, pro-forma)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import currency as iso
from asiento.domain.access import Permission, Role
from asiento.domain.einvoice.codes import checked_format, checked_scheme
from asiento.domain.errors import InvalidInput, NotFound, UnknownCurrency
from asiento.services.access import audit, tokens
from asiento.services.access import principal as access
from asiento.services.reference.chart_templates import apply_template_in, require_template
from asiento.services.reference.currencies import enable
from asiento.services.reference.identity import (
    checked_logo,
    normal_country,
    normal_email,
    normal_language,
    normal_phone,
    normal_tax_id,
    normal_website,
)
from asiento.services.reference.views import CompanyView, view_of
from asiento.store.tables import Company, Membership
from asiento.store.uow import UnitOfWork

ROUNDING_MODES = ("round_per_line", "round_globally")


@dataclass(frozen=True, slots=True)
class CompanyInput:
    name: str
    currency: str
    country: str | None = None
    tax_id: str | None = None
    fiscal_year_start_month: int = 1
    fiscal_year_start_day: int = 1
    tax_rounding: str = "round_per_line"
    allow_proforma: bool = False
    lock_date: date | None = None
    chart: str | None = None
    """A chart template (``chart_templates.TEMPLATES``) to set the company up from."""


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


def _check(cmd: CompanyInput) -> None:
    if not cmd.name.strip():
        raise InvalidInput("name is required", field="name")
    if not iso.is_known(cmd.currency):
        raise UnknownCurrency(cmd.currency)
    if cmd.tax_rounding not in ROUNDING_MODES:
        raise InvalidInput(
            "tax_rounding must be round_per_line or round_globally", field="tax_rounding"
        )
    if not 1 <= cmd.fiscal_year_start_month <= 12:
        raise InvalidInput("fiscal year start month must be 1..12", field="fiscal_year_start_month")
    if not 1 <= cmd.fiscal_year_start_day <= 28:
        raise InvalidInput("fiscal year start day must be 1..28", field="fiscal_year_start_day")
    if cmd.chart is not None:
        require_template(cmd.chart)


@dataclass(frozen=True, slots=True)
class Founded:
    """A new company, and the founder's admin token for it (shown once; none for the operator)."""

    company: CompanyView
    token: str | None


def found_company(uow: UnitOfWork, cmd: CompanyInput) -> Founded:
    """A company with its own currency enabled; an acting user becomes its admin.

    With ``cmd.chart`` the template's accounts, journals, taxes, terms and
    settings are written in the same transaction: all or nothing. The
    founder's credential acts in another company and may not issue tokens
    here (a token acts in one company), so the admin token for the new
    company is issued in the same transaction and returned once.
    """
    _check(cmd)
    access.require(Permission.SETTINGS)
    with uow:
        s = uow.session
        company = create_company_in(s, cmd)
        if cmd.chart is not None:
            apply_template_in(s, company.id, cmd.chart)
        acting, token = access.current(), None
        if acting is not None:
            token = tokens.issue_in(s, company.id, acting.user_id, Role.ADMIN, "founder").token
        view = company_view(company)
        uow.commit()
        return Founded(view, token)


def company_view(row: Company) -> CompanyView:
    return view_of(CompanyView, row)


def create_company(uow: UnitOfWork, cmd: CompanyInput) -> CompanyView:
    """``found_company`` for callers that need no token (the operator, the demo)."""
    return found_company(uow, cmd).company


def create_company_in(session: Session, cmd: CompanyInput) -> Company:
    """The company row, its currency, the acting user's membership and the audit event."""
    _check(cmd)
    country = normal_country(cmd.country)
    company = Company(
        name=cmd.name.strip(),
        currency=cmd.currency,
        country=country,
        tax_id=normal_tax_id(cmd.tax_id, country) if cmd.tax_id else None,
        fiscal_year_start_month=cmd.fiscal_year_start_month,
        fiscal_year_start_day=cmd.fiscal_year_start_day,
        tax_rounding=cmd.tax_rounding,
        allow_proforma=cmd.allow_proforma,
        lock_date=cmd.lock_date,
    )
    session.add(company)
    session.flush()
    enable(session, company.id, cmd.currency)
    acting = access.current()
    if acting is not None:
        member = Membership(company_id=company.id, user_id=acting.user_id, role="admin")
        session.add(member)
    audit.record_in(session, company.id, "company.create", "company", company.id)
    return company


def set_lock_date(uow: UnitOfWork, company_id: int, lock_date: date | None) -> CompanyView:
    """Lock every date up to and including ``lock_date``."""
    access.require(Permission.LOCK_DATE, company_id)
    with uow:
        company = uow.session.get(Company, company_id)
        if company is None:
            raise NotFound("company", company_id)
        before = {"lock_date": company.lock_date}
        company.lock_date = lock_date
        after = {"lock_date": lock_date}
        audit.record_in(
            uow.session,
            company_id,
            "company.lock",
            "company",
            company_id,
            before=before,
            after=after,
        )
        uow.session.flush()
        view = company_view(company)
        uow.commit()
        return view


def list_companies(uow: UnitOfWork) -> list[CompanyView]:
    with uow:
        return [company_view(r) for r in uow.session.scalars(select(Company).order_by(Company.id))]


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
"""What documents print about the seller (checked by ``identity_columns``), with its
electronic address (BT-34) and the e-invoice format partners get by default."""


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


def get_company(uow: UnitOfWork, company_id: int) -> CompanyView:
    with uow:
        company = uow.session.get(Company, company_id)
        if company is None:
            raise NotFound("company", company_id)
        return company_view(company)


def update_company(uow: UnitOfWork, company_id: int, **changes: object) -> CompanyView:
    """Change settings (not the currency: journal items are stored in it).

    Calendar settings (``CALENDAR_SETTINGS``) are validated by
    ``calendar_columns``; a new holiday country drops the old subdivision.
    """
    calendar = {k: changes.pop(k) for k in CALENDAR_SETTINGS if k in changes}
    identity = {k: changes.pop(k) for k in IDENTITY_SETTINGS if k in changes}
    unknown = set(changes) - set(COMPANY_SETTINGS)
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput(f"{name} cannot be changed", field=name)
    needed = (
        Permission.LOCK_DATE
        if set(changes) <= {"lock_date"} and not (calendar or identity)
        else Permission.SETTINGS
    )
    access.require(needed, company_id)
    if isinstance(changes.get("name"), str):
        changes["name"] = str(changes["name"]).strip()
    if "country" in changes:
        changes["country"] = normal_country(str(changes["country"] or ""))
    with uow:
        company = uow.session.get(Company, company_id)
        if company is None:
            raise NotFound("company", company_id)
        current = {k: getattr(company, k) for k in COMPANY_SETTINGS}
        merged = current | changes
        _check(CompanyInput(currency=company.currency, **merged))
        country = merged.get("country")
        if changes.get("tax_id"):
            changes["tax_id"] = normal_tax_id(str(changes["tax_id"]), country)
        changes |= identity_columns(identity)
        before = {k: getattr(company, k) for k in changes}
        for key, value in (changes | calendar_columns(company, calendar)).items():
            setattr(company, key, value)
        audit.record_in(
            uow.session,
            company_id,
            "company.update",
            "company",
            company_id,
            before=before,
            after=changes,
        )
        uow.session.flush()
        view = company_view(company)
        uow.commit()
        return view


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


def resolve_company(uow: UnitOfWork, company_id: int | None) -> int:
    """The company a request acts for: the one named, or the only one there is."""
    with uow:
        if company_id is not None:
            if uow.session.get(Company, company_id) is None:
                raise NotFound("company", company_id)
            return company_id
        ids = list(uow.session.scalars(select(Company.id).limit(2)))
        if len(ids) == 1:
            return ids[0]
        raise InvalidInput("X-Company-Id header is required", field="X-Company-Id")
