"""The printed invoice: read model, HTML (the PDF's template) and PDF bytes."""

from __future__ import annotations

from datetime import date

import pytest

from asiento.domain.errors import NotFound
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_documents import invoice_html, invoice_pdf, invoice_print
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork
from tests.documents.conftest import (
    STANDARD_LINES,
    insert_invoice,
    standard_input,
    thirty_percent_now_term,
)


def test_draft_prints_its_lines_taxes_totals_and_due_date(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    invoice_id = insert_invoice(uow, company, partner_id, STANDARD_LINES)
    doc = invoice_print(uow, company.id, invoice_id)
    assert (doc.kind, doc.title, doc.number) == ("Invoice", "Draft", None)
    assert [
        (ln.description, ln.quantity, ln.unit_price, ln.discount, ln.subtotal) for ln in doc.lines
    ] == [
        ("Office chair", "3", "149.00", "10 %", "€402.30"),
        ("Accounting handbook", "2", "39.50", "", "€79.00"),
        ("Consulting hour", "1.5", "95.123456", "", "€142.69"),
    ]
    assert [(t.name, t.base, t.amount) for t in doc.taxes] == [
        ("VAT 21%", "€544.99", "€114.44"),
        ("VAT 10%", "€79.00", "€7.90"),
    ]
    assert (doc.untaxed, doc.tax, doc.total) == ("€623.99", "€122.34", "€746.33")
    assert [(d.date, d.amount) for d in doc.due_dates] == [("Mar 31, 2026", "€746.33")]
    assert doc.payment_reference is None
    assert doc.filename == f"draft-{invoice_id}.pdf"


def test_html_shows_draft_title_figures_due_date_and_addresses(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    invoice_id = insert_invoice(
        uow, company, partner_id, STANDARD_LINES, invoice_address="12 Baker Street\nLondon NW1"
    )
    html = invoice_html(uow, company.id, invoice_id)
    assert '<span class="state">Draft</span>' in html
    assert '<td class="num total">€746.33</td>' in html
    assert '<td class="num untaxed">€623.99</td>' in html
    assert '<td class="num tax">€122.34</td>' in html
    assert '<tr><td>Mar 31, 2026</td><td class="num">€746.33</td></tr>' in html
    assert "<div>12 Baker Street</div><div>London NW1</div>" in html
    assert "Test Company SL" in html and "Smith and Offspring" in html


def test_proforma_is_titled_pro_forma_and_has_no_number(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    invoice_id = insert_invoice(uow, company, partner_id, STANDARD_LINES, state="proforma")
    html = invoice_html(uow, company.id, invoice_id)
    assert '<span class="state">Pro-forma</span>' in html
    assert 'class="number"' not in html
    assert invoice_print(uow, company.id, invoice_id).filename == f"proforma-{invoice_id}.pdf"


def test_payment_reference_and_markup_in_names_are_escaped(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    lines = [("<img src='http://evil.example/x.png'>", "1", "10", "0", [])]
    invoice_id = insert_invoice(uow, company, partner_id, lines, payment_reference="RF18 5390 0754")
    html = invoice_html(uow, company.id, invoice_id)
    assert "<img" not in html and "&lt;img" in html
    assert '<strong class="payment-reference">RF18 5390 0754</strong>' in html
    _, pdf = invoice_pdf(uow, company.id, invoice_id)  # printed as text, never fetched
    assert pdf.startswith(b"%PDF")


def test_pdf_bytes_and_file_name(uow: UnitOfWork, company: SeededCompany, partner_id: int) -> None:
    invoice_id = insert_invoice(uow, company, partner_id, STANDARD_LINES)
    filename, pdf = invoice_pdf(uow, company.id, invoice_id)
    assert filename == f"draft-{invoice_id}.pdf"
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000


def test_numbered_invoice_prints_its_number_as_title_and_reference(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    invoice_id = insert_invoice(
        uow, company, partner_id, STANDARD_LINES, state="posted", number="INV/2026/00007"
    )
    doc = invoice_print(uow, company.id, invoice_id)
    assert (doc.title, doc.payment_reference, doc.filename) == (
        "INV/2026/00007",
        "INV/2026/00007",
        "INV-2026-00007.pdf",
    )
    assert '<span class="number">INV/2026/00007</span>' in invoice_html(uow, company.id, invoice_id)


def test_money_follows_the_currency_and_the_locale(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    lines = [("Licence", "1", "12345.5", "0", [])]
    invoice_id = insert_invoice(uow, company, partner_id, lines, invoice_date=date(2026, 3, 1))
    doc = invoice_print(uow, company.id, invoice_id, locale="es")
    assert (doc.total, doc.invoice_date, doc.kind) == ("12.345,50\xa0€", "1 mar 2026", "Factura")
    doc = invoice_print(uow, company.id, invoice_id, locale="zh")
    assert (doc.total, doc.invoice_date, doc.kind) == ("€12,345.50", "2026年3月1日", "发票")


def test_invoice_of_another_company_is_not_found(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    invoice_id = insert_invoice(uow, company, partner_id, STANDARD_LINES)
    other = seed_company(uow, "Other SL", "EUR")
    with pytest.raises(NotFound, match=f"invoice {invoice_id} not found"):
        invoice_pdf(uow, other.id, invoice_id)
    with uow:
        assert uow.session.get_one(Invoice, invoice_id).is_sent is False


def test_posted_invoice_prints_one_due_date_per_installment_of_its_entry(
    uow: UnitOfWork, company: SeededCompany, partner_id: int
) -> None:
    term_id = thirty_percent_now_term(uow, company)
    draft = invoices.create_invoice(uow, company.id, standard_input(company, partner_id, term_id))
    posted = invoices.post_invoice(uow, company.id, draft.id)
    doc = invoice_print(uow, company.id, draft.id)
    assert (doc.title, doc.number) == (posted.number,) * 2
    assert doc.payment_reference == "RF76INV202600001"  # the structured reference of posting
    assert posted.number == "INV/2026/00001"
    assert (doc.untaxed, doc.tax, doc.total) == ("€623.99", "€122.34", "€746.33")
    assert [(d.date, d.amount) for d in doc.due_dates] == [
        ("Mar 1, 2026", "€223.90"),
        ("Apr 30, 2026", "€522.43"),
    ]
    html = invoice_html(uow, company.id, draft.id)
    assert '<span class="number">INV/2026/00001</span>' in html
    assert '<tr><td>Apr 30, 2026</td><td class="num">€522.43</td></tr>' in html
