"""The e-mail of an invoice attaches the partner's e-invoice format (else the company's)."""

from __future__ import annotations

import io

import pytest

from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.partners import PartnerChanges
from asiento.domain.errors import ValidationFailed
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.invoice_mail import einvoice_format_for
from asiento.services.invoicing.invoice_sending import send_invoice
from asiento.services.reference import company_settings, partners
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork
from tests.documents.conftest import running_smtp
from tests.einvoice.scenario import german_buyer, ready_company, several_rates


def _attachments(
    uow: UnitOfWork, company: SeededCompany, invoice_id: int
) -> list[tuple[str, str, bytes]]:
    with running_smtp() as (url, box):
        send_invoice(uow, company.id, invoice_id, url)
    parts = [p for p in box.messages[0].walk() if p.get_filename()]
    return [
        (str(p.get_filename()), p.get_content_type(), p.get_payload(decode=True)) for p in parts
    ]


@pytest.mark.parametrize(
    ("partner", "company", "state", "expected"),
    [
        (None, "none", "posted", None),
        (None, "facturx", "posted", "facturx"),
        ("ubl", "facturx", "posted", "ubl"),
        ("none", "facturx", "posted", None),
        ("ubl", "none", "proforma", None),
    ],
)
def test_the_partner_format_wins_over_the_company_default(
    partner: str | None, company: str, state: str, expected: str | None
) -> None:
    assert einvoice_format_for(partner, company, state) == expected


def test_an_xrechnung_partner_gets_the_xml_beside_the_pdf(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    ready_company(uow, company)
    invoice = several_rates(
        uow, company, german_buyer(uow, company, einvoice_format="xrechnung-ubl")
    )
    stem = (invoice.number or "").replace("/", "-")
    got = _attachments(uow, company, invoice.id)
    assert [(name, kind) for name, kind, _ in got] == [
        (f"{stem}.pdf", "application/pdf"),
        (f"{stem}.xml", "application/xml"),
    ]
    assert b"xrechnung_3.0" in got[1][2]


def test_the_company_default_factur_x_replaces_the_pdf(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    import facturx  # type: ignore[import-untyped]

    ready_company(uow, company)
    company_settings.update_company(uow, company.id, CompanyChanges(einvoice_format="facturx"))
    invoice = several_rates(uow, company, german_buyer(uow, company))
    ((name, kind, pdf),) = _attachments(uow, company, invoice.id)
    assert name == (invoice.number or "").replace("/", "-") + ".pdf"
    assert kind == "application/pdf"
    xml_name, xml = facturx.get_xml_from_pdf(io.BytesIO(pdf), check_xsd=True)
    assert xml_name == "factur-x.xml" and invoice.number.encode() in xml  # type: ignore[union-attr]


def test_missing_terms_stop_the_sending_and_nothing_is_recorded(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    ready_company(uow, company)
    buyer = german_buyer(uow, company, einvoice_format="xrechnung-cii")
    partners.update_partner(uow, company.id, buyer, PartnerChanges(buyer_reference=None))
    invoice = several_rates(uow, company, buyer)
    with running_smtp() as (url, box), pytest.raises(ValidationFailed, match="BT-10"):
        send_invoice(uow, company.id, invoice.id, url)
    assert box.messages == []
    with uow:
        assert uow.session.get_one(Invoice, invoice.id).is_sent is False
