"""Sending an invoice over HTTP: preview, 409 without a mail server, 502 when refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.documents.identity_builders import post_invoice, seller
from tests.documents.test_invoice_email import refusing_smtp


def test_api_preview_409_without_server_and_502_when_refused(
    api: TestClient,
    uow: UnitOfWork,
    company: SeededCompany,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    preview = api.get(f"/api/v1/invoices/{invoice_id}/email")
    assert preview.status_code == 200, preview.text
    assert (preview.json()["language"], preview.json()["to"]) == ("es", "ap@azure.example")
    monkeypatch.delenv("ASIENTO_SMTP_URL", raising=False)
    none = api.post(f"/api/v1/invoices/{invoice_id}/send")
    assert none.status_code == 409
    assert none.headers["content-type"].startswith("application/problem+json")
    assert none.json()["code"] == "mail_not_configured"
    assert "ASIENTO_SMTP_URL" in none.json()["detail"]
    with refusing_smtp() as url:
        monkeypatch.setenv("ASIENTO_SMTP_URL", url)
        refused = api.post(f"/api/v1/invoices/{invoice_id}/send", json={"subject": "Factura"})
    assert (refused.status_code, refused.json()["code"]) == (502, "mail_not_sent")
    shown = api.get(f"/api/v1/invoices/{invoice_id}").json()
    assert "554" in shown["send_error"] and shown["is_sent"] is False
    assert shown["send_failed_at"].endswith("Z") or shown["send_failed_at"].endswith("+00:00")
    marked = api.post(f"/api/v1/invoices/{invoice_id}/mark-sent")
    assert (marked.status_code, marked.json()["to"]) == (200, "")
    sent_at = api.get(f"/api/v1/invoices/{invoice_id}").json()["sent_at"]
    assert sent_at.endswith("Z") or sent_at.endswith("+00:00"), (
        "an RFC 3339 date-time has an offset"
    )
