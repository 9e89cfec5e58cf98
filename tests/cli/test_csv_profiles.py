"""CLI: asiento statement profile save / list / preview / delete."""

from __future__ import annotations

import json
from pathlib import Path

from asiento.services.demo.seed import SeededCompany
from tests.api.test_csv_profiles import CSV, DEFINITION
from tests.cli.conftest import Invoke


def test_the_cli_saves_previews_and_deletes_a_profile(
    cli: Invoke, company: SeededCompany, tmp_path: Path
) -> None:
    definition = tmp_path / "bank-de.json"
    definition.write_text(json.dumps({**DEFINITION, "name": "bank-de"}), encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_bytes(CSV)
    saved = cli("statement", "profile", "save", str(definition), "--journal", "BNK1")
    assert saved.exit_code == 0, saved.output
    assert "bank-de\tsaved" in cli("statement", "profile", "list", "--journal", "BNK1").output
    shown = cli(
        "statement", "profile", "preview", str(export), "--profile", "bank-de", "--journal", "BNK1"
    )
    assert "bank-de: 2 line(s) in 1 statement(s)" in shown.output, shown.output
    assert "-1250.00" in shown.output
    assert cli("statement", "profile", "delete", "bank-de", "--journal", "BNK1").exit_code == 0
    gone = cli("statement", "profile", "delete", "bank-de", "--journal", "BNK1")
    assert gone.exit_code == 1
