"""Lists as CSV or XLSX sheets: a header row, then one record per row, all cells text.

Reading turns every cell into the text a person sees, so one set of rules
(``domain.book_imports``) reads both formats: an XLSX number becomes its
shortest exact decimal (``1234.5``, the double the spreadsheet holds, never
re-rounded: ``0.30000000000000004`` stays that and an amount check refuses
it), an integer stays an integer, a date becomes ``2026-01-31``, a boolean
``true``/``false``. Blank rows are skipped; rows keep their spreadsheet
number (the header is row 1).

Writing takes text, ``Decimal``, ``date`` and ``bool`` cells. The caller has
already guarded text against formulas; XLSX numbers are written as numbers
when a double holds them exactly (15 significant digits), else as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

FORMATS: tuple[str, ...] = ("csv", "xlsx")
_XLSX_MAGIC = b"PK\x03\x04"
Cell = str | Decimal | date | bool | None


class SheetError(ValueError):
    """The file is not a readable CSV or XLSX sheet; the message says why."""


@dataclass(frozen=True, slots=True)
class Sheet:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    """(row number, {column: text}) for each non-blank row after the header."""


def detect_format(content: bytes, filename: str | None) -> str:
    """``xlsx`` for a zip container or an .xlsx name, else ``csv``."""
    if content.startswith(_XLSX_MAGIC) or (filename or "").lower().endswith(".xlsx"):
        return "xlsx"
    return "csv"


def read_sheet(content: bytes, filename: str | None = None) -> Sheet:
    """The header and the records of a CSV (UTF-8, ``,`` or ``;``) or XLSX (first sheet) file."""
    if detect_format(content, filename) == "xlsx":
        return _records(_xlsx_rows(content))
    return _records(_csv_rows(content))


def _csv_rows(content: bytes) -> Iterable[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SheetError(f"the file is not UTF-8 text (byte {exc.start})") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(content: bytes) -> Iterable[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors alike
        raise SheetError(
            f"the file is not a readable XLSX workbook ({type(exc).__name__})"
        ) from None
    sheet = book.worksheets[0]
    rows = [
        [cell_text(c.value, getattr(c, "number_format", "General")) for c in row]
        for row in sheet.iter_rows()
    ]
    book.close()
    return rows


def cell_text(value: Any, number_format: str = "General") -> str:
    """The text an XLSX cell shows (see the module docstring).

    A number formatted with decimals (``0.00``) gets the trailing zeros it
    shows, never fewer digits than it holds: ``1200`` shown as ``1200.00``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | int):
        text = repr(float(value)) if isinstance(value, float) else str(value)
        text = text[:-2] if text.endswith(".0") else text
        return _pad(text, _shown_decimals(number_format)) if "e" not in text else text
    return str(value)


def _shown_decimals(number_format: str) -> int:
    """Decimals a format like ``#,##0.00`` shows (its first section)."""
    found = re.search(r"0\.(0+)", number_format.split(";")[0])
    return len(found.group(1)) if found else 0


def _pad(text: str, decimals: int) -> str:
    whole, _, fraction = text.partition(".")
    if len(fraction) >= decimals:
        return text
    return f"{whole}.{fraction.ljust(decimals, '0')}"


def _records(rows: Iterable[list[str]]) -> Sheet:
    header: list[str] | None = None
    records: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(rows, start=1):
        if header is None:
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            continue
        if not any(c.strip() for c in cells):
            continue
        record = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
        }
        records.append((number, record))
    if not header:
        raise SheetError("the file is empty: the first row names the columns")
    return Sheet(header, records)


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def write_xlsx(title: str, columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=datetime.combine(value, time(0)))
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            elif isinstance(value, Decimal) and len(value.as_tuple().digits) <= 15:
                cell = WriteOnlyCell(sheet, value=float(value))
                places = max(0, -int(value.as_tuple().exponent))
                cell.number_format = "0." + "0" * places if places else "0"
                cells.append(cell)
            else:
                cells.append(_xlsx_value(value))
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _xlsx_value(value: Cell) -> Any:
    if isinstance(value, Decimal):
        exact = len(value.as_tuple().digits) <= 15
        return float(value) if exact else str(value)
    if isinstance(value, bool):
        return _text(value)
    return value
