"""Sending an invoice by email with its PDF: preview, send, record, retry; mark as sent.

Rule (decided here, documented in docs/design/invoice-documents.md): only a
posted or a pro-forma invoice is sent. A draft has no number and may still
change, so a customer must never receive one; a cancelled invoice is not sent
either. The partner needs an address (its invoice e-mail, else its e-mail).

Invariants:
    - ``is_sent``, ``sent_at`` and ``sent_to`` are written only after the SMTP
      server accepted the message (or by "mark as sent", with ``sent_to`` "").
    - A delivery the server refused or could not take (``MailNotSent``) is
      recorded on the invoice (``send_error``, ``send_failed_at``) and the
      error raised; a later success clears it. Without a configured server
      (``MailNotConfigured``) nothing is attempted and nothing recorded.
    - The mail goes out between two transactions: nothing is held open while
      the SMTP server answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, InvoiceNotSendable, PartnerWithoutEmail
from asiento.mail import (
    Attachment,
    MailNotConfigured,
    MailNotSent,
    OutgoingEmail,
    send_email,
    smtp_configured,
)
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.invoicing.einvoice_files import einvoice_in
from asiento.services.invoicing.invoice_documents import InvoicePrint, build_print, print_pdf
from asiento.services.invoicing.invoice_mail import (
    MailText,
    document_name,
    einvoice_format_for,
    render_mail,
)
from asiento.services.reference.identity import normal_email
from asiento.store.document_locks import lock_invoice
from asiento.store.query import get_scoped
from asiento.store.tables import Company, Invoice, Partner
from asiento.store.uow import UnitOfWork

SENDABLE_STATES: Final = frozenset({"posted", "proforma"})


@dataclass(frozen=True, slots=True)
class SentInvoice:
    invoice_id: int
    number: str | None
    to: str
    sent_at: dt.datetime


@dataclass(frozen=True, slots=True)
class EmailPreview:
    """What sending would send: recipient, subject, body (in the partner's language), file."""

    invoice_id: int
    to: str
    subject: str
    body: str
    filename: str
    language: str


def _sendable(session: Session, company_id: int, invoice_id: int) -> InvoicePrint:
    """The read model of an invoice that may be sent, or the reason it may not."""
    invoice = get_scoped(session, Invoice, company_id, invoice_id, "invoice")
    if invoice.state not in SENDABLE_STATES:
        raise InvoiceNotSendable(
            f"invoice {invoice_id} is {invoice.state}: only a posted or pro-forma invoice "
            "is sent (a draft has no number and may still change)",
            field="state",
        )
    partner = get_scoped(session, Partner, company_id, invoice.partner_id, "partner")
    if not (partner.invoice_email or partner.email or "").strip():
        raise PartnerWithoutEmail(
            f"partner {partner.name!r} (id {partner.id}) has no email address: "
            "add one before sending",
            field="partner.email",
        )
    return build_print(session, company_id, invoice_id)


def mail_ready() -> bool:
    """Whether a mail server is configured (``ASIENTO_SMTP_URL``): pages say so before sending."""
    return smtp_configured()


def mail_text(doc: InvoicePrint) -> MailText:
    """Subject and body from the template of the document's language."""
    due = doc.due_dates[-1].date if doc.due_dates else ""
    return render_mail(
        doc.lang,
        {
            "company": doc.company.name,
            "partner": doc.partner.name,
            "document": document_name(doc.kind, doc.number, doc.lang),
            "total": doc.total,
            "due_date": due,
            "reference": doc.payment_reference or "",
        },
    )


def preview_email(uow: UnitOfWork, company_id: int, invoice_id: int) -> EmailPreview:
    """What ``send_invoice`` would send, for the user to check and edit first."""
    with uow:
        doc = _sendable(uow.session, company_id, invoice_id)
    text = mail_text(doc)
    return EmailPreview(
        doc.invoice_id, str(doc.partner_email).strip(), text.subject, text.body, doc.filename,
        doc.lang,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class EmailEdits:
    """What the user changed in the preview; ``None`` keeps the template's."""

    to: str | None = None
    subject: str | None = None
    body: str | None = None


@access.requires(Permission.INVOICE_WRITE)
def send_invoice(
    uow: UnitOfWork,
    company_id: int,
    invoice_id: int,
    smtp_url: str | None = None,
    edits: EmailEdits | None = None,
) -> SentInvoice:
    """Email a posted or pro-forma invoice with its PDF, then record it as sent.

    Raises:
        NotFound, InvoiceNotSendable (a draft or cancelled invoice),
        PartnerWithoutEmail, InvalidInput (an edited address or an empty
        subject), MailNotConfigured (409), MailNotSent (502, recorded).
    """
    with uow:
        doc = _sendable(uow.session, company_id, invoice_id)
        files = _attachments(uow.session, company_id, doc)
    email = _message(doc, edits or EmailEdits(), files)
    try:
        send_email(email, smtp_url)
    except MailNotConfigured:
        raise
    except MailNotSent as exc:
        record_send_failure(uow, company_id, invoice_id, exc.message)
        raise
    sent_at = dt.datetime.now(dt.UTC)
    with uow:
        invoice = get_scoped(uow.session, Invoice, company_id, invoice_id, "invoice")
        invoice.is_sent, invoice.sent_at, invoice.sent_to = True, sent_at, email.to[0]
        invoice.send_error, invoice.send_failed_at = None, None
        audit.record_in(uow.session, company_id, "invoice.send", "invoice", invoice_id,
                        after={"to": email.to[0]})  # fmt: skip
        uow.commit()
    return SentInvoice(invoice_id, doc.number, email.to[0], sent_at)


def _attachments(session: Session, company_id: int, doc: InvoicePrint) -> tuple[Attachment, ...]:
    """The PDF, and the partner's e-invoice: a Factur-X PDF replaces the PDF, an XML joins it.

    A format whose business terms are missing refuses the sending (``ValidationFailed``)
    before anything goes out, rather than sending less than the partner expects.
    """
    invoice = get_scoped(session, Invoice, company_id, doc.invoice_id, "invoice")
    partner = get_scoped(session, Partner, company_id, invoice.partner_id, "partner")
    company = session.get_one(Company, company_id)
    fmt = einvoice_format_for(partner.einvoice_format, company.einvoice_format, invoice.state)
    if fmt is None:
        return (Attachment(doc.filename, print_pdf(doc)),)
    found = einvoice_in(session, company_id, doc.invoice_id, fmt)
    if fmt == "facturx":
        return (Attachment(doc.filename, found.content),)
    return (
        Attachment(doc.filename, print_pdf(doc)),
        Attachment(found.filename, found.content, found.media_type),
    )


def _message(
    doc: InvoicePrint, edits: EmailEdits, attachments: tuple[Attachment, ...]
) -> OutgoingEmail:
    text = mail_text(doc)
    to = normal_email(edits.to, "to") if edits.to is not None else str(doc.partner_email).strip()
    subject = text.subject if edits.subject is None else " ".join(edits.subject.split())
    if not to or not subject:
        field = "to" if not to else "subject"
        raise InvalidInput(f"{field} cannot be empty", field=field)
    return OutgoingEmail(
        to=[to],
        subject=subject,
        body=text.body if edits.body is None else edits.body,
        attachments=attachments,
    )


def record_send_failure(uow: UnitOfWork, company_id: int, invoice_id: int, reason: str) -> None:
    """Keep the failed delivery on the invoice (what, when) so it can be seen and retried."""
    with uow:
        invoice = get_scoped(uow.session, Invoice, company_id, invoice_id, "invoice")
        invoice.send_error = reason[:2000]
        invoice.send_failed_at = dt.datetime.now(dt.UTC)
        uow.commit()


@access.requires(Permission.INVOICE_WRITE)
def mark_sent(uow: UnitOfWork, company_id: int, invoice_id: int) -> SentInvoice:
    """Record an invoice handed over another way (post, hand, portal) as sent."""
    with uow:
        invoice = lock_invoice(uow.session, company_id, invoice_id)
        if invoice.state not in SENDABLE_STATES:
            raise InvoiceNotSendable(
                f"invoice {invoice_id} is {invoice.state}: only a posted or pro-forma invoice "
                "is marked as sent",
                field="state",
            )
        sent_at = dt.datetime.now(dt.UTC)
        invoice.is_sent, invoice.sent_at, invoice.sent_to = True, sent_at, ""
        invoice.send_error, invoice.send_failed_at = None, None
        audit.record_in(uow.session, company_id, "invoice.mark_sent", "invoice", invoice_id)
        number = invoice.number
        uow.commit()
    return SentInvoice(invoice_id, number, "", sent_at)
