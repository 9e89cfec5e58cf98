"""``asiento import KIND FILE [--dry-run]`` and ``asiento export KIND`` (both databases)."""

from __future__ import annotations

from pathlib import Path

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.cli.conftest import Invoke

BAD = "code,name,email\nA1,Acme,ap@acme.test\nB1,Bee,not-an-email\nC1,,\n"
GOOD = "code,name,email\nA1,Acme,ap@acme.test\nB1,Bee,bee@bee.test\n"


def test_a_refused_file_is_one_line_and_exit_1_and_stores_nothing(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    bad = tmp_path / "partners.csv"
    bad.write_text(BAD)
    before = row_counts(uow)
    refused = cli("import", "partners", str(bad))
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("error: partners not imported, nothing stored: row 3, email: ")
    assert refused.stderr.rstrip().endswith("(and 1 more)")
    assert row_counts(uow) == before

    preview = cli("import", "partners", str(bad), "--dry-run", "-f", "csv")
    assert preview.exit_code == 1
    assert preview.stdout.splitlines()[0] == "row,column,problem"
    assert [line.split(",")[:2] for line in preview.stdout.splitlines()[1:]] == [
        ["3", "email"],
        ["4", "name"],
    ]
    assert row_counts(uow) == before


def test_import_then_export_in_the_same_layout(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    good = tmp_path / "partners.csv"
    good.write_text(GOOD)
    ok = cli("import", "partners", str(good), "--dry-run")
    assert (ok.exit_code, ok.stdout.strip()) == (
        0,
        "partners: 2 rows, 2 to create: the file would import",
    )
    done = cli("import", "partners", str(good))
    assert (done.exit_code, done.stdout.strip()) == (
        0,
        "partners: 2 rows imported: 2 created, 0 updated",
    )
    exported = cli("export", "partners")
    assert exported.exit_code == 0
    assert [line.split(",")[:2] for line in exported.stdout.splitlines()[1:]] == [
        ["A1", "Acme"],
        ["B1", "Bee"],
    ]
    assert cli("export", "chart", "--format", "xlsx").exit_code == 1
    written = cli("export", "chart", "--format", "xlsx", "-o", str(tmp_path / "chart.xlsx"))
    assert written.exit_code == 0
    again = cli("import", "chart", str(tmp_path / "chart.xlsx"))
    assert again.exit_code == 0, again.output
    assert "0 created" in again.stdout


def test_a_missing_file_and_an_unknown_kind(cli: Invoke, company: SeededCompany) -> None:
    missing = cli("import", "partners", "nowhere.csv")
    assert (missing.exit_code, missing.stderr.startswith("error: nowhere.csv")) == (1, True)
    assert cli("import", "invoices", "nowhere.csv").exit_code == 2
