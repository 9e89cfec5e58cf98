"""/settings/terms: payment terms, created from the CLI's line syntax or the API's JSON,
and the preview of the schedule an amount would get on a date.

The two input shapes are the ones the other surfaces accept: one line per
installment in ``asiento term create --line`` syntax (``percent:30``,
``balance::months=1,eom``) with an optional ``PERCENT:DAYS[:TREATMENT]``
discount, or the body of ``POST /payment-terms``. Either way the domain
checks the term and names every bad line.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from asiento.domain.errors import AsientoError, InvalidInput
from asiento.domain.money import money
from asiento.http.deps import UowDep
from asiento.services.reference import companies, partners, payment_terms
from asiento.services.reference.payment_term_text import parse_discount, parse_term_line, summary
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import date_of, decimal_of, optional_id
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()


def _list_page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    values: dict[str, str] | None = None,
    error: str = "",
    status: int = 200,
) -> Response:
    views, _next = payment_terms.list_terms(uow, company_id, limit=1000)
    return render(
        request,
        "settings/terms.html",
        status_code=status,
        terms=[summary(v) for v in sorted(views, key=lambda v: v.name)],
        values=values or {},
        error=error,
    )


@router.get("/settings/terms")
def terms(request: Request, uow: UowDep, principal: PagePrincipal) -> Response:
    return _list_page(request, uow, principal.company_id)


def definition_of(name: str, lines: str, discount: str, raw_json: str) -> dict[str, Any]:
    """The API's term body from the form: the JSON when given, else the text lines."""
    if raw_json.strip():
        try:
            data = json.loads(raw_json)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"definition: not valid JSON ({exc.msg})", field="json") from None
        if not isinstance(data, dict):
            raise InvalidInput("definition: a JSON object is expected", field="json")
        if name.strip() and "name" not in data:
            data["name"] = name.strip()
        return data
    rows = [row.strip() for row in lines.splitlines() if row.strip()]
    data = {"name": name.strip(), "lines": [parse_term_line(r, n) for n, r in enumerate(rows, 1)]}
    if discount.strip():
        data["discount"] = parse_discount(discount.strip())
    return data


@router.post("/settings/terms", dependencies=[Csrf])
def create_term(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    name: Annotated[str, Form()] = "",
    lines: Annotated[str, Form()] = "",
    discount: Annotated[str, Form()] = "",
    definition: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    values = {"name": name, "lines": lines, "discount": discount, "definition": definition}
    values["note"] = note
    try:
        data = definition_of(name, lines, discount, definition)
        note_text = str(data.pop("note", note))
        active = bool(data.pop("active", True))
        view = payment_terms.create_term(
            uow, principal.company_id, data, note=note_text, active=active
        )
    except AsientoError as exc:
        return _list_page(request, uow, principal.company_id, values, refused(exc), exc.status)
    response = session.flashed(f"/settings/terms/{view.id}", gettext("Payment term created."))
    return response


@router.get("/settings/terms/{term_id}")
def term_detail(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    term_id: int,
    amount: str = "",
    invoice_date: str = "",
    untaxed: str = "",
    partner_id: str = "",
) -> Response:
    """The term, and with ``amount`` its schedule on ``invoice_date`` (default today).

    With ``partner_id`` the due dates move to that partner's payment days, as
    its invoices' would.
    """
    view = payment_terms.get_term(uow, principal.company_id, term_id)
    currency = companies.get_company(uow, principal.company_id).currency
    day = invoice_date or dt.date.today().isoformat()
    preview, error, status = None, "", 200
    if amount.strip():
        try:
            base = money(decimal_of(untaxed, "untaxed"), currency) if untaxed.strip() else None
            preview = payment_terms.preview_term(
                uow,
                principal.company_id,
                term_id,
                total=money(decimal_of(amount, "amount"), currency),
                invoice_date=date_of(day, "invoice_date"),
                untaxed=base,
                partner_id=optional_id(partner_id),
            )
        except AsientoError as exc:
            error, status = exc.message, exc.status
    return render(
        request,
        "settings/term.html",
        status_code=status,
        term=summary(view),
        view=view,
        definition=json.dumps(view.definition, indent=2, default=str),
        currency=currency,
        preview=preview,
        query={
            "amount": amount,
            "invoice_date": day,
            "untaxed": untaxed,
            "partner_id": partner_id,
        },
        partners=[p for p in partners.list_partners(uow, principal.company_id) if p.payment_days],
        error=error,
    )
