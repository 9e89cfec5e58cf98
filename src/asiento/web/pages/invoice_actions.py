"""One invoice or bill: the document and what may be done with it now.

The page offers only the actions the document's state and the user's role
allow; each is a plain form POST answered by a 303 back to a page with a
flash message. A refusal by the service (a rule of the ledger) is flashed;
a refusal of the role (403) or another company's id (404) is an error page,
because the page never offered it.

Routes use ``{invoice_id:int}`` so that ``/invoices/new`` and the other
literal paths of later modules are never taken for an id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from asiento.domain.errors import AsientoError, InvalidInput
from asiento.http.deps import UowDep
from asiento.services.invoicing import credit_notes, invoices, refunds
from asiento.services.invoicing.bill_import_views import bill_import
from asiento.services.invoicing.einvoice_files import einvoice_file
from asiento.services.invoicing.invoice_documents import invoice_pdf
from asiento.services.invoicing.invoice_form import form_choices
from asiento.services.invoicing.invoice_inputs import CreditLineInput, CreditNoteInput
from asiento.services.invoicing.invoice_sending import EmailEdits, mark_sent, send_invoice
from asiento.services.payments.invoice_settlement import invoice_settlement
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference import companies
from asiento.store.uow import UnitOfWork
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.form_values import optional_id
from asiento.web.i18n import gettext
from asiento.web.pages.invoice_fields import VENDOR_TYPES, Submitted
from asiento.web.templating import render

router = APIRouter()


def area_of(kind: str) -> str:
    return "bills" if kind in VENDOR_TYPES else "invoices"


@router.get("/invoices/{invoice_id:int}")
@router.get("/bills/{invoice_id:int}")
def detail(request: Request, invoice_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    view = invoices.get_invoice(uow, principal.company_id, invoice_id)
    company = companies.get_company(uow, principal.company_id)
    return render(
        request,
        "invoices/detail.html",
        inv=view,
        settled=invoice_settlement(uow, principal.company_id, invoice_id),
        area=area_of(view.kind),
        choices=form_choices(uow, principal.company_id, view.kind),
        allow_proforma=company.allow_proforma,
        today=date.today().isoformat(),
        einvoice=(
            bill_import(uow, principal.company_id, invoice_id)
            if view.kind in VENDOR_TYPES
            else None
        ),
    )


@router.get("/invoices/{invoice_id:int}/pdf")
@router.get("/bills/{invoice_id:int}/pdf")
def pdf(invoice_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    filename, content = invoice_pdf(uow, principal.company_id, invoice_id)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type="application/pdf", headers=headers)


@router.get("/invoices/{invoice_id:int}/einvoice")
def einvoice(
    invoice_id: int, uow: UowDep, principal: PagePrincipal, format: str = "facturx"
) -> Response:
    """Download the e-invoice; a refusal (draft, missing business terms) flashes on the page."""
    try:
        found = einvoice_file(uow, principal.company_id, invoice_id, format)
    except AsientoError as exc:
        if exc.status in (403, 404):
            raise
        return session.flashed(f"/invoices/{invoice_id}", exc.message, "error")
    headers = {"Content-Disposition": f'attachment; filename="{found.filename}"'}
    return Response(found.content, media_type=found.media_type, headers=headers)


Action = Callable[[UnitOfWork, int, int, FormData], tuple[str, int | None]]
"""(uow, company, invoice, form) -> (flash message, id of the document to show next)."""


def _act(
    uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData, action: Action
) -> Response:
    """Run ``action``; show the resulting document with its message, or the refusal."""
    current = invoices.get_invoice(uow, company_id, invoice_id)
    target: int | None = invoice_id
    try:
        message, target = action(uow, company_id, invoice_id, form)
        kind = "ok"
    except AsientoError as exc:
        if exc.status in (403, 404):
            raise
        message, kind = exc.message, "error"
    area = area_of(current.kind)
    response = RedirectResponse(
        f"/{area}/{target}" if target is not None else f"/{area}", status_code=303
    )
    session.flash(response, message, kind)
    return response


def _post(uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData) -> tuple[str, int]:
    view = invoices.post_invoice(uow, company_id, invoice_id)
    return gettext("Posted as %(number)s.") % {"number": view.number}, invoice_id


def _proforma(uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData) -> tuple[str, int]:
    invoices.proforma_invoice(uow, company_id, invoice_id)
    return gettext("Pro-forma issued."), invoice_id


def _draft(uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData) -> tuple[str, int]:
    invoices.reset_to_draft(uow, company_id, invoice_id)
    return gettext("Back to draft."), invoice_id


def _delete(uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData) -> tuple[str, None]:
    invoices.delete_invoice(uow, company_id, invoice_id)
    return gettext("Draft deleted."), None


def _send(uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData) -> tuple[str, int]:
    """Send what the preview showed, with the user's edits (a field left out: the template's)."""
    edits = EmailEdits(
        *(str(form[k]) if isinstance(form.get(k), str) else None for k in ("to", "subject", "body"))
    )
    sent = send_invoice(uow, company_id, invoice_id, edits=edits)
    return gettext("Sent to %(to)s.") % {"to": sent.to}, invoice_id


def _mark_sent(
    uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData
) -> tuple[str, int]:
    mark_sent(uow, company_id, invoice_id)
    return gettext("Marked as sent."), invoice_id


def _cancel(uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData) -> tuple[str, int]:
    day = _date(_text(form, "date"), "date")
    invoices.cancel_invoice(uow, company_id, invoice_id, day, _text(form, "reason"))
    return gettext("Cancelled: the entry is reversed."), invoice_id


def _pay(uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData) -> tuple[str, int]:
    writeoff = _text(form, "writeoff_account")
    cmd = RegisterPaymentInput(
        date=_date(_text(form, "date"), "date") or date.today(),
        amount=_amount(_text(form, "amount"), "amount"),
        journal=int(_text(form, "journal")) if _text(form, "journal").isdigit() else "BNK1",
        writeoff_account_id=optional_id(writeoff),
    )
    result = register_payment(uow, company_id, [invoice_id], cmd)
    state = result.payment_states.get(invoice_id, "")
    return gettext("Payment registered: %(state)s.") % {"state": gettext(state)}, invoice_id


def _credit(uow: UnitOfWork, company_id: int, invoice_id: int, form: FormData) -> tuple[str, int]:
    """Full (draft of everything left), partial (the quantities typed) or refund (posted)."""
    mode, reason = _text(form, "mode"), _text(form, "reason")
    day = _date(_text(form, "date"), "date")
    if mode == "refund":
        refund = refunds.refund_invoice(uow, company_id, invoice_id, reason, day)
        return gettext("Refunded: credit note posted and reconciled."), refund.credit_note_id
    lines: tuple[CreditLineInput, ...] = ()
    if mode == "partial":
        lines = tuple(
            CreditLineInput(int(key[4:]), _amount(str(value), key))
            for key, value in form.multi_items()
            if key.startswith("qty-") and key[4:].isdigit() and str(value).strip()
        )
        if not lines:
            raise InvalidInput("type the quantity to credit on at least one line", field="lines")
    note = credit_notes.create_credit_note(
        uow, company_id, invoice_id, CreditNoteInput(lines, reason, day)
    )
    return gettext("Credit note drafted."), note.id


ACTIONS: dict[str, Action] = {
    "post": _post,
    "proforma": _proforma,
    "draft": _draft,
    "delete": _delete,
    "send": _send,
    "mark-sent": _mark_sent,
    "cancel": _cancel,
    "pay": _pay,
    "credit-note": _credit,
}


def _route(name: str) -> None:
    action = ACTIONS[name]

    def run(invoice_id: int, uow: UowDep, principal: PagePrincipal, form: Submitted) -> Response:
        return _act(uow, principal.company_id, invoice_id, form, action)

    run.__name__ = f"invoice_{name.replace('-', '_')}"
    for prefix in ("/invoices", "/bills"):
        router.add_api_route(
            f"{prefix}/{{invoice_id:int}}/{name}", run, methods=["POST"], dependencies=[Csrf]
        )


for _name in ACTIONS:
    _route(_name)


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _date(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{where}: {text!r} is not a date (YYYY-MM-DD)", field=where) from None


def _amount(text: str, where: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(f"{where}: {text!r} is not a number", field=where) from None
    if not value.is_finite():
        raise InvalidInput(f"{where}: {text!r} is not a number", field=where)
    return value
