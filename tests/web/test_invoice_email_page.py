"""/invoices/{id}/send: the preview, its edits, and the page without a mail server."""

from __future__ import annotations

import pytest

from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.invoices import get_invoice
from asiento.store.uow import UnitOfWork
from tests.documents.conftest import Mailbox, running_smtp
from tests.documents.identity_builders import post_invoice, seller
from tests.web.conftest import WebClient, post_form


def test_without_a_mail_server_the_page_explains_and_offers_mark_as_sent(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASIENTO_SMTP_URL", raising=False)
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    web = as_user("billing_clerk")
    page = web.get(f"/invoices/{invoice_id}/send")
    assert page.status_code == 200
    assert 'id="mail-not-configured"' in page.text and "ASIENTO_SMTP_URL" in page.text
    assert 'id="send-now"' not in page.text
    assert "Test Company S.L.: Factura INV/2026/00001" in page.text
    refused = post_form(web, f"/invoices/{invoice_id}/send", {}, f"/invoices/{invoice_id}/send")
    assert refused.status_code == 303  # type: ignore[attr-defined]
    shown = web.get(f"/invoices/{invoice_id}").text
    assert "no mail server is configured" in shown
    post_form(web, f"/invoices/{invoice_id}/mark-sent", {}, f"/invoices/{invoice_id}")
    assert get_invoice(uow, company.id, invoice_id).is_sent is True


def test_the_edited_preview_is_what_arrives(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    web = as_user("billing_clerk")
    box: Mailbox
    with running_smtp() as (url, box):
        monkeypatch.setenv("ASIENTO_SMTP_URL", url)
        page = web.get(f"/invoices/{invoice_id}/send")
        assert 'id="send-now"' in page.text
        done = post_form(
            web, f"/invoices/{invoice_id}/send",
            {"to": "ap@azure.example", "subject": "Factura de marzo", "body": "Adjunta."},
            f"/invoices/{invoice_id}/send",
        )  # fmt: skip
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert [m["Subject"] for m in box.messages] == ["Factura de marzo"]
    assert 'id="sent-status"' in web.get(f"/invoices/{invoice_id}").text
