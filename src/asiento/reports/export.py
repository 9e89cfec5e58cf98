"""Report exports: CSV, XLSX and PDF from one ``ReportTable`` shape.

Why one shape: every report is turned into a title, columns and rows once
(``reports.tabular``), and each format only encodes it. CSV and XLSX stream the
rows (openpyxl ``write_only`` workbooks keep no cell objects in memory), so a
general ledger of a million items exports with flat memory. PDF renders
``templates/report.html`` through ``documents.pdf.render_pdf``.

Invariants: amounts are written as exact decimal text in CSV, as numbers with
two-decimal formatting in XLSX, and in the PDF with the reader's locale grouping
(``12.290,08``); no format changes a figure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

EXPORT_FORMATS = ("csv", "xlsx", "pdf")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True, slots=True)
class ReportTable:
    """A report ready to print: ``rows`` may be a one-shot iterator (streamed)."""

    title: str
    subtitle: str
    columns: tuple[str, ...]
    rows: Iterable[tuple[Any, ...]]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would run it as a formula.

    Why: bank-supplied text (a counterparty name, a ``:86:``) is written into
    CSV and XLSX exports; ``=HYPERLINK(...)`` or ``@SUM(...)`` there is CSV
    injection (OWASP). Numbers are written as numbers, never through here.
    """
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return str(value)


def iter_csv(table: ReportTable) -> Iterator[str]:
    """CSV text in chunks of rows: a header line, then the rows as they come."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for n, row in enumerate(table.rows, start=1):
        writer.writerow([text(v) for v in row])
        if n % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def to_csv(table: ReportTable) -> str:
    return "".join(iter_csv(table))


def to_xlsx(table: ReportTable) -> bytes:
    """An XLSX workbook written in ``write_only`` mode (rows are not kept in memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.title[:31])
    sheet.append([table.title])
    sheet.append([table.subtitle])
    sheet.append(list(table.columns))
    for row in table.rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, Decimal):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "#,##0.00;-#,##0.00"
                cells.append(cell)
            elif isinstance(value, str):
                cells.append(spreadsheet_safe(value))
            else:
                cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(table: ReportTable, lang: str = "en") -> bytes:
    """A printable A4 PDF of the table in ``lang`` (rows are materialised: PDF cannot stream).

    Titles, headings and the engine's row labels are translated, amounts
    grouped in the locale (``documents.report_wording``); a row whose label
    starts with "Total" (or is a result) is printed bold.
    """
    from asiento.documents.pdf import render_pdf
    from asiento.documents.report_wording import amount_text, translate
    from asiento.documents.wording import HTML_LANG, words

    rows_list = list(table.rows)
    raw = [[text(v) for v in row] for row in rows_list]
    numeric = _numeric_columns(table.columns, raw)
    rows = [
        [amount_text(v, lang) if isinstance(v, Decimal) else translate(text(v), lang) for v in row]
        for row in rows_list
    ]
    totals = [any(str(v).casefold().startswith("total") for v in row) for row in rows_list]
    return render_pdf(
        "report.html",
        {
            "title": translate(table.title, lang),
            "subtitle": table.subtitle,
            "columns": [translate(c, lang) for c in table.columns],
            "rows": rows,
            "numeric": numeric,
            "totals": totals,
            "t": words(lang),
            "lang": lang,
            "html_lang": HTML_LANG.get(lang, "en"),
        },
    )


def _numeric_columns(columns: tuple[str, ...], rows: list[list[str]]) -> list[bool]:
    def is_amount(cell: str) -> bool:
        return bool(cell) and cell.lstrip("-").replace(".", "", 1).isdigit()

    return [any(is_amount(r[i]) for r in rows) for i in range(len(columns))]


def encode(table: ReportTable, fmt: str, lang: str = "en") -> bytes:
    """The table in ``fmt`` (csv, xlsx or pdf) as bytes; ``lang`` words the PDF."""
    if fmt == "csv":
        return to_csv(table).encode()
    if fmt == "xlsx":
        return to_xlsx(table)
    return to_pdf(table, lang)
