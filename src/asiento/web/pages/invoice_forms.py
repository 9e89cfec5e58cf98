"""The draft form of invoices and bills: new, edit, and the live parts (totals, defaults).

Without JavaScript the form is a plain POST: "Add line", "Remove" and
"Update totals" re-render it, "Save" stores the draft. With HTMX, a change
anywhere asks ``/invoices/preview`` for the totals, and choosing a partner
or a product asks for its defaults (``/invoices/partner``, ``/invoices/line``),
which also answer the totals out of band. Every figure comes from
``services.invoice_form.preview_totals``: the drafting code itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_form import (
    FormChoices,
    form_choices,
    partner_defaults,
    preview_totals,
    product_defaults,
)
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.pages.invoice_fields import (
    InvoiceFields,
    LineFields,
    Submitted,
    from_form,
    from_view,
    to_input,
)
from asiento.web.templating import render

router = APIRouter()
DEFAULT_TYPE = {"invoices": "customer_invoice", "bills": "vendor_bill"}


def form_page(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    fields: InvoiceFields,
    *,
    invoice_id: int | None = None,
    error: AsientoError | None = None,
) -> Response:
    """The form with its choices and (when the input allows) its totals."""
    preview, problem = _preview(uow, company_id, fields)
    context: dict[str, Any] = {
        "fields": fields,
        "choices": picked_choices(uow, company_id, fields),
        "invoice_id": invoice_id,
        "error": error,
        "preview": preview,
        "problem": None if error is not None else problem,
        "blocked": error is not None and preview is None,
        "address": _address(uow, company_id, fields),
    }
    status = error.status if error is not None else 200
    return render(request, "invoices/form.html", status_code=status, **context)


def picked_choices(uow: UnitOfWork, company_id: int, fields: InvoiceFields) -> FormChoices:
    """The form's choices with only the chosen partner and products (pickers find the rest)."""
    partners = [int(fields.partner)] if fields.partner.isdigit() else []
    products = [int(line.product) for line in fields.lines if line.product.isdigit()]
    return form_choices(uow, company_id, fields.kind, partners, products)


def _preview(uow: UnitOfWork, company_id: int, fields: InvoiceFields) -> tuple[Any, str | None]:
    """The previewed draft, or the reason there is none yet."""
    if not fields.partner or all(line.empty for line in fields.lines):
        return None, None
    try:
        return preview_totals(uow, company_id, to_input(fields)), None
    except AsientoError as exc:
        return None, exc.message


def _address(uow: UnitOfWork, company_id: int, fields: InvoiceFields) -> str:
    if not fields.partner.isdigit():
        return ""
    try:
        return partner_defaults(uow, company_id, fields.kind, int(fields.partner)).address
    except AsientoError:
        return ""


@router.get("/invoices/new")
@router.get("/bills/new")
def new_form(request: Request, uow: UowDep, principal: PagePrincipal, kind: str = "") -> Response:
    area = request.url.path.split("/")[1]
    fields = InvoiceFields(kind=kind or DEFAULT_TYPE[area])
    return form_page(request, uow, principal.company_id, fields)


@router.post("/invoices/new", dependencies=[Csrf])
@router.post("/bills/new", dependencies=[Csrf])
def create(request: Request, uow: UowDep, principal: PagePrincipal, form: Submitted) -> Response:
    area = request.url.path.split("/")[1]
    fields = from_form(form, DEFAULT_TYPE[area])
    return _submit(request, uow, principal.company_id, fields, str(form.get("op", "")), None)


