"""E-mail of an invoice: preview in the customer's language, edits, what arrives, failures.

A real SMTP server runs in the test process (aiosmtpd); the message is checked
as received: headers, the body's language and the attached PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from asiento.domain.commands.partners import PartnerChanges
from asiento.mail import MailNotConfigured, MailNotSent
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.invoice_batch import BatchSelection, run_batch
from asiento.services.invoicing.invoice_sending import (
    EmailEdits,
    mark_sent,
    preview_email,
    send_invoice,
)
from asiento.services.invoicing.invoices import get_invoice
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.documents.conftest import Mailbox, free_port
from tests.documents.identity_builders import pdf_text, post_invoice, seller


class Refusing:
    """An SMTP server that refuses every message."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "554 5.7.1 Message rejected as spam"


@contextmanager
def refusing_smtp() -> Iterator[str]:
    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


def attachment(message: Any) -> tuple[str, bytes]:
    part = next(p for p in message.walk() if p.get_content_disposition() == "attachment")
    return part.get_filename(), part.get_payload(decode=True)


def body_of(message: Any) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return str(part.get_payload(decode=True).decode()).replace("\r\n", "\n")


def subject_of(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_preview_is_in_the_customers_language_and_goes_to_the_invoice_email(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    scenario = seller(uow, company)
    spanish = preview_email(uow, company.id, post_invoice(uow, scenario, scenario.spanish))
    assert spanish.to == "ap@azure.example" and spanish.language == "es"
    assert spanish.subject == "Test Company S.L.: Factura INV/2026/00001"
    assert "le adjuntamos Factura INV/2026/00001 de Test Company S.L. por 12.290,08\xa0€" in (
        spanish.body
    )
    assert "Referencia de pago: RF76INV202600001. Vencimiento: 1 may 2026." in spanish.body
    chinese = preview_email(uow, company.id, post_invoice(uow, scenario, scenario.chinese))
    assert (chinese.to, chinese.language) == ("finance@minghui.example", "zh")
    assert chinese.subject == "Test Company S.L.：发票 INV/2026/00002"
    assert "尊敬的上海明辉贸易有限公司：" in chinese.body


def test_the_edited_email_arrives_with_the_invoice_pdf_and_is_recorded(
    uow: UnitOfWork, company: SeededCompany, smtp_server: tuple[str, Mailbox]
) -> None:
    url, box = smtp_server
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    edits = EmailEdits(subject="Su factura de marzo", body="Hola,\nadjuntamos la factura.\n")
    sent = send_invoice(uow, company.id, invoice_id, url, edits)
    assert box.envelopes == [("billing@asiento.example", ["ap@azure.example"])]
    message = box.messages[0]
    assert (message["To"], message["Subject"]) == ("ap@azure.example", "Su factura de marzo")
    assert body_of(message) == "Hola,\nadjuntamos la factura.\n"
    name, pdf = attachment(message)
    assert name == "INV-2026-00001.pdf" and pdf.startswith(b"%PDF-")
    text = "".join(pdf_text(pdf).split())
    assert "FacturaINV/2026/00001" in text and "Total12.290,08€" in text
    view = get_invoice(uow, company.id, invoice_id)
    assert (view.is_sent, view.sent_to, view.send_error) == (True, "ap@azure.example", None)
    assert view.sent_at is not None and sent.to == "ap@azure.example"


def test_the_template_body_arrives_in_chinese(
    uow: UnitOfWork, company: SeededCompany, smtp_server: tuple[str, Mailbox]
) -> None:
    url, box = smtp_server
    scenario = seller(uow, company)
    send_invoice(uow, company.id, post_invoice(uow, scenario, scenario.chinese), url)
    message = box.messages[0]
    assert subject_of(message) == "Test Company S.L.：发票 INV/2026/00001"
    assert "附件是Test Company S.L.开具的发票 INV/2026/00001，金额为 €12,290.08。" in body_of(
        message
    )


def test_without_a_mail_server_nothing_is_attempted_or_recorded(
    uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASIENTO_SMTP_URL", raising=False)
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    before = row_counts(uow)
    with pytest.raises(MailNotConfigured, match="set ASIENTO_SMTP_URL") as err:
        send_invoice(uow, company.id, invoice_id)
    assert (err.value.status, err.value.code) == (409, "mail_not_configured")
    assert row_counts(uow) == before
    assert get_invoice(uow, company.id, invoice_id).send_error is None


def test_a_refused_delivery_is_recorded_and_a_retry_clears_it(
    uow: UnitOfWork, company: SeededCompany, smtp_server: tuple[str, Mailbox]
) -> None:
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    with refusing_smtp() as url, pytest.raises(MailNotSent, match="rejected as spam") as err:
        send_invoice(uow, company.id, invoice_id, url)
    assert err.value.status == 502
    failed = get_invoice(uow, company.id, invoice_id)
    assert failed.is_sent is False and "554" in (failed.send_error or "")
    assert failed.send_failed_at is not None
    send_invoice(uow, company.id, invoice_id, smtp_server[0])
    retried = get_invoice(uow, company.id, invoice_id)
    assert (retried.is_sent, retried.send_error, retried.send_failed_at) == (True, None, None)


def test_mark_as_sent_records_a_hand_over(uow: UnitOfWork, company: SeededCompany) -> None:
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    mark_sent(uow, company.id, invoice_id)
    view = get_invoice(uow, company.id, invoice_id)
    assert (view.is_sent, view.sent_to) == (True, "")


def test_batch_send_reports_each_invoice(
    uow: UnitOfWork, company: SeededCompany, smtp_server: tuple[str, Mailbox]
) -> None:
    scenario = seller(uow, company)
    good = post_invoice(uow, scenario, scenario.spanish)
    from asiento.services.reference import partners

    partners.update_partner(uow, company.id, scenario.chinese, PartnerChanges(email=None))
    bad = post_invoice(uow, scenario, scenario.chinese)
    selection = BatchSelection(ids=(good, bad))
    result = run_batch(uow, company.id, "send", selection, smtp_url=smtp_server[0])
    assert result.done == [good]
    assert [(f.invoice_id, f.reason) for f in result.failed] == [
        (bad, f"partner '上海明辉贸易有限公司' (id {scenario.chinese}) has no email address: "
              "add one before sending")
    ]  # fmt: skip
    assert len(smtp_server[1].messages) == 1
