"""/invoices: PDF, sending and batch actions.

This module sorts before ``invoices.py`` on purpose: ``/invoices/batch/{action}``
and ``/invoices/{id}.pdf`` must match before ``/invoices/{id}``.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Response

from asiento.api.schemas.invoice_documents import (
    BatchFailureOut,
    BatchIn,
    BatchOut,
    EmailPreviewOut,
    SendIn,
    SentOut,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.invoicing.einvoice_files import einvoice_file
from asiento.services.invoicing.invoice_batch import BatchResult, run_batch
from asiento.services.invoicing.invoice_documents import invoice_pdf
from asiento.services.invoicing.invoice_sending import (
    EmailEdits,
    mark_sent,
    preview_email,
    send_invoice,
)
from asiento.wire.types import Id, Text

router = APIRouter(prefix="/invoices", tags=["invoices"])


def batch_out(result: BatchResult) -> BatchOut:
    failed = [
        BatchFailureOut(id=f.invoice_id, number=f.number, reason=f.reason) for f in result.failed
    ]
    return BatchOut(action=result.action, done=result.done, failed=failed)


@router.post(
    "/batch/{action}",
    response_model=BatchOut,
    responses={200: {"content": {"application/zip": {}}}},
)
def run_invoice_batch(action: Text, body: BatchIn, uow: UowDep, company_id: CompanyDep) -> Response:
    """Post, send, print or cancel many invoices; each succeeds or fails on its own.

    ``print`` answers a ZIP of PDFs; its ``X-Batch-Result`` header carries the
    same JSON summary the other actions return as their body.
    """
    result = run_batch(uow, company_id, action, body.selection())
    summary = batch_out(result).model_dump_json()
    if result.archive is not None:
        headers = {
            "Content-Disposition": 'attachment; filename="invoices.zip"',
            "X-Batch-Result": json.dumps(json.loads(summary), separators=(",", ":")),
        }
        return Response(result.archive, media_type="application/zip", headers=headers)
    return Response(summary, media_type="application/json")


@router.get("/{invoice_id}.pdf", response_class=Response)
def read_invoice_pdf(invoice_id: Id, uow: UowDep, company_id: CompanyDep) -> Response:
    """The invoice as printed: number, or "Draft"/"Pro-forma" before posting."""
    filename, pdf = invoice_pdf(uow, company_id, invoice_id)
    headers = {"Content-Disposition": f'inline; filename="{filename}"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


EInvoiceFormat = Literal["facturx", "xrechnung-cii", "xrechnung-ubl", "ubl"]
FacturXProfile = Literal["en16931", "basic", "xrechnung"]


@router.get(
    "/{invoice_id}/einvoice",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "application/xml": {}}},
        409: {"description": "the invoice is a draft or pro-forma (no number yet)"},
        422: {"description": "business terms the format needs are missing: errors[] names each"},
    },
)
def read_invoice_einvoice(
    invoice_id: Id,
    uow: UowDep,
    company_id: CompanyDep,
    format: EInvoiceFormat = "facturx",
    profile: FacturXProfile | None = None,
) -> Response:
    """The posted invoice or credit note as an e-invoice: Factur-X PDF, XRechnung or Peppol UBL."""
    found = einvoice_file(uow, company_id, invoice_id, format, profile)
    headers = {"Content-Disposition": f'attachment; filename="{found.filename}"'}
    return Response(found.content, media_type=found.media_type, headers=headers)


MAIL_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "mail_not_configured: ASIENTO_SMTP_URL is not set (how to set it)"},
    502: {"description": "mail_not_sent: the server refused or could not be reached (recorded)"},
}


@router.get("/{invoice_id}/email")
def preview_invoice_email(invoice_id: Id, uow: UowDep, company_id: CompanyDep) -> EmailPreviewOut:
    """The e-mail sending would send: recipient, subject and body in the partner's language."""
    p = preview_email(uow, company_id, invoice_id)
    return EmailPreviewOut(
        id=p.invoice_id, to=p.to, subject=p.subject, body=p.body, attachment=p.filename,
        language=p.language,
    )  # fmt: skip


@router.post("/{invoice_id}/send", responses=MAIL_ERRORS)
def send_invoice_by_email(
    invoice_id: Id, uow: UowDep, company_id: CompanyDep, body: SendIn | None = None
) -> SentOut:
    """Email a posted or pro-forma invoice with its PDF (SMTP from ``ASIENTO_SMTP_URL``).

    Without a body the preview's recipient, subject and text are sent; a
    failed delivery is recorded on the invoice (``send_error``) and can be
    retried.
    """
    edits = EmailEdits(**body.model_dump()) if body else None
    sent = send_invoice(uow, company_id, invoice_id, edits=edits)
    return SentOut(id=sent.invoice_id, number=sent.number, to=sent.to, sent_at=sent.sent_at)


@router.post("/{invoice_id}/mark-sent")
def mark_invoice_sent(invoice_id: Id, uow: UowDep, company_id: CompanyDep) -> SentOut:
    """Record an invoice handed over another way as sent (``to`` is empty)."""
    sent = mark_sent(uow, company_id, invoice_id)
    return SentOut(id=sent.invoice_id, number=sent.number, to=sent.to, sent_at=sent.sent_at)
