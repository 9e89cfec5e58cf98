"""/settings: the company (name, rounding, pro-forma, calendar, lock date), purchasing
policies, journals and taxes; identity, logo and bank accounts post to
``settings_identity``.

Everyone may read these pages; the forms show only for the roles that may
change them, and the services refuse the others anyway (403 page). A refused
change (invalid value) shows the page again with the message and status 4xx.
Only the fields that changed are sent, so the audit log records exactly them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.access import Principal
from asiento.domain.commands.chart import NewJournal
from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.domain.commands.taxes import NewTax
from asiento.domain.errors import AsientoError, Forbidden, InvalidInput
from asiento.http.deps import UowDep
from asiento.services.orders import purchase_settings
from asiento.services.reference import bank_accounts, chart, chart_templates, companies, reads
from asiento.services.reference import company_settings as settings_service
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import date_of, decimal_of, optional_id
from asiento.web.i18n import LANGUAGES, gettext
from asiento.web.templating import render

router = APIRouter()


def _(message: str) -> str:
    """Marks a string for extraction; the template translates it."""
    return message


WEEKDAYS = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))


def refused(exc: AsientoError) -> str:
    """The message of a refusal the form shows; a role refusal goes to the 403 page."""
    if isinstance(exc, Forbidden):
        raise exc
    return exc.message


def company_page(
    request: Request,
    uow: UnitOfWork,
    principal: Principal,
    error: str = "",
    status: int = 200,
    **extra: Any,
) -> Response:
    company = companies.get_company(uow, principal.company_id)
    weekend = {int(d) for d in company.weekend_days.split(",") if d.strip()}
    return render(
        request,
        "settings/company.html",
        status_code=status,
        company=company,
        weekend=weekend,
        weekdays=WEEKDAYS,
        rounding_modes=companies.ROUNDING_MODES,
        policies=purchase_settings.get_settings(uow, principal.company_id),
        chart_templates=chart_templates.list_templates(),
        bank_accounts=bank_accounts.list_bank_accounts(uow, principal.company_id),
        doc_languages=tuple(LANGUAGES.items()),
        error=error,
        **extra,
    )


@router.get("/settings")
def company_settings(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return company_page(request, uow, principal)


def _company_changes(company: Any, form: dict[str, Any]) -> dict[str, Any]:
    """The submitted values that differ from the stored ones."""
    current: dict[str, Any] = {k: getattr(company, k) for k in form if k != "weekend_days"}
    current["weekend_days"] = sorted(int(d) for d in company.weekend_days.split(",") if d)
    current["extra_holidays"] = company.extra_holidays.split()
    return {k: v for k, v in form.items() if v != current[k]}


@router.post("/settings/company", dependencies=[Csrf])
def update_company(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()],
    country: Annotated[str | None, Form()] = None,
    tax_id: Annotated[str | None, Form()] = None,
    fiscal_year_start_month: Annotated[int, Form()] = 1,
    fiscal_year_start_day: Annotated[int, Form()] = 1,
    tax_rounding: Annotated[str, Form()] = "round_per_line",
    allow_proforma: Annotated[str, Form()] = "",
    weekend_days: Annotated[list[int] | None, Form()] = None,
    holiday_country: Annotated[str, Form()] = "",
    holiday_subdivision: Annotated[str, Form()] = "",
    extra_holidays: Annotated[str, Form()] = "",
    due_date_roll: Annotated[str, Form()] = "forward",
) -> Response:
    form: dict[str, Any] = {
        "name": name.strip(),
        "fiscal_year_start_month": fiscal_year_start_month,
        "fiscal_year_start_day": fiscal_year_start_day,
        "tax_rounding": tax_rounding,
        "allow_proforma": allow_proforma == "on",
        "weekend_days": sorted(set(weekend_days or [])),
        "holiday_country": holiday_country.strip().upper() or None,
        "holiday_subdivision": holiday_subdivision.strip() or None,
        "extra_holidays": extra_holidays.replace(",", " ").split(),
        "due_date_roll": due_date_roll,
    }
    # country and VAT number moved to the identity form; older clients still send them
    if country is not None:
        form["country"] = country.strip().upper() or None
    if tax_id is not None:
        form["tax_id"] = tax_id.strip() or None
    try:
        company = companies.get_company(uow, principal.company_id)
        changes = _company_changes(company, form)
        if changes:
            settings_service.update_company(uow, principal.company_id, CompanyChanges(**changes))
    except AsientoError as exc:
        return company_page(request, uow, principal, refused(exc), exc.status)
    message = gettext("Company settings saved.") if changes else gettext("Nothing changed.")
    return session.flashed("/settings", message)


@router.post("/settings/lock-date", dependencies=[Csrf])
def set_lock_date(
    request: Request, uow: UowDep, principal: PagePrincipal, lock_date: Annotated[str, Form()] = ""
) -> Response:
    """Lock every date up to this one; empty unlocks (accountants and admins)."""
    try:
        day = date_of(lock_date, "lock_date") if lock_date.strip() else None
        companies.set_lock_date(uow, principal.company_id, day)
    except AsientoError as exc:
        return company_page(request, uow, principal, refused(exc), exc.status)
    return session.flashed("/settings", gettext("Lock date saved."))


@router.post("/settings/purchasing", dependencies=[Csrf])
def update_purchasing(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    bill_policy: Annotated[str, Form()] = "ordered",
    invoice_policy: Annotated[str, Form()] = "ordered",
    three_way_matching: Annotated[str, Form()] = "",
    block_payment_on_exception: Annotated[str, Form()] = "",
    receipt_tolerance_pct: Annotated[str, Form()] = "0",
    wait_for_payment: Annotated[str, Form()] = "",
    einvoice_strict_buyer: Annotated[str, Form()] = "",
) -> Response:
    """Bill and invoice control policies, 3-way matching, tolerance, prepayment, e-invoices.

    3-way matching refused under bill control on ordered quantities: the page explains it
    and offers the same settings with bill control on received quantities, in one click.
    """
    form = {
        "bill_policy": bill_policy,
        "invoice_policy": invoice_policy,
        "three_way_matching": three_way_matching,
        "block_payment_on_exception": block_payment_on_exception,
        "receipt_tolerance_pct": receipt_tolerance_pct,
        "wait_for_payment": wait_for_payment,
        "einvoice_strict_buyer": einvoice_strict_buyer,
    }
    try:
        purchase_settings.update_settings(
            uow,
            principal.company_id,
            SettingsChanges(
                bill_policy=bill_policy,
                invoice_policy=invoice_policy,
                three_way_matching=three_way_matching == "on",
                block_payment_on_exception=block_payment_on_exception == "on",
                receipt_tolerance_pct=decimal_of(
                    receipt_tolerance_pct or "0", "receipt_tolerance_pct"
                ),
                wait_for_payment=wait_for_payment == "on",
                einvoice_strict_buyer=einvoice_strict_buyer == "on",
            ),
        )
    except AsientoError as exc:
        if exc.field == "three_way_matching":  # explained and offered by the page, in words
            offer = {**form, "bill_policy": "received"}
            return company_page(request, uow, principal, "", exc.status, switch_offer=offer)
        return company_page(request, uow, principal, refused(exc), exc.status)
    return session.flashed("/settings", gettext("Purchasing and sales settings saved."))


def _journals_page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    values: dict[str, str] | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    return render(
        request,
        "settings/journals.html",
        status_code=status,
        journals=chart.list_journals(uow, company_id),
        accounts=chart.list_accounts(uow, company_id),
        kinds=chart.JOURNAL_KINDS,
        values=values or {},
        error=error,
    )


@router.get("/settings/journals")
def journals(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _journals_page(request, uow, principal.company_id)


@router.post("/settings/journals", dependencies=[Csrf])
def create_journal(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    code: Annotated[str, Form()],
    name: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    default_account_id: Annotated[str, Form()] = "",
    currency: Annotated[str, Form()] = "",
    iban: Annotated[str, Form()] = "",
) -> Response:
    values = {"code": code, "name": name, "kind": kind, "default_account_id": default_account_id}
    values |= {"currency": currency, "iban": iban}
    try:
        row = chart.create_journal(
            uow,
            principal.company_id,
            NewJournal(
                code=code.strip(),
                name=name.strip(),
                kind=kind,
                default_account_id=optional_id(default_account_id),
                currency=currency.strip().upper() or None,
                iban=iban.strip() or None,
            ),
        )
    except AsientoError as exc:
        return _journals_page(request, uow, principal.company_id, values, refused(exc), exc.status)
    return session.flashed(
        "/settings/journals", gettext("Journal %(code)s created.") % {"code": row.code}
    )


def _taxes_page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    values: dict[str, str] | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    rows, _next = reads.taxes_page(uow, company_id, limit=1000)
    accounts = chart.list_accounts(uow, company_id)
    return render(
        request,
        "settings/taxes.html",
        status_code=status,
        taxes=sorted(rows, key=lambda t: (t.usage, t.sequence, t.name)),
        accounts=accounts,
        account_codes={a.id: a.code for a in accounts},
        values=values or {},
        error=error,
    )


@router.get("/settings/taxes")
def taxes(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _taxes_page(request, uow, principal.company_id)


@router.post("/settings/taxes", dependencies=[Csrf])
def create_tax(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()],
    amount: Annotated[str, Form()],
    tax_account_id: Annotated[str, Form()],
    usage: Annotated[str, Form()] = "sale",
    amount_type: Annotated[str, Form()] = "percent",
    price_include: Annotated[str, Form()] = "",
    base_account_id: Annotated[str, Form()] = "",
    tax_group: Annotated[str, Form()] = "VAT",
) -> Response:
    values = {"name": name, "amount": amount, "tax_account_id": tax_account_id, "usage": usage}
    values |= {"amount_type": amount_type, "price_include": price_include}
    values |= {"base_account_id": base_account_id, "tax_group": tax_group}
    try:
        if not tax_account_id.isdigit():
            raise _choose("tax_account_id")
        row = chart.create_tax(
            uow,
            principal.company_id,
            NewTax(
                name=name.strip(),
                usage=usage,
                amount_type=amount_type,
                amount=decimal_of(amount, "amount"),
                price_include=price_include == "on",
                tax_account_id=int(tax_account_id),
                base_account_id=optional_id(base_account_id),
                tax_group=tax_group.strip() or "VAT",
            ),
        )
    except AsientoError as exc:
        return _taxes_page(request, uow, principal.company_id, values, refused(exc), exc.status)
    return session.flashed("/settings/taxes", gettext("Tax %(name)s created.") % {"name": row.name})


def _choose(field: str) -> AsientoError:
    return InvalidInput(f"{field}: choose an account", field=field)
