"""/invoices/{id}.pdf, /invoices/{id}/send and /invoices/batch/{action} over HTTP."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from asiento.domain.commands.partners import PartnerChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import partners
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer, row_counts
from tests.documents.conftest import STANDARD_LINES, Mailbox, insert_invoice, running_smtp


@pytest.fixture
def partner(uow: UnitOfWork, company: SeededCompany) -> int:
    return customer(uow, company)


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    with running_smtp() as (url, box):
        monkeypatch.setenv("ASIENTO_SMTP_URL", url)
        yield box


def test_pdf_of_an_invoice(
    api: TestClient, uow: UnitOfWork, company: SeededCompany, partner: int
) -> None:
    invoice_id = insert_invoice(
        uow, company, partner, STANDARD_LINES, state="posted", number="INV/2026/00004"
    )
    response = api.get(f"/api/v1/invoices/{invoice_id}.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="INV-2026-00004.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_pdf_of_an_unknown_invoice_is_a_404_problem(api: TestClient) -> None:
    response = api.get("/api/v1/invoices/424242.pdf")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "invoice 424242 not found"


def test_send_records_the_invoice_as_sent(
    api: TestClient, uow: UnitOfWork, company: SeededCompany, partner: int, smtp: Mailbox
) -> None:
    invoice_id = insert_invoice(
        uow, company, partner, STANDARD_LINES, state="posted", number="INV/2026/00005"
    )
    response = api.post(f"/api/v1/invoices/{invoice_id}/send")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["id"], body["number"], body["to"]) == (
        invoice_id,
        "INV/2026/00005",
        "ap@example.com",
    )
    assert smtp.messages[0]["Subject"] == "Test Company SL: Invoice INV/2026/00005"
    with uow:
        assert uow.session.get_one(Invoice, invoice_id).is_sent is True


def test_send_to_a_partner_without_email_is_a_422_and_changes_nothing(
    api: TestClient, uow: UnitOfWork, company: SeededCompany, partner: int, smtp: Mailbox
) -> None:
    partners.update_partner(uow, company.id, partner, PartnerChanges(email=None))
    invoice_id = insert_invoice(
        uow, company, partner, STANDARD_LINES, state="posted", number="INV/2026/00006"
    )
    before = row_counts(uow)
    response = api.post(f"/api/v1/invoices/{invoice_id}/send")
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "partner_without_email"
    assert problem["detail"].startswith("partner 'Smith and Offspring'")
    assert smtp.messages == []
    assert row_counts(uow) == before


def test_send_of_a_draft_is_a_409(
    api: TestClient, uow: UnitOfWork, company: SeededCompany, partner: int
) -> None:
    invoice_id = insert_invoice(uow, company, partner, STANDARD_LINES)
    response = api.post(f"/api/v1/invoices/{invoice_id}/send")
    assert response.status_code == 409
    assert response.json()["code"] == "invoice_not_sendable"


def test_send_with_the_server_down_is_a_502(
    api: TestClient,
    uow: UnitOfWork,
    company: SeededCompany,
    partner: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.documents.conftest import free_port

    monkeypatch.setenv("ASIENTO_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    invoice_id = insert_invoice(
        uow, company, partner, STANDARD_LINES, state="posted", number="INV/2026/00008"
    )
    response = api.post(f"/api/v1/invoices/{invoice_id}/send")
    assert response.status_code == 502
    assert response.json()["code"] == "mail_not_sent"
    with uow:
        assert uow.session.get_one(Invoice, invoice_id).is_sent is False


def test_batch_post_by_filter_reports_each_failure(
    api: TestClient, uow: UnitOfWork, company: SeededCompany, partner: int
) -> None:
    good = insert_invoice(uow, company, partner, STANDARD_LINES)
    bad = insert_invoice(uow, company, partner, [("Nothing", "0", "10", "0", [])])
    response = api.post("/api/v1/invoices/batch/post", json={"filter": {"state": "draft"}})
    assert response.status_code == 200, response.text
    assert response.json() == {
        "action": "post",
        "done": [good],
        "failed": [
            {"id": bad, "number": None, "reason": "lines[0].quantity: quantity must be positive"}
        ],
    }


def test_batch_print_answers_a_zip_and_its_summary_header(
    api: TestClient, uow: UnitOfWork, company: SeededCompany, partner: int
) -> None:
    a = insert_invoice(uow, company, partner, STANDARD_LINES, state="proforma")
    response = api.post("/api/v1/invoices/batch/print", json={"ids": [a, 999_999]})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert json.loads(response.headers["x-batch-result"]) == {
        "action": "print",
        "done": [a],
        "failed": [{"id": 999_999, "number": None, "reason": "invoice 999999 not found"}],
    }
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == [f"proforma-{a}.pdf"]


@pytest.mark.parametrize(
    ("action", "body", "status", "code"),
    [
        ("archive", {"ids": [1]}, 422, "unknown_batch_action"),
        ("post", {}, 422, "empty_selection"),
        ("post", {"filter": {"colour": "red"}}, 422, None),
    ],
)
def test_bad_batch_requests_are_refused(
    api: TestClient,
    uow: UnitOfWork,
    company: SeededCompany,
    action: str,
    body: dict[str, object],
    status: int,
    code: str | None,
) -> None:
    before = row_counts(uow)
    response = api.post(f"/api/v1/invoices/batch/{action}", json=body)
    assert response.status_code == status
    if code is not None:
        assert response.json()["code"] == code
    assert row_counts(uow) == before
