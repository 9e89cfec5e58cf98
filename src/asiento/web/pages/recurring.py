"""/recurring-invoices: templates (list, form, detail) and what each produced.

The form's lines are the invoice form's fields (``lines-0-product``,
``lines-0-description``, ``lines-0-quantity``, ``lines-0-price_unit``,
``lines-0-taxes`` repeated), read by ``invoice_fields``; a blank line is
ignored, a blank price means the product's. The detail lists every billed
period with its invoice linked by number, and runs the template up to a date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from asiento.domain.errors import AsientoError, InvalidInput
from asiento.domain.recurrence import FREQUENCIES, Schedule
from asiento.http.deps import UowDep
from asiento.services.invoicing import recurring_run, recurring_templates
from asiento.services.invoicing.invoice_form import form_choices
from asiento.services.invoicing.recurring_templates import TemplateInput
from asiento.services.invoicing.recurring_views import TemplateView
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import date_of
from asiento.web.i18n import gettext
from asiento.web.pages.invoice_fields import LineFields, Submitted, from_form, to_input
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()
BASE = "/recurring-invoices"
FIELDS = ("name", "partner", "frequency", "day", "start_date", "end_date", "count",
          "payment_term", "ref", "post", "send")  # fmt: skip
BLANK_LINES = 3


def _values(form: FormData | None) -> dict[str, str]:
    if form is None:
        return {"frequency": "monthly", "day": "1", "start_date": date.today().isoformat()}
    return {k: str(form.get(k) or "").strip() for k in FIELDS}


def _lines(form: FormData | None) -> tuple[LineFields, ...]:
    kept = tuple(line for line in from_form(form).lines if not line.empty) if form else ()
    return kept + (LineFields(),) * max(1, BLANK_LINES - len(kept))


def list_page(
    request: Request, uow: UnitOfWork, company_id: int, form: FormData | None = None,
    error: str = "", status: int = 200, q: str = "",
) -> Response:  # fmt: skip
    q = q.strip()
    return render(
        request, "recurring/list.html", status_code=status, q=q,
        templates=recurring_templates.list_templates(uow, company_id, q=q or None),
        frequencies=FREQUENCIES, values=_values(form), lines=_lines(form), error=error,
        **_choices(uow, company_id, _values(form), _lines(form)),
    )  # fmt: skip


def _choices(
    uow: UnitOfWork, company_id: int, values: dict[str, str], lines: tuple[LineFields, ...],
    products: tuple[int, ...] = (),
) -> dict[str, Any]:  # fmt: skip
    """The form's ``choices`` loading only the partner and products shown (pickers search
    the others), and the ``labels`` of those, by id as the form holds it."""
    partner = [int(values["partner"])] if values.get("partner", "").isdigit() else []
    chosen = {int(line.product) for line in lines if line.product.isdigit()} | set(products)
    choices = form_choices(uow, company_id, "customer_invoice", partner, chosen)
    labels = {
        "partners": {str(c.id): c.label for c in choices.partners},
        "products": {str(c.id): c.label for c in choices.products},
    }
    return {"choices": choices, "labels": labels}


@router.get(BASE)
def templates(request: Request, uow: UowDep, principal: PagePrincipal, q: str = "") -> Response:
    return list_page(request, uow, principal.company_id, q=q)


def template_input(form: FormData) -> TemplateInput:
    """The use-case input of the form; a bad number or date raises ``InvalidInput``."""
    v = _values(form)
    invoice = to_input(replace(from_form(form), partner=v["partner"]))
    schedule = Schedule(
        v["frequency"], _number(v["day"], "day") or 0, date_of(v["start_date"], "start_date"),
        date_of(v["end_date"], "end_date") if v["end_date"] else None, _number(v["count"], "count"),
    )  # fmt: skip
    term = _number(v["payment_term"], "payment_term_id")
    return TemplateInput(
        name=v["name"], partner_id=invoice.partner_id, lines=invoice.lines, schedule=schedule,
        payment_term_id=term, ref=v["ref"], post=bool(v["post"]), send=bool(v["send"]),
    )  # fmt: skip


def _number(text: str, field: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise InvalidInput(f"{field}: {text!r} is not a whole number", field=field)
    return int(text)


@router.post(BASE, dependencies=[Csrf])
def create(request: Request, uow: UowDep, principal: PagePrincipal, form: Submitted) -> Response:
    try:
        view = recurring_templates.create_template(uow, principal.company_id, template_input(form))
    except AsientoError as exc:
        return list_page(request, uow, principal.company_id, form, refused(exc), exc.status)
    return session.flashed(f"{BASE}/{view.id}", gettext("Recurring invoice created."))


def detail_page(
    request: Request, uow: UnitOfWork, company_id: int, template_id: int, error: str = "",
    status: int = 200, form: FormData | None = None,
) -> Response:  # fmt: skip
    """The template, its edit form (as typed when ``form`` was refused) and what it produced."""
    view = recurring_templates.get_template(uow, company_id, template_id)
    values, lines = (_values(form), _lines(form)) if form else _fields_of(view)
    shown = tuple(line.product_id for line in view.lines if line.product_id is not None)
    picked = _choices(uow, company_id, values, lines, shown)
    names = {c.id: c.label for c in (*picked["choices"].products, *picked["choices"].taxes)}
    return render(
        request, "recurring/detail.html", status_code=status, t=view, names=names,
        error=error, today=date.today().isoformat(), frequencies=FREQUENCIES,
        values=values, lines=lines, editing=form is not None, **picked,
    )  # fmt: skip


def _fields_of(view: TemplateView) -> tuple[dict[str, str], tuple[LineFields, ...]]:
    """A stored template as the form's values and lines (for editing)."""
    values = {
        "name": view.name, "partner": str(view.partner_id), "frequency": view.frequency,
        "day": str(view.day), "start_date": view.start_date.isoformat(),
        "end_date": view.end_date.isoformat() if view.end_date else "",
        "count": str(view.count or ""), "payment_term": str(view.payment_term_id or ""),
        "ref": view.ref, "post": "1" if view.post else "", "send": "1" if view.send else "",
    }  # fmt: skip
    lines = tuple(
        LineFields(
            product=str(line.product_id or ""), description=line.description or "",
            quantity=format(line.quantity.normalize(), "f"),
            price_unit="" if line.price_unit is None else format(line.price_unit, "f"),
            taxes=tuple(str(t) for t in line.tax_ids or ()), auto=line.tax_ids is None,
        )
        for line in view.lines
    )  # fmt: skip
    return values, (*lines, LineFields())


