"""``asiento report ...`` on the fixed dataset: tables, CSV, files, one-line errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.conftest import Invoke, cli  # noqa: F401 - fixture
from tests.reports.conftest import Dataset


def test_trial_balance_table_right_aligns_amounts(cli: Invoke, dataset: Dataset) -> None:  # noqa: F811
    result = cli("report", "trial-balance", "--as-of", "2026-03-31")
    assert result.exit_code == 0, result.output
    assert "Trial balance — Test Company SL — 2026-01-01 to 2026-03-31 — EUR" in result.output
    bank = next(line for line in result.output.splitlines() if "│ 1000 " in line)
    cells = bank.split("│")[3:7]
    assert [c.strip() for c in cells] == ["10000.00", "1510.00", "800.00", "10710.00"]
    assert all(c.endswith("0 ") and c.startswith(" ") for c in cells)  # right-aligned


def test_aged_receivable_csv_to_stdout(cli: Invoke, dataset: Dataset) -> None:  # noqa: F811
    result = cli("report", "aged-receivable", "--as-of", "2026-03-31", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["partner", "not due", "1-30", "31-60", "61-90", "> 90", "total"],
        ["Azure", "363.00", "0.00", "0.00", "0.00", "0.00", "363.00"],
        ["Deco", "0.00", "0.00", "305.00", "0.00", "0.00", "305.00"],
        ["Total", "363.00", "0.00", "305.00", "0.00", "0.00", "668.00"],
    ]


def test_exports_to_files(cli: Invoke, dataset: Dataset, tmp_path: Path) -> None:  # noqa: F811
    tb = tmp_path / "tb.csv"
    xlsx = tmp_path / "pl.xlsx"
    pdf = tmp_path / "bs.pdf"
    assert (
        cli(
            "report", "trial-balance", "--as-of", "2026-03-31", "-f", "csv", "-o", str(tb)
        ).exit_code
        == 0
    )
    assert (
        cli(
            "report", "profit-and-loss", "--as-of", "2026-03-31", "-f", "xlsx", "-o", str(xlsx)
        ).exit_code
        == 0
    )
    assert (
        cli(
            "report", "balance-sheet", "--as-of", "2026-03-31", "-f", "pdf", "-o", str(pdf)
        ).exit_code
        == 0
    )
    rows = list(csv.reader(tb.open(encoding="utf-8")))
    assert rows[-1] == ["", "Total", "0.00", "3520.00", "3520.00", "0.00"]
    sheet = load_workbook(xlsx).active
    values = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=4)]
    assert values[-1] == (None, None, "Net profit", -200)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_journal_and_partner_ledger(cli: Invoke, dataset: Dataset) -> None:  # noqa: F811
    journal = cli("report", "journal", "--journal", "INV", "--as-of", "2026-03-31", "-f", "csv")
    assert journal.stdout.splitlines()[-1] == ",2 entries,,,,Total,968.00,968.00"
    ledger = cli(
        "report", "partner-ledger", "--as-of", "2026-03-31", "--kind", "payable", "-f", "csv"
    )
    assert [r[0] for r in csv.reader(io.StringIO(ledger.stdout))][1:] == ["Wood"] * 3


def test_errors_are_one_line(cli: Invoke, dataset: Dataset) -> None:  # noqa: F811
    missing = cli("report", "journal", "--as-of", "2026-03-31")
    assert (missing.exit_code, missing.stderr) == (
        1,
        "error: journal is required for the journal report\n",
    )
    no_file = cli("report", "tax", "--as-of", "2026-03-31", "-f", "pdf")
    assert no_file.stderr == "error: --format pdf writes a file: add -o FILE\n"
    bad_date = cli("report", "tax", "--as-of", "31/03/2026")
    assert bad_date.stderr == "error: as_of '31/03/2026' is not a date (YYYY-MM-DD)\n"
