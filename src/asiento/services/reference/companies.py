"""Founding companies and reading them; their lock date; the company a request acts for.

A new company (``CompanyInput``) must meet ``check_company``; a change to its
settings meets the same rule (``company_settings.update_company`` checks the
merged result of ``current_company``), so the rule holds the same way on create
and update. Changing settings, calendar, identity and logo is ``company_settings``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import currency as iso
from asiento.domain.access import Permission, Role
from asiento.domain.errors import InvalidInput, NotFound, UnknownCurrency
from asiento.services.access import audit, tokens
from asiento.services.access import principal as access
from asiento.services.reference.chart_templates import apply_template_in, require_template
from asiento.services.reference.currencies import enable
from asiento.services.reference.identity import normal_country, normal_tax_id
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


def check_company(cmd: CompanyInput) -> CompanyInput:
    """``cmd`` when its name, currency, rounding mode, fiscal year start and chart are valid."""
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
    return cmd


def current_company(row: Company) -> CompanyInput:
    """The stored accounting settings as the command that would create the company."""
    return CompanyInput(
        name=row.name,
        currency=row.currency,
        country=row.country,
        tax_id=row.tax_id,
        fiscal_year_start_month=row.fiscal_year_start_month,
        fiscal_year_start_day=row.fiscal_year_start_day,
        tax_rounding=row.tax_rounding,
        allow_proforma=row.allow_proforma,
        lock_date=row.lock_date,
    )


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
    check_company(cmd)
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
    check_company(cmd)
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


def get_company(uow: UnitOfWork, company_id: int) -> CompanyView:
    with uow:
        company = uow.session.get(Company, company_id)
        if company is None:
            raise NotFound("company", company_id)
        return company_view(company)


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