@router.get("/invoices/{invoice_id:int}/edit")
@router.get("/bills/{invoice_id:int}/edit")
def edit_form(request: Request, invoice_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    view = invoices.get_invoice(uow, principal.company_id, invoice_id)
    fields = from_view(view)
    if view.state != "draft":
        return session.flashed(
            f"/{fields.area}/{invoice_id}", gettext("Only a draft can be edited."), "error"
        )
    return form_page(request, uow, principal.company_id, fields, invoice_id=invoice_id)


@router.post("/invoices/{invoice_id:int}/edit", dependencies=[Csrf])
@router.post("/bills/{invoice_id:int}/edit", dependencies=[Csrf])
def update(
    request: Request, invoice_id: int, uow: UowDep, principal: PagePrincipal, form: Submitted
) -> Response:
    current = invoices.get_invoice(uow, principal.company_id, invoice_id)
    fields = from_form(form, current.kind)
    return _submit(request, uow, principal.company_id, fields, str(form.get("op", "")), invoice_id)


def _submit(
    request: Request,
    uow: UnitOfWork,
    company_id: int,
    fields: InvoiceFields,
    op: str,
    invoice_id: int | None,
) -> Response:
    """Add/remove a row or refresh (nothing stored), else save and go to the document."""
    if op == "add":
        fields = fields.added()
    elif op.startswith("remove-") and op[7:].isdigit():
        fields = fields.removed(int(op[7:]))
    if op:
        return form_page(request, uow, company_id, fields, invoice_id=invoice_id)
    try:
        data = to_input(fields)
        if invoice_id is None:
            view = invoices.create_invoice(uow, company_id, data)
        else:
            view = invoices.update_invoice(uow, company_id, invoice_id, data)
    except AsientoError as exc:
        return form_page(request, uow, company_id, fields, invoice_id=invoice_id, error=exc)
    return session.flashed(f"/{fields.area}/{view.id}", gettext("Draft saved."))


@router.post("/invoices/preview", dependencies=[Csrf])
def preview(request: Request, uow: UowDep, principal: PagePrincipal, form: Submitted) -> Response:
    """The totals block for the form as it stands (HTMX)."""
    fields = from_form(form)
    return _totals(request, uow, principal.company_id, fields, oob=False)


def _totals(
    request: Request, uow: UnitOfWork, company_id: int, fields: InvoiceFields, *, oob: bool
) -> Response:
    view, problem = _preview(uow, company_id, fields)
    return render(request, "invoices/_totals.html", preview=view, problem=problem, oob=oob)


@router.post("/invoices/line", dependencies=[Csrf])
def line_defaults(
    request: Request, uow: UowDep, principal: PagePrincipal, form: Submitted
) -> Response:
    """Row ``row`` refilled from its product (description, price, taxes), and the totals."""
    fields = from_form(form)
    row = str(form.get("row", ""))
    index = int(row) if row.isdigit() and int(row) < len(fields.lines) else 0
    line = fields.lines[index]
    if line.product:
        try:
            d = product_defaults(uow, principal.company_id, fields.kind, int(line.product))
        except (AsientoError, ValueError):
            d = None
        if d is not None:
            line = LineFields(
                product=line.product,
                description=d.description,
                quantity=line.quantity,
                price_unit=format(d.price_unit.normalize(), "f"),
                discount=line.discount,
                taxes=tuple(str(t) for t in d.tax_ids),
                account="",
                auto=False,
            )
            fields = fields.with_line(index, line)
    choices = picked_choices(uow, principal.company_id, fields)
    row_html = render(
        request, "invoices/_line_row.html", line=line, n=index, choices=choices, fields=fields
    ).body
    totals_html = _totals(request, uow, principal.company_id, fields, oob=True).body
    return Response(bytes(row_html) + bytes(totals_html), media_type="text/html")


@router.post("/invoices/partner", dependencies=[Csrf])
def partner_fields(
    request: Request, uow: UowDep, principal: PagePrincipal, form: Submitted
) -> Response:
    """The payment term and address of the chosen partner, and the totals (HTMX)."""
    fields = from_form(form)
    address = ""
    if fields.partner.isdigit():
        try:
            d = partner_defaults(uow, principal.company_id, fields.kind, int(fields.partner))
            fields = replace(fields, payment_term=str(d.payment_term_id or ""))
            address = d.address
        except AsientoError:
            pass
    choices = picked_choices(uow, principal.company_id, fields)
    header = render(
        request, "invoices/_partner.html", fields=fields, choices=choices, address=address
    ).body
    totals_html = _totals(request, uow, principal.company_id, fields, oob=True).body
    return Response(bytes(header) + bytes(totals_html), media_type="text/html")
