"""/invoices/{id}/send: the e-mail an invoice would go out with, editable before sending.

The preview shows the recipient (the partner's invoice e-mail), the subject
and body from the template of the partner's language, and the attached PDF's
name. Without ``ASIENTO_SMTP_URL`` the page says so and how to set it, and
offers no send button ("Mark as sent" stays available).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from asiento.domain.errors import AsientoError
from asiento.http.deps import UowDep
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_sending import mail_ready, preview_email
from asiento.web import session
from asiento.web.deps import PagePrincipal
from asiento.web.templating import render

router = APIRouter()


@router.get("/invoices/{invoice_id:int}/send")
def email_preview(
    request: Request, invoice_id: int, uow: UowDep, principal: PagePrincipal
) -> Response:
    try:
        preview = preview_email(uow, principal.company_id, invoice_id)
    except AsientoError as exc:
        if exc.status in (403, 404):
            raise
        return session.flashed(f"/invoices/{invoice_id}", exc.message, "error")
    return render(
        request,
        "invoices/email.html",
        inv=invoices.get_invoice(uow, principal.company_id, invoice_id),
        preview=preview,
        mail_ready=mail_ready(),
    )
