"""Sending invoices by email, checked against an in-process aiosmtpd server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from asiento.domain.commands.partners import PartnerChanges
from asiento.domain.errors import InvoiceNotSendable, PartnerWithoutEmail
from asiento.mail import MailNotSent
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.invoice_sending import send_invoice
from asiento.services.reference import partners
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.documents.conftest import STANDARD_LINES, Mailbox, insert_invoice


def sent_flags(uow: UnitOfWork, invoice_id: int) -> tuple[bool, datetime | None]:
    """``(is_sent, sent_at)``; SQLite hands the timestamp back without its zone (UTC)."""
    with uow:
        invoice = uow.session.get_one(Invoice, invoice_id)
        at = invoice.sent_at
        return invoice.is_sent, at if at is None or at.tzinfo else at.replace(tzinfo=UTC)


def test_posted_invoice_arrives_with_number_and_pdf_and_is_recorded_sent(
    uow: UnitOfWork,
    company: SeededCompany,
    partner_id: int,
    smtp_server: tuple[str, Mailbox],
) -> None:
    url, box = smtp_server
    invoice_id = insert_invoice(
        uow, company, partner_id, STANDARD_LINES, state="posted", number="INV/2026/00003"
    )
    sent = send_invoice(uow, company.id, invoice_id, smtp_url=url)
    assert (sent.number, sent.to) == ("INV/2026/00003", "ap@example.com")
    assert box.envelopes == [("billing@asiento.example", ["ap@example.com"])]
    message = box.messages[0]
    assert message["To"] == "ap@example.com"
    assert message["Subject"] == "Test Company SL: Invoice INV/2026/00003"
    parts = [p for p in message.walk() if p.get_content_disposition() == "attachment"]
    assert [(p.get_filename(), p.get_content_type()) for p in parts] == [
        ("INV-2026-00003.pdf", "application/pdf")
    ]
    assert parts[0].get_payload(decode=True).startswith(b"%PDF-")
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert "for €746.33" in body.get_payload(decode=True).decode()
    assert sent_flags(uow, invoice_id) == (True, sent.sent_at)


def test_proforma_can_be_sent(
    uow: UnitOfWork, company: SeededCompany, partner_id: int, smtp_server: tuple[str, Mailbox]
) -> None:
    url, box = smtp_server
    invoice_id = insert_invoice(uow, company, partner_id, STANDARD_LINES, state="proforma")
    send_invoice(uow, company.id, invoice_id, smtp_url=url)
    assert box.messages[0]["Subject"] == "Test Company SL: Pro-forma invoice"
    assert sent_flags(uow, invoice_id)[0] is True


@pytest.mark.parametrize("state", ["draft", "cancelled"])
def test_draft_or_cancelled_invoice_is_not_sent(
    uow: UnitOfWork,
    company: SeededCompany,
    partner_id: int,
    smtp_server: tuple[str, Mailbox],
    state: str,
) -> None:
    url, box = smtp_server
    invoice_id = insert_invoice(uow, company, partner_id, STANDARD_LINES, state=state)
    before = row_counts(uow)
    with pytest.raises(InvoiceNotSendable, match=f"invoice {invoice_id} is {state}: only a posted"):
        send_invoice(uow, company.id, invoice_id, smtp_url=url)
    assert box.messages == []
    assert sent_flags(uow, invoice_id) == (False, None)
    assert row_counts(uow) == before


def test_partner_without_email_is_refused_and_nothing_changes(
    uow: UnitOfWork, company: SeededCompany, partner_id: int, smtp_server: tuple[str, Mailbox]
) -> None:
    url, box = smtp_server
    partners.update_partner(uow, company.id, partner_id, PartnerChanges(email=None))
    invoice_id = insert_invoice(
        uow, company, partner_id, STANDARD_LINES, state="posted", number="INV/2026/00001"
    )
    with pytest.raises(PartnerWithoutEmail) as err:
        send_invoice(uow, company.id, invoice_id, smtp_url=url)
    assert err.value.message == (
        f"partner 'Smith and Offspring' (id {partner_id}) has no email address: "
        "add one before sending"
    )
    assert err.value.field == "partner.email"
    assert box.messages == []
    assert sent_flags(uow, invoice_id) == (False, None)


def test_server_down_raises_mail_not_sent_and_leaves_is_sent_false(
    uow: UnitOfWork, company: SeededCompany, partner_id: int, dead_smtp_url: str
) -> None:
    invoice_id = insert_invoice(
        uow, company, partner_id, STANDARD_LINES, state="posted", number="INV/2026/00002"
    )
    with pytest.raises(MailNotSent, match="email not sent"):
        send_invoice(uow, company.id, invoice_id, smtp_url=dead_smtp_url)
    assert sent_flags(uow, invoice_id) == (False, None)
