"""Invoices in the customer's language: the acceptance scenario of issue 19.

An invoice to a Spanish and one to a Chinese customer, each with two tax rates
and two installments: the PDF's extracted text shows both identities, VAT
numbers, the bank account, the RF reference, installments and totals in the
customer's language and locale; Chinese renders with real glyphs (extractable).
"""

from __future__ import annotations

from asiento.domain.commands.taxes import TaxChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.invoice_documents import invoice_pdf, invoice_print
from asiento.services.invoicing.payment_reference import compact_reference
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork
from tests.documents.identity_builders import font_names, pdf_text, post_invoice, seller


def squeeze(text: str) -> str:
    """Extracted text without whitespace (PDF extraction breaks lines where it likes)."""
    return "".join(text.split())


def test_spanish_customer_gets_a_spanish_invoice(uow: UnitOfWork, company: SeededCompany) -> None:
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    with uow:
        ref = uow.session.get_one(Invoice, invoice_id).structured_reference
    assert ref == "RF76INV202600001"
    doc = invoice_print(uow, company.id, invoice_id)
    assert (doc.lang, doc.kind, doc.invoice_date) == ("es", "Factura", "2 mar 2026")
    assert (doc.untaxed, doc.tax, doc.total) == (
        "10.193,00\xa0€",
        "2.097,08\xa0€",
        "12.290,08\xa0€",
    )
    assert [(d.date, d.amount) for d in doc.due_dates] == [
        ("1 abr 2026", "6.145,04\xa0€"),
        ("1 may 2026", "6.145,04\xa0€"),
    ]
    assert doc.due_dates[0].early == "Pague 6.022,14\xa0€ si paga antes del 12 mar 2026"
    assert doc.payment_term == (
        "50 % a 30 días, resto a 60 días, 2 % de descuento si paga en 10 días"
    )
    text = squeeze(pdf_text(invoice_pdf(uow, company.id, invoice_id)[1]))
    for expected in (
        "TestCompanyS.L.", "CalleMayor1", "28013Madrid", "España", "NIF-IVA:ESB12345674",
        "AzureInteriorS.A.", "08017Barcelona", "NIF-IVA:ESB58378431",
        "FacturaINV/2026/00001", "Fechadefactura", "IVA21%", "IVA10%", "Baseimponible",
        "Total12.290,08€", "Vencimientos", "1abr2026", "1may2026",
        "Transferenciabancariaa:DE89370400440532013000", "BICCOBADEFFXXX",
        "Referenciadepago:RF76INV202600001",
    ):  # fmt: skip
        assert expected in text, expected
    assert compact_reference("RF76 INV2 0260 0001") == ref


def test_chinese_customer_gets_a_chinese_invoice_with_real_glyphs(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.chinese)
    doc = invoice_print(uow, company.id, invoice_id)
    assert (doc.lang, doc.kind, doc.invoice_date, doc.total) == (
        "zh", "发票", "2026年3月2日", "€12,290.08",
    )  # fmt: skip
    assert doc.partner.address == ("浦东新区世纪大道100号", "200120 上海", "中国")
    pdf = invoice_pdf(uow, company.id, invoice_id)[1]
    # real glyphs: the CJK font is embedded, not a fallback box
    assert any(name.startswith("Noto-Sans-CJK") for name in font_names(pdf)), font_names(pdf)
    text = squeeze(pdf_text(pdf))
    for expected in (
        "上海明辉贸易有限公司", "浦东新区世纪大道100号", "税号:91110108551385082Q",
        "TestCompanyS.L.", "西班牙", "税号:ESB12345674",
        "发票INV/2026/00001", "发票日期", "增值税21%", "增值税10%", "合计€12,290.08",
        "付款期限", "2026年4月1日", "2026年5月1日", "€6,145.04",
        "银行转账至:DE89370400440532013000", "付款参考号:RF76INV202600001",
        "50%30天内", "余额60天内",
    ):  # fmt: skip
        assert expected in text, expected


def test_english_is_the_default_and_a_language_can_be_asked_for(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    doc = invoice_print(uow, company.id, invoice_id, locale="en")
    assert (doc.kind, doc.total, doc.taxes[0].name) == ("Invoice", "€12,290.08", "VAT 21%")


def test_each_tax_prints_its_legal_mention_in_the_customers_language(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    from asiento.services.reference import chart

    scenario = seller(uow, company)
    chart.update_tax(uow, company.id, company.taxes["VAT 10% sale"], TaxChanges(legal_mention="reverse_charge", exemption_reason="art. 84 LIVA"))  # fmt: skip
    chart.update_tax(
        uow, company.id, company.taxes["VAT 21% sale"], TaxChanges(legal_mention="intra_community")
    )
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    assert invoice_print(uow, company.id, invoice_id).legal_mentions == (
        "Entrega intracomunitaria exenta de IVA",
        "Inversión del sujeto pasivo: el IVA lo liquida el cliente (art. 84 LIVA)",
    )
    assert invoice_print(uow, company.id, invoice_id, locale="zh").legal_mentions == (
        "欧盟内部供货，免征增值税",
        "反向征收：增值税由客户申报缴纳 (art. 84 LIVA)",
    )
    text = squeeze(pdf_text(invoice_pdf(uow, company.id, invoice_id)[1]))
    assert "EntregaintracomunitariaexentadeIVA" in text
    assert "Inversióndelsujetopasivo" in text
