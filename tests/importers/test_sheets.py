"""CSV and XLSX lists read as the text their cells show; written back the same."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from asiento.importers.sheets import SheetError, cell_text, read_sheet, write_csv, write_xlsx


def test_csv_with_semicolons_a_bom_and_blank_rows() -> None:
    sheet = read_sheet("\ufeffcode;name\nA1;Acme\n;\nB1;Bee;extra\n".encode())
    assert sheet.header == ["code", "name"]
    assert sheet.rows == [(2, {"code": "A1", "name": "Acme"}), (4, {"code": "B1", "name": "Bee"})]


def test_xlsx_cells_read_as_they_show() -> None:
    assert cell_text(1200.0, "0.00") == "1200.00"
    assert cell_text(12.5, "#,##0.00;-#,##0.00") == "12.50"
    assert cell_text(0.1 + 0.2, "General") == "0.30000000000000004"  # refused later, not rounded
    assert cell_text(42, "General") == "42"
    assert cell_text(datetime(2026, 1, 31), "yyyy-mm-dd") == "2026-01-31"
    assert cell_text(True) == "true"


def test_an_xlsx_written_reads_back_unchanged() -> None:
    """Text arrives guarded (``'=X``, see ``reports.export.spreadsheet_safe``) and stays text."""
    rows = [
        ["A1", Decimal("1200.00"), date(2026, 1, 31), True, None],
        ["'=X", Decimal("0.125"), None, False, "text"],
    ]
    content = write_xlsx("partners", ["code", "amount", "day", "flag", "note"], rows)
    sheet = read_sheet(content, "list.xlsx")
    assert [r for _, r in sheet.rows] == [
        {"code": "A1", "amount": "1200.00", "day": "2026-01-31", "flag": "true", "note": ""},
        {"code": "'=X", "amount": "0.125", "day": "", "flag": "false", "note": "text"},
    ]
    csv = write_csv(["code", "amount"], [["A1", Decimal("1200.00")]])
    assert csv == b"code,amount\nA1,1200.00\n"


def test_a_workbook_typed_by_hand() -> None:
    book = Workbook()
    book.active.append(["code", "price"])
    book.active.append([7, 19.99])
    out = io.BytesIO()
    book.save(out)
    assert read_sheet(out.getvalue()).rows == [(2, {"code": "7", "price": "19.99"})]
    assert load_workbook(io.BytesIO(out.getvalue())).active is not None


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04not a zip", b"\xff\xfe\x00"])
def test_what_is_not_a_sheet_is_refused(content: bytes) -> None:
    with pytest.raises(SheetError):
        read_sheet(content)
