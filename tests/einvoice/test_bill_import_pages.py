"""The bills page uploads e-invoices; the bill page shows the checks and the original file."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.einvoice.bills import DATA, bill_count, buyer, supplier
from tests.web.conftest import _secret, add_user, csrf_of, log_in  # noqa: F401 (fixture)

UBL = "ubl_invoice_two_rates.xml"


@pytest.fixture
def company(uow: UnitOfWork) -> SeededCompany:
    return buyer(uow)


@pytest.fixture
def page(engine: Engine, uow: UnitOfWork, company: SeededCompany) -> Iterator[TestClient]:
    with TestClient(create_app(engine), raise_server_exceptions=False) as c:
        yield log_in(c, add_user(uow, company.id, "admin"))


def upload(client: TestClient, *names: str, **fields: str) -> httpx.Response:
    token = csrf_of(client.get("/bills").text)
    response: httpx.Response = client.post(
        "/bills/import",
        data={"csrf_token": token, **fields},
        files=[("files", (n, (DATA / n).read_bytes(), "application/xml")) for n in names],
    )
    return response


def test_the_bills_page_offers_the_upload(page: TestClient) -> None:
    html = page.get("/bills").text
    assert 'id="einvoice-upload"' in html and 'name="files" multiple' in html


def test_an_upload_shows_each_files_outcome_and_the_bill_shows_its_file(
    page: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    supplier(uow, company, "Deco Addict", "BE0477472701")
    supplier(uow, company, "Wood Corner", "DE136695976")
    response = upload(page, UBL, "cii_credit_note_exempt.xml", "malformed.xml")
    assert response.status_code == 201
    html = response.text
    assert html.count('class="import-bill"') == 2
    assert "malformed.xml: not well-formed XML" in html
    assert "BT-117" in html and "VAT S 19%" in html  # the credit note's unmatched tax
    bill = page.get("/bills/1")
    assert 'id="einvoice-file"' in bill.text and "DE89370400440532013000" in bill.text
    assert "The totals agree with the document to the cent." in bill.text
    original = page.get("/bills/1/einvoice")
    assert original.content == (DATA / UBL).read_bytes()


def test_an_unknown_supplier_is_offered_a_button_that_creates_it_and_imports(
    page: TestClient, uow: UnitOfWork
) -> None:
    refused = upload(page, UBL)
    assert refused.status_code == 422 and bill_count(uow) == 0
    assert 'action="/bills/import/create-supplier"' in refused.text
    content = refused.text.split('name="content" value="')[1].split('"')[0]
    token = csrf_of(refused.text)
    made = page.post(
        "/bills/import/create-supplier",
        data={"csrf_token": token, "file_name": UBL, "content": content},
    )
    assert made.status_code == 201 and 'class="import-bill"' in made.text
    assert bill_count(uow) == 1


def test_another_company_cannot_download_the_file(
    page: TestClient, engine: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    supplier(uow, company, "Wood Corner", "DE136695976")
    upload(page, UBL)
    other = buyer(uow, "Other SL")
    with TestClient(create_app(engine), raise_server_exceptions=False) as c:
        them = log_in(c, add_user(uow, other.id, "admin", "admin@other.test"))
        assert them.get("/bills/1/einvoice").status_code == 404
        assert "einvoice-file" not in them.get("/bills/1").text
