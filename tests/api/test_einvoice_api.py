"""GET /invoices/{id}/einvoice: the file, 409 for a draft, 422 naming every missing term."""

from __future__ import annotations

from fastapi.testclient import TestClient

from asiento.domain.commands.partners import PartnerChanges
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import invoices
from asiento.services.reference import partners
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import invoice_input, line
from tests.einvoice.scenario import german_buyer, ready_company, several_rates


def test_the_einvoice_of_a_posted_invoice_in_each_format(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    ready_company(uow, company)
    invoice = several_rates(uow, company, german_buyer(uow, company))
    stem = (invoice.number or "").replace("/", "-")
    xml = api.get(f"/api/v1/invoices/{invoice.id}/einvoice", params={"format": "xrechnung-ubl"})
    assert xml.status_code == 200, xml.text
    assert xml.headers["content-type"].startswith("application/xml")
    assert xml.headers["content-disposition"] == f'attachment; filename="{stem}.xml"'
    assert b'<cbc:PayableAmount currencyID="EUR">1448.10</cbc:PayableAmount>' in xml.content
    pdf = api.get(f"/api/v1/invoices/{invoice.id}/einvoice", params={"profile": "basic"})
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_a_draft_has_no_einvoice_409(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    ready_company(uow, company)
    buyer = german_buyer(uow, company)
    draft = invoices.create_invoice(
        uow, company.id, invoice_input(buyer, line("10", "1", company.taxes["VAT 21% sale"]))
    )
    response = api.get(f"/api/v1/invoices/{draft.id}/einvoice", params={"format": "ubl"})
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "draft" in response.json()["detail"]


def test_missing_identity_is_a_422_naming_every_business_term(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    ready_company(uow, company)
    buyer = german_buyer(uow, company)
    partners.update_partner(uow, company.id, buyer, PartnerChanges(electronic_address=None, electronic_address_scheme=None, buyer_reference=None, city=None))  # fmt: skip
    invoice = several_rates(uow, company, buyer)
    response = api.get(
        f"/api/v1/invoices/{invoice.id}/einvoice", params={"format": "xrechnung-cii"}
    )
    assert response.status_code == 422
    body = response.json()
    assert sorted(e["field"] for e in body["errors"]) == ["BT-10", "BT-49", "BT-49-1", "BT-52"]
    assert body["detail"] == "the xrechnung-cii e-invoice needs BT-49, BT-49-1, BT-10, BT-52"


def test_an_unknown_format_or_another_companys_invoice_is_refused(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    ready_company(uow, company)
    invoice = several_rates(uow, company, german_buyer(uow, company))
    bad = api.get(f"/api/v1/invoices/{invoice.id}/einvoice", params={"format": "pdf"})
    assert bad.status_code == 422
    assert api.get("/api/v1/invoices/424242/einvoice").status_code == 404


def test_another_companys_invoice_is_not_found(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = ready_company(uow, seed_company(uow, "Other GmbH", "EUR"))
    theirs = several_rates(uow, other, german_buyer(uow, other))
    response = api.get(f"/api/v1/invoices/{theirs.id}/einvoice", params={"format": "ubl"})
    assert response.status_code == 404
    assert response.json()["detail"] == f"invoice {theirs.id} not found"


def test_the_einvoice_fields_are_set_over_the_api(api: TestClient, company: SeededCompany) -> None:
    tax = api.patch(
        f"/api/v1/taxes/{company.taxes['VAT 21% sale']}",
        json={"vat_category": "E", "exemption_reason_code": "vatex-eu-132"},
    )
    assert tax.status_code == 200, tax.text
    assert (tax.json()["vat_category"], tax.json()["exemption_reason_code"]) == (
        "E",
        "VATEX-EU-132",
    )
    assert (
        api.patch(
            f"/api/v1/taxes/{company.taxes['VAT 21% sale']}", json={"vat_category": "X"}
        ).status_code
        == 422
    )
    product = api.post("/api/v1/products", json={"code": "H", "name": "Hour", "unit_code": "HUR"})
    assert product.status_code in (200, 201), product.text
    assert product.json()["unit_code"] == "HUR"
    partner = api.post(
        "/api/v1/partners",
        json={"name": "Amt", "electronic_address": "991-1", "electronic_address_scheme": "0204",
              "buyer_reference": "991-1", "einvoice_format": "xrechnung-cii"},
    )  # fmt: skip
    assert partner.status_code in (200, 201), partner.text
    assert partner.json()["einvoice_format"] == "xrechnung-cii"
    bad = api.patch(
        f"/api/v1/partners/{partner.json()['id']}", json={"electronic_address_scheme": "12"}
    )
    assert (
        bad.status_code == 422 and bad.json()["errors"][0]["field"] == "electronic_address_scheme"
    )
    me = api.patch(f"/api/v1/companies/{company.id}", json={"einvoice_format": "ubl"})
    assert me.status_code == 200, me.text
    assert me.json()["einvoice_format"] == "ubl"
