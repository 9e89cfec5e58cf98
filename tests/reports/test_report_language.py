"""Report PDFs in the reader's language: translated titles, headings, labels; grouped amounts."""

from __future__ import annotations

from decimal import Decimal

from asiento.documents.report_wording import amount_text, translate
from asiento.reports.export import ReportTable, to_pdf
from tests.documents.identity_builders import pdf_text

D = Decimal


def test_labels_are_translated_and_company_data_is_not() -> None:
    assert translate("Balance sheet", "es") == "Balance de situación"
    assert translate("Total assets", "es") == "Total activo"
    assert translate("Total assets", "zh") == "合计资产"
    assert translate("Office chairs", "es") == "Office chairs"
    assert translate("Balance sheet", "en") == "Balance sheet"
    assert (amount_text(D("12290.08"), "es"), amount_text(D("-1234.5"), "zh")) == (
        "12.290,08",
        "-1,234.50",
    )


def test_a_balance_sheet_pdf_in_spanish_and_chinese() -> None:
    table = ReportTable(
        "Balance sheet",
        "Test Company — as of 2026-12-31 — EUR",
        ("section", "code", "account", "amount"),
        [
            ("assets", "1000", "Bank", D("48781.60")),
            ("assets", "", "Total assets", D("48781.60")),
            ("liabilities and equity", "", "Liabilities and equity", D("48781.60")),
        ],
    )
    spanish = "".join(pdf_text(to_pdf(table, "es")).split())
    for expected in ("Balancedesituación", "SecciónCódigoCuentaImporte", "Activo1000Bank48.781,60", "48.781,60",
                     "Totalactivo"):  # fmt: skip
        assert expected in spanish, expected
    chinese = "".join(pdf_text(to_pdf(table, "zh")).split())
    for expected in ("资产负债表", "类别代码科目金额", "合计资产48,781.60", "负债和所有者权益"):
        assert expected in chinese, expected