@router.post(BASE + "/{template_id}", dependencies=[Csrf])
def update(
    request: Request, template_id: int, uow: UowDep, principal: PagePrincipal, form: Submitted
) -> Response:
    cid = principal.company_id
    try:
        recurring_templates.update_template(uow, cid, template_id, template_input(form))
    except AsientoError as exc:
        return detail_page(request, uow, cid, template_id, refused(exc), exc.status, form)
    return session.flashed(f"{BASE}/{template_id}", gettext("Recurring invoice saved."))


@router.get(BASE + "/{template_id}")
def detail(request: Request, template_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    return detail_page(request, uow, principal.company_id, template_id)


@router.post(BASE + "/{template_id}/archive", dependencies=[Csrf])
def archive(request: Request, template_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    cid = principal.company_id
    try:
        recurring_templates.archive_template(uow, cid, template_id)
    except AsientoError as exc:
        return detail_page(request, uow, cid, template_id, refused(exc), exc.status)
    return session.flashed(f"{BASE}/{template_id}", gettext("Recurring invoice archived."))


@router.post(BASE + "/{template_id}/delete", dependencies=[Csrf])
def delete(request: Request, template_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    cid = principal.company_id
    try:
        recurring_templates.delete_template(uow, cid, template_id)
    except AsientoError as exc:
        return detail_page(request, uow, cid, template_id, refused(exc), exc.status)
    return session.flashed(BASE, gettext("Recurring invoice deleted."))


@router.post(BASE + "/{template_id}/run", dependencies=[Csrf])
def run(
    request: Request, template_id: int, uow: UowDep, principal: PagePrincipal,
    until: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Bill this template up to ``until`` and show what it produced (or why not)."""
    cid = principal.company_id
    try:
        result = recurring_run.run_recurring(uow, cid, date_of(until, "until"), template_id)
    except AsientoError as exc:
        return detail_page(request, uow, cid, template_id, refused(exc), exc.status)
    [one] = result.templates
    if one.error:
        return detail_page(request, uow, cid, template_id, one.error, 409)
    message = gettext("Invoices created: %(num)s") % {"num": len(one.produced)}
    return session.flashed(f"{BASE}/{template_id}", message)
