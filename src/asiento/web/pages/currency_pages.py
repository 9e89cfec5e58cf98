"""/settings/currencies: enabled currencies and their rates, with the direction in words.

Every rate reads "1 USD = 0.92 EUR": one unit of the foreign currency is worth that
much company currency, on and after its date, as the ledger converts. Rates are typed
one at a time or imported from a CSV file (date, currency, rate), all or nothing: a
refused file shows every row at fault and writes nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.http.uploads import read_upload
from asiento.services.reference import companies, currencies, currency_rates
from asiento.services.reference.currencies import RateInput
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import date_of, decimal_of
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()
PAGE = "/settings/currencies"
SHOWN_RATES = 100


def _page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    values: dict[str, Any] | None = None,
    error: str = "",
    problems: list[str] | None = None,
    status: int = 200,
) -> Response:
    own = companies.get_company(uow, company_id).currency
    rates = currencies.list_rates(uow, company_id)
    latest = {r.currency: r for r in rates}  # ordered by currency, date: the last wins
    return render(
        request, "settings/currencies.html", status_code=status, own=own,
        currencies=[c for c in currencies.list_currencies(uow, company_id) if c.code != own],
        latest=latest, rates=sorted(rates, key=lambda r: (r.date, r.currency),
                                    reverse=True)[:SHOWN_RATES],
        values=values or {}, error=error, problems=problems or [],
    )  # fmt: skip


@router.get(PAGE)
def currency_page(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _page(request, uow, principal.company_id)


@router.post(PAGE, dependencies=[Csrf])
def enable_currency(
    request: Request, uow: UowDep, principal: PagePrincipal, code: Annotated[str, Form()] = ""
) -> Response:
    try:
        row = currencies.enable_currency(uow, principal.company_id, code.strip().upper())
    except AsientoError as exc:
        return _page(request, uow, principal.company_id, {"code": code}, refused(exc),
                     status=exc.status)  # fmt: skip
    return session.flashed(PAGE, gettext("Currency %(code)s enabled.") % {"code": row.code})


@router.post(f"{PAGE}/rates", dependencies=[Csrf])
def add_rate(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    currency: Annotated[str, Form()] = "",
    rate: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
) -> Response:
    values = {"currency": currency, "rate": rate, "date": date}
    try:
        cmd = RateInput(currency.strip().upper(), date_of(date, "date"), decimal_of(rate, "rate"))
        currencies.add_rate(uow, principal.company_id, cmd)
    except AsientoError as exc:
        return _page(request, uow, principal.company_id, values, refused(exc),
                     status=exc.status)  # fmt: skip
    return session.flashed(PAGE, gettext("Rate saved."))


@router.post(f"{PAGE}/import", dependencies=[Csrf])
def import_rates(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    file: Annotated[UploadFile, File()],
) -> Response:
    """A CSV of rates, all or nothing; a refusal lists every row at fault."""
    try:
        written = currency_rates.import_rates(uow, principal.company_id, read_upload(file))
    except AsientoError as exc:
        problems = [p.message for p in exc.problems]
        return _page(request, uow, principal.company_id, None, refused(exc), problems,
                     exc.status)  # fmt: skip
    message = gettext("%(count)s rates imported.") % {"count": len(written)}
    return session.flashed(PAGE, message)
