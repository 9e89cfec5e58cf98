"""Sending an invoice by email, with its PDF attached.

Rule (decided here, documented in docs/design/invoice-documents.md): only a
posted or a pro-forma invoice is sent. A draft has no number and may still
change, so a customer must never receive one; a cancelled invoice is not sent
either. The partner needs an email address. ``is_sent`` and ``sent_at`` are
recorded only after the SMTP server accepted the message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvoiceNotSendable, PartnerWithoutEmail
from asiento.mail import Attachment, OutgoingEmail, send_email
from asiento.services.access import principal as access
from asiento.services.invoicing.invoice_documents import (
    DEFAULT_LOCALE,
    InvoicePrint,
    build_print,
    print_pdf,
)
from asiento.store.query import get_scoped
from asiento.store.tables import Invoice, Partner
from asiento.store.uow import UnitOfWork

SENDABLE_STATES: Final = frozenset({"posted", "proforma"})


@dataclass(frozen=True, slots=True)
class SentInvoice:
    invoice_id: int
    number: str | None
    to: str
    sent_at: dt.datetime


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
    if not (partner.email or "").strip():
        raise PartnerWithoutEmail(
            f"partner {partner.name!r} (id {partner.id}) has no email address: "
            "add one before sending",
            field="partner.email",
        )
    return build_print(session, company_id, invoice_id, DEFAULT_LOCALE)


def invoice_email(doc: InvoicePrint, pdf: bytes) -> OutgoingEmail:
    """The message: the number in the subject, the PDF attached under its file name."""
    subject = f"{doc.kind} {doc.number}" if doc.number else f"Pro-forma {doc.kind.lower()}"
    body = (
        f"Dear {doc.partner.name},\n\nplease find attached {subject} from {doc.company.name}"
        f" for {doc.total}.\n"
    )
    if doc.payment_reference:
        body += f"Payment reference: {doc.payment_reference}\n"
    return OutgoingEmail(
        to=[str(doc.partner_email).strip()],
        subject=f"{doc.company.name}: {subject}",
        body=body,
        attachments=(Attachment(doc.filename, pdf),),
    )


@access.requires(Permission.INVOICE_WRITE)
def send_invoice(
    uow: UnitOfWork, company_id: int, invoice_id: int, smtp_url: str | None = None
) -> SentInvoice:
    """Email a posted or pro-forma invoice with its PDF, then record it as sent.

    The mail goes out between two transactions: nothing is held open while the
    SMTP server answers, and ``is_sent``/``sent_at`` are written only once the
    server accepted the message. A refused invoice or an unreachable server
    (``MailNotSent``) changes nothing.

    Raises:
        NotFound, InvoiceNotSendable (a draft or cancelled invoice),
        PartnerWithoutEmail, MailNotSent.
    """
    with uow:
        doc = _sendable(uow.session, company_id, invoice_id)
    email = invoice_email(doc, print_pdf(doc))
    send_email(email, smtp_url)
    sent_at = dt.datetime.now(dt.UTC)
    with uow:
        invoice = get_scoped(uow.session, Invoice, company_id, invoice_id, "invoice")
        invoice.is_sent = True
        invoice.sent_at = sent_at
        uow.commit()
    return SentInvoice(invoice_id, doc.number, email.to[0], sent_at)
