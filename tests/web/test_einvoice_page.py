"""The invoice page offers the e-invoice download; a refusal is a message on the page."""

from __future__ import annotations

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.einvoice.scenario import german_buyer, ready_company, several_rates
from tests.web.conftest import WebClient


def test_the_page_downloads_the_einvoice_and_explains_a_refusal(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    ready_company(uow, company)
    invoice = several_rates(uow, company, german_buyer(uow, company, buyer_reference=None))
    client = as_user("accountant")
    page = client.get(f"/invoices/{invoice.id}")
    assert 'id="einvoice"' in page.text and 'value="xrechnung-ubl"' in page.text
    ok = client.get(f"/invoices/{invoice.id}/einvoice", params={"format": "facturx"})
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF-")
    refused = client.get(
        f"/invoices/{invoice.id}/einvoice",
        params={"format": "xrechnung-cii"},
        follow_redirects=True,
    )
    assert refused.status_code == 200
    assert "the xrechnung-cii e-invoice needs BT-10" in refused.text
