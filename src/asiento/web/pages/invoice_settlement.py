"""Undoing a settlement from the invoice page: unreconcile, cancel a payment.

Both are state changes behind a confirm checkbox; the services lock what they
change (the reconciled items; the payment row) and refuse the loser of a race:
a reconciliation removed meanwhile, a payment already cancelled. The refusal is
flashed in words on the invoice's page, never an error page. Cancelling a
payment also reverses the early-payment discount it took (``payment_docs``).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from asiento.domain.errors import AsientoError, InvalidInput, NotFound
from asiento.http.deps import UowDep
from asiento.services.invoicing import invoices
from asiento.services.payments import payment_docs, unreconciliation
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.pages.invoice_fields import VENDOR_TYPES, Submitted

router = APIRouter()


def _chosen_id(form: FormData, key: str) -> int:
    value = form.get(key)
    if not isinstance(value, str) or not value.isdigit():
        raise InvalidInput(f"{key}: choose one", field=key)
    if form.get("confirm") != "1":
        raise InvalidInput(gettext("Tick the box to confirm."), field="confirm")
    return int(value)


def _back(uow: UowDep, company_id: int, invoice_id: int, run: Callable[[], str]) -> Response:
    """Run the change and flash its outcome on the invoice page (404 of the invoice raises)."""
    current = invoices.get_invoice(uow, company_id, invoice_id)
    area = "bills" if current.kind in VENDOR_TYPES else "invoices"
    try:
        message, kind = run(), "ok"
    except NotFound as exc:
        if exc.kind not in ("partial reconciliation", "payment"):
            raise
        message, kind = gettext("It was already undone: nothing changed."), "error"
    except AsientoError as exc:
        if exc.status == 403:
            raise
        message, kind = exc.message, "error"
    response = RedirectResponse(f"/{area}/{invoice_id}", status_code=303)
    session.flash(response, message, kind)
    return response


@router.post("/invoices/{invoice_id:int}/unreconcile", dependencies=[Csrf])
@router.post("/bills/{invoice_id:int}/unreconcile", dependencies=[Csrf])
def unreconcile(
    invoice_id: int, uow: UowDep, principal: PagePrincipal, form: Submitted
) -> Response:
    def run() -> str:
        partial = _chosen_id(form, "partial_id")
        unreconciliation.unreconcile(uow, principal.company_id, [partial])
        return gettext("Reconciliation removed: the amount is open again.")

    return _back(uow, principal.company_id, invoice_id, run)


@router.post("/invoices/{invoice_id:int}/cancel-payment", dependencies=[Csrf])
@router.post("/bills/{invoice_id:int}/cancel-payment", dependencies=[Csrf])
def cancel_payment(
    invoice_id: int, uow: UowDep, principal: PagePrincipal, form: Submitted
) -> Response:
    def run() -> str:
        payment = _chosen_id(form, "payment_id")
        payment_docs.cancel_payment(uow, principal.company_id, payment)
        return gettext("Payment cancelled: its entry and any early-payment discount reversed.")

    return _back(uow, principal.company_id, invoice_id, run)
