"""The readers keep the document's figures as written and refuse bad files precisely."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import pytest
from pypdf import PdfWriter

from asiento.domain.einvoice.bill_lines import BillLineFigures, bill_line_figures
from asiento.domain.einvoice.consistency import check_document
from asiento.domain.einvoice.model import AllowanceCharge, InvoiceLine
from asiento.domain.einvoice.refusals import EInvoiceRefused
from asiento.importers.einvoice import read_einvoice
from tests.einvoice.bills import DATA

D = Decimal


def read(name: str):  # type: ignore[no-untyped-def]
    return read_einvoice((DATA / name).read_bytes(), name)


def refusal(content: bytes, name: str = "f.xml") -> EInvoiceRefused:
    with pytest.raises(EInvoiceRefused) as caught:
        read_einvoice(content, name)
    return caught.value


def test_a_ubl_invoice_is_read_with_every_figure_as_written() -> None:
    result = read("ubl_invoice_two_rates.xml")
    doc = result.document
    assert (result.syntax, result.media_type, doc.kind, doc.number) == (
        "ubl",
        "application/xml",
        "invoice",
        "WC-2026-0042",
    )
    assert (doc.seller.name, doc.seller.vat_id, doc.buyer.vat_id) == (
        "Wood Corner GmbH",
        "DE 136 695 976",
        "ESB58378431",
    )
    first, second = doc.lines
    assert (first.quantity, first.net_price, first.net_amount, first.vat_rate) == (
        D("10"),
        D("12.50"),
        D("120.00"),
        D("21"),
    )
    assert first.allowances_charges == (AllowanceCharge(False, D("5.00"), reason="Loyalty"),)
    assert (second.unit_code, second.vat_category) == ("HUR", "S")
    assert doc.allowances_charges[0].is_charge and doc.allowances_charges[0].amount == D("10.00")
    assert [(b.rate, b.taxable_amount, b.tax_amount) for b in doc.vat_breakdown] == [
        (D("21"), D("130.00"), D("27.30")),
        (D("10"), D("80.00"), D("8.00")),
    ]
    t = doc.totals
    assert (t.line_total, t.tax_exclusive, t.tax_total, t.tax_inclusive, t.payable) == (
        D("200.00"),
        D("210.00"),
        D("35.30"),
        D("245.30"),
        D("245.30"),
    )
    assert doc.payment is not None and doc.payment.iban == "DE89370400440532013000"
    assert (doc.order_reference, str(doc.due_date)) == ("P00001", "2026-12-20")
    assert check_document(doc) == []


def test_a_cii_credit_note_keeps_positive_amounts_and_its_preceding_invoice() -> None:
    doc = read("cii_credit_note_exempt.xml").document
    assert (doc.kind, doc.type_code, doc.totals.payable) == ("credit_note", "381", D("159.50"))
    assert [p.number for p in doc.preceding_invoices] == ["INV-70"]
    assert doc.vat_breakdown[0].exemption_reason == "Exempt education service"


def test_a_document_that_does_not_add_up_lists_every_difference_with_its_term() -> None:
    doc = read("ubl_invoice_two_rates.xml").document
    wrong = replace(doc, totals=replace(doc.totals, tax_total=D("35.31"), payable=D("245.00")))
    assert [(d.term, d.stated, d.computed) for d in check_document(wrong)] == [
        ("BT-110", D("35.31"), D("35.30")),
        ("BT-112", D("245.30"), D("245.31")),
        ("BT-115", D("245.00"), D("245.30")),
    ]


def test_a_line_with_an_allowance_becomes_its_price_and_a_discount() -> None:
    line = InvoiceLine(
        "1",
        "x",
        D("10"),
        "C62",
        D("12.50"),
        D("120.00"),
        "S",
        D("21"),
        allowances_charges=(AllowanceCharge(False, D("5.00")),),
    )
    assert bill_line_figures(line) == BillLineFigures(D("10"), D("12.5"), D("4"))


def test_a_line_whose_parts_miss_its_amount_keeps_the_amount() -> None:
    returned = InvoiceLine("20", "x", D("6"), "C62", D("18.33"), D("-109.98"), "S", D("6"))
    assert bill_line_figures(returned) == BillLineFigures(D("6"), D("-18.33"))


@pytest.mark.parametrize(
    ("name", "reason", "where"),
    [
        ("malformed.xml", "malformed", "line 2"),
        ("xxe_attempt.xml", "malformed", "line 1"),
        ("ubl_order_not_invoice.xml", "not_an_invoice", "Order"),
        ("ubl_schema_error.xml", "schema_error", "/*/cbc:IssueDate"),
    ],
)
def test_bad_files_are_refused_with_reason_place_and_file_name(
    name: str, reason: str, where: str
) -> None:
    found = refusal((DATA / name).read_bytes(), name)
    assert (found.reason, found.location, found.file_name) == (reason, where, name)
    assert found.message.startswith(f"{name}: ")


def test_an_xxe_attempt_never_reads_the_entity() -> None:
    found = refusal((DATA / "xxe_attempt.xml").read_bytes())
    assert "DOCTYPE" in found.message and "root" not in found.message


def test_a_pdf_without_an_embedded_invoice_is_not_an_invoice() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(buffer.getvalue(), "scan.pdf").reason == "not_an_invoice"
    assert refusal(b"%PDF-1.4 broken", "broken.pdf").reason == "malformed"


def test_empty_files_zugferd_1_and_lineless_profiles_are_refused() -> None:
    assert refusal(b"  ").reason == "malformed"
    old = b'<CrossIndustryDocument xmlns="urn:ferd:CrossIndustryDocument:invoice:1p0"/>'
    assert refusal(old).reason == "unsupported_syntax"
    minimum = (
        (DATA / "cii_credit_note_exempt.xml")
        .read_bytes()
        .replace(b"urn:cen.eu:en16931:2017", b"urn:factur-x.eu:1p0:minimum")
    )
    assert refusal(minimum).reason == "unsupported_content"
