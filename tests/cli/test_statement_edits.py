"""CLI: statement edit / edit-line / delete-line / delete; CSV shows neutralise formulas."""

from __future__ import annotations

import json
from pathlib import Path

from asiento.domain.commands.chart import JournalChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke

MT940 = (Path(__file__).resolve().parents[1] / "data" / "mt940_amounts_good.sta").read_bytes()


def test_a_draft_is_edited_from_the_cli_and_formulas_are_neutralised_in_csv(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    path = tmp_path / "formula.sta"
    path.write_bytes(MT940.replace(b":86:Good amount", b':86:=HYPERLINK("http://x")'))
    assert cli("statement", "import", str(path), "--journal", "BNK1").exit_code == 0
    (listed,) = json.loads(cli("statement", "list", "--format", "json").stdout)
    shown = cli("statement", "show", str(listed["id"]), "--format", "csv").stdout
    assert "'=HYPERLINK" in shown and ",=HYPERLINK" not in shown
    lines = json.loads(cli("statement", "show", str(listed["id"]), "--format", "json").stdout)
    first, second = (line["id"] for line in lines["lines"])
    edited = cli("statement", "edit-line", str(first), "--amount", "301.00", "--text", "paid")
    assert edited.exit_code == 0, edited.output
    assert (
        cli("statement", "edit", str(listed["id"]), "--closing-balance", "1301.00").exit_code == 0
    )
    bad = cli("statement", "edit", str(listed["id"]), "--date", "yesterday")
    assert bad.exit_code == 1 and "is not a date" in bad.output
    deleted = cli("statement", "delete-line", str(second))
    assert "1 left" in deleted.output
    result = cli("statement", "validate", str(listed["id"]))
    assert result.exit_code == 0, result.output
    assert cli("statement", "delete", str(listed["id"])).exit_code == 1
