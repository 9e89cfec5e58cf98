"""POST /api/v1/bills/import and a bill's e-invoice: per-file results, problems, download, walls."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.api.conftest import bearer, issue_token
from tests.einvoice.bills import DATA, bill_count, buyer, supplier

UBL = "ubl_invoice_two_rates.xml"
URL = "/api/v1/bills/import"


@pytest.fixture
def company(uow: UnitOfWork) -> SeededCompany:
    company = buyer(uow)
    supplier(uow, company, "Wood Corner", "DE136695976")
    return company


@pytest.fixture
def api(engine: Engine, uow: UnitOfWork, company: SeededCompany) -> Iterator[TestClient]:
    headers = bearer(issue_token(uow, company.id))
    with TestClient(create_app(engine), headers=headers, raise_server_exceptions=False) as c:
        yield c


def upload(*names: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (n, (DATA / n).read_bytes(), "application/xml")) for n in names]


def test_importing_files_answers_each_files_bill_or_refusal(api: TestClient) -> None:
    response = api.post(URL, files=upload(UBL, "malformed.xml"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["created"], body["refused"]) == (1, 1)
    made, refused = body["results"]
    assert made["kind"] == "vendor_bill" and made["document_number"] == "WC-2026-0042"
    assert made["differences"] == [] and made["refusal"] is None
    assert refused["refusal"]["reason"] == "malformed" and refused["bill_id"] is None
    bill = api.get(f"/api/v1/invoices/{made['bill_id']}").json()
    assert (bill["amount_untaxed"], bill["amount_tax"], bill["amount_total"]) == (
        "210.00",
        "35.30",
        "245.30",
    )
    details = api.get(f"/api/v1/bills/{made['bill_id']}/einvoice").json()
    assert details["iban"] == "DE89370400440532013000" and details["file_name"] == UBL
    original = api.get(f"/api/v1/bills/{made['bill_id']}/einvoice/file")
    assert original.status_code == 200 and original.content == (DATA / UBL).read_bytes()
    assert original.headers["content-type"].startswith("application/xml")


def test_a_duplicate_alone_is_a_409_problem_naming_the_existing_bill(api: TestClient) -> None:
    first = api.post(URL, files=upload(UBL)).json()["results"][0]["bill_id"]
    again = api.post(URL, files=upload(UBL))
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    problem = again.json()
    assert problem["reason"] == "duplicate" and problem["bill_id"] == first
    assert problem["errors"][0]["field"] == UBL


def test_an_unknown_supplier_is_a_422_with_what_to_create_then_created_on_request(
    engine: Engine, uow: UnitOfWork
) -> None:
    company = buyer(uow)
    headers = bearer(issue_token(uow, company.id))
    with TestClient(create_app(engine), headers=headers, raise_server_exceptions=False) as api:
        refused = api.post(URL, files=upload(UBL))
        assert refused.status_code == 422
        assert refused.json()["offer"]["name"] == "Wood Corner GmbH"
        assert bill_count(uow) == 0
        created = api.post(URL, files=upload(UBL), data={"create_supplier": "true"})
        assert created.status_code == 201 and created.json()["created"] == 1


def test_bad_files_are_precise_problems_and_change_nothing(
    api: TestClient, uow: UnitOfWork
) -> None:
    for name, where in (
        ("xxe_attempt.xml", "line 1"),
        ("ubl_schema_error.xml", "/*/cbc:IssueDate"),
    ):
        response = api.post(URL, files=upload(name))
        assert response.status_code == 422
        problem = response.json()
        assert problem["location"] == where and problem["file"] == name
    assert api.post(URL).status_code == 422  # no file at all
    assert bill_count(uow) == 0


def test_another_company_cannot_see_or_download_the_imported_file(
    api: TestClient, engine: Engine, uow: UnitOfWork
) -> None:
    bill_id = api.post(URL, files=upload(UBL)).json()["results"][0]["bill_id"]
    other = buyer(uow, "Other SL")
    headers = bearer(issue_token(uow, other.id))
    with TestClient(create_app(engine), headers=headers, raise_server_exceptions=False) as them:
        assert them.get(f"/api/v1/bills/{bill_id}/einvoice").status_code == 404
        assert them.get(f"/api/v1/bills/{bill_id}/einvoice/file").status_code == 404


def test_the_same_idempotency_key_replays_the_first_import(
    api: TestClient, uow: UnitOfWork
) -> None:
    key = {"Idempotency-Key": "bill-import-1"}
    first = api.post(URL, files=upload(UBL), headers=key)
    again = api.post(URL, files=upload(UBL), headers=key)
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    assert bill_count(uow) == 1


def test_strict_buyer_checking_is_a_purchase_setting_of_the_api(api: TestClient) -> None:
    changed = api.patch("/api/v1/purchase-settings", json={"einvoice_strict_buyer": True})
    assert changed.status_code == 200 and changed.json()["einvoice_strict_buyer"] is True
    foreign = (DATA / UBL).read_bytes().replace(b"ESB58378431", b"NL809163160B01")
    refused = api.post(URL, files=[("files", ("f.xml", foreign, "application/xml"))])
    assert refused.status_code == 422 and refused.json()["reason"] == "buyer_mismatch"
