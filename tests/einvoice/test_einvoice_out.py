"""Every e-invoice asiento writes is valid: official XSD plus the EN 16931, Peppol and XRechnung
Schematron (fatal rules), for invoices and credit notes with several rates, exempt, reverse-charge
and intra-community lines, a discount and a foreign currency; figures equal the invoice's."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from asiento.documents.einvoice import validate_xsd
from asiento.domain.commands.bank_accounts import NewBankAccount
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.einvoice_build import build_einvoice
from asiento.services.invoicing.einvoice_files import EInvoiceFile, einvoice_file
from asiento.services.reference import bank_accounts
from asiento.services.reference.currencies import RateInput, add_rate, enable_currency
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import invoice_input, line, posted
from tests.einvoice.scenario import (
    DAY,
    credit_note_of,
    french_buyer,
    german_buyer,
    ready_company,
    several_rates,
)
from tests.einvoice.schematron import RuleSets

D = Decimal
RULES = {
    "ubl": ("en16931-ubl", "peppol-ubl"),
    "xrechnung-ubl": ("en16931-ubl", "xrechnung-ubl"),
    "xrechnung-cii": ("en16931-cii", "xrechnung-cii"),
    "facturx": ("en16931-cii",),
}
UBL_NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


def xml_of(found: EInvoiceFile) -> bytes:
    if found.media_type != "application/pdf":
        return found.content
    import facturx  # type: ignore[import-untyped]

    _name, xml = facturx.get_xml_from_pdf(io.BytesIO(found.content), check_xsd=True)
    return bytes(xml)


def assert_valid(rule_sets: RuleSets, fmt: str, found: EInvoiceFile) -> bytes:
    xml = xml_of(found)
    root = etree.fromstring(xml)
    syntax = "cii" if root.tag.endswith("CrossIndustryInvoice") else (
        "ubl-credit-note" if root.tag.endswith("CreditNote") else "ubl-invoice"
    )  # fmt: skip
    assert validate_xsd(xml, syntax) == []  # type: ignore[arg-type]
    assert rule_sets.fatal(xml, *RULES[fmt]) == []
    return xml


@pytest.fixture
def seller(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    return ready_company(uow, company)


@pytest.mark.parametrize("fmt", ["ubl", "xrechnung-ubl", "xrechnung-cii", "facturx"])
def test_an_invoice_and_its_credit_note_with_several_rates_are_valid_in_every_format(
    uow: UnitOfWork, seller: SeededCompany, rule_sets: RuleSets, fmt: str
) -> None:
    invoice = several_rates(uow, seller, german_buyer(uow, seller))
    credit = credit_note_of(uow, seller, invoice.id)
    for document in (invoice, credit):
        found = einvoice_file(uow, seller.id, document.id, fmt)
        assert found.filename == (document.number or "").replace("/", "-") + (
            ".pdf" if fmt == "facturx" else ".xml"
        )
        assert_valid(rule_sets, fmt, found)


def test_the_model_carries_the_invoice_figures_exactly(
    uow: UnitOfWork, seller: SeededCompany
) -> None:
    invoice = several_rates(uow, seller, german_buyer(uow, seller))
    with uow:
        doc = build_einvoice(uow.session, seller.id, invoice.id)
    assert [(ln.quantity, ln.net_price, ln.net_amount, ln.vat_category, ln.vat_rate) for ln in doc.lines] == [
        (D(10), D(100), D("1000.00"), "S", D(21)),
        (D(4), D(45), D("171.00"), "S", D(10)),
        (D(1), D(50), D("50.00"), "E", D(0)),
    ]  # fmt: skip
    discount = doc.lines[1].allowances_charges[0]
    assert (discount.base_amount, discount.percent, discount.amount) == (
        D("180.00"),
        D(5),
        D("9.00"),
    )
    assert [(r.category, r.rate, r.taxable_amount, r.tax_amount) for r in doc.vat_breakdown] == [
        ("S", D(21), D("1000.00"), D("210.00")),
        ("S", D(10), D("171.00"), D("17.10")),
        ("E", D(0), D("50.00"), D("0.00")),
    ]
    assert doc.vat_breakdown[2].exemption_reason_code == "VATEX-EU-132"
    t = doc.totals
    assert (t.line_total, t.tax_total, t.tax_inclusive, t.payable) == (
        D("1221.00"), D("227.10"), D("1448.10"), D("1448.10"),
    )  # fmt: skip
    assert (D(invoice.amount_total), doc.due_date) == (D("1448.10"), invoice.due_date)
    assert doc.payment is not None and doc.payment.means_code == "58"
    assert doc.payment.iban == "DE89370400440532013000"
    assert doc.payment.remittance_information == invoice.structured_reference
    assert doc.buyer_reference == "991-12345-67"


def test_a_credit_note_names_the_invoice_it_corrects(
    uow: UnitOfWork, seller: SeededCompany, rule_sets: RuleSets
) -> None:
    invoice = several_rates(uow, seller, german_buyer(uow, seller))
    credit = credit_note_of(uow, seller, invoice.id)
    xml = assert_valid(rule_sets, "ubl", einvoice_file(uow, seller.id, credit.id, "ubl"))
    root = etree.fromstring(xml)
    assert root.findtext(".//cbc:CreditNoteTypeCode", namespaces=UBL_NS) == "381"
    ref = root.find(".//{*}BillingReference/{*}InvoiceDocumentReference")
    assert ref is not None and ref.findtext("cbc:ID", namespaces=UBL_NS) == invoice.number
    assert (
        root.findtext(".//{*}LegalMonetaryTotal/cbc:PayableAmount", namespaces=UBL_NS) == "1448.10"
    )


@pytest.mark.parametrize("fmt", ["ubl", "xrechnung-cii", "facturx"])
def test_reverse_charge_and_intra_community_lines_are_valid(
    uow: UnitOfWork, seller: SeededCompany, rule_sets: RuleSets, fmt: str
) -> None:
    t = seller.taxes
    invoice = posted(uow, seller, invoice_input(
        french_buyer(uow, seller),
        line("1200", "1", t["Reverse charge"], description="Installation works"),
        line("80", "5", t["Intra-EU"], description="Spare parts"),
        invoice_date=DAY,
    ))  # fmt: skip
    with uow:
        doc = build_einvoice(uow.session, seller.id, invoice.id)
    assert [(r.category, r.taxable_amount, r.tax_amount, r.exemption_reason_code) for r in doc.vat_breakdown] == [
        ("AE", D("1200.00"), D("0.00"), "VATEX-EU-AE"),
        ("K", D("400.00"), D("0.00"), "VATEX-EU-IC"),
    ]  # fmt: skip
    assert doc.delivery_address == doc.buyer.address and doc.delivery_date == DAY
    assert_valid(rule_sets, fmt, einvoice_file(uow, seller.id, invoice.id, fmt))


def test_a_foreign_currency_invoice_states_the_vat_in_the_company_currency(
    uow: UnitOfWork, seller: SeededCompany, rule_sets: RuleSets
) -> None:
    enable_currency(uow, seller.id, "USD")
    add_rate(uow, seller.id, RateInput("USD", date(2026, 3, 1), D("0.9")))
    bank_accounts.create_bank_account(
        uow,
        seller.id,
        NewBankAccount(iban="DE02120300000000202051", currency="USD", is_default=True),
    )
    buyer = german_buyer(uow, seller)
    invoice = posted(uow, seller, invoice_input(
        buyer, line("333.33", "3", seller.taxes["VAT 21% sale"]), currency="USD", invoice_date=DAY,
    ))  # fmt: skip
    xml = assert_valid(rule_sets, "ubl", einvoice_file(uow, seller.id, invoice.id, "ubl"))
    root = etree.fromstring(xml)
    assert root.findtext("cbc:DocumentCurrencyCode", namespaces=UBL_NS) == "USD"
    assert root.findtext("cbc:TaxCurrencyCode", namespaces=UBL_NS) == "EUR"
    amounts = [
        (e.get("currencyID"), e.text) for e in root.findall("{*}TaxTotal/cbc:TaxAmount", UBL_NS)
    ]
    assert amounts == [("USD", "210.00"), ("EUR", "189.00")]
    for fmt in ("facturx", "xrechnung-cii"):
        assert_valid(rule_sets, fmt, einvoice_file(uow, seller.id, invoice.id, fmt))


@pytest.mark.parametrize("profile", ["basic", "xrechnung"])
def test_factur_x_profiles_basic_and_xrechnung(
    uow: UnitOfWork, seller: SeededCompany, rule_sets: RuleSets, profile: str
) -> None:
    invoice = several_rates(uow, seller, german_buyer(uow, seller))
    found = einvoice_file(uow, seller.id, invoice.id, "facturx", profile)
    xml = assert_valid(rule_sets, "facturx", found)
    if profile == "xrechnung":
        assert rule_sets.fatal(xml, "xrechnung-cii") == []
    assert b"urn:factur-x.eu:1p0:basic" in xml if profile == "basic" else b"xrechnung_3.0" in xml
