"""CLI: asiento statement import / list / show / validate / reconcile --auto."""

from __future__ import annotations

import json
from pathlib import Path

from asiento.domain.commands.chart import JournalChanges
from asiento.domain.commands.reconciliation_rules import NewRule
from asiento.services.bank.reconciliation_rules import create_rule
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke

CAMT = str(Path(__file__).resolve().parents[1] / "data" / "camt053_v02_batch_reversal.xml")


def test_import_prints_the_summary_and_a_reimport_finds_only_duplicates(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    first = cli("statement", "import", CAMT, "--journal", "BNK1")
    assert first.exit_code == 0, first.output
    assert "camt053: 9 new, 0 already imported in 1 statement(s)" in first.output
    assert "STMT-2026-03-31-001: 10000.00 + -49.90 -> 9950.10: ok" in first.output
    again = cli("statement", "import", CAMT, "--journal", "BNK1")
    assert (
        "0 new, 9 already imported (1 statement seen before, skipped) in 0 statement(s)"
        in again.output
    )
    listed = json.loads(cli("statement", "list", "--format", "json").stdout)
    assert [(s["journal"], s["line_count"], s["state"]) for s in listed] == [("BNK1", 9, "draft")]
    shown = cli("statement", "show", str(listed[0]["id"]), "--format", "csv")
    assert shown.stdout.splitlines()[1].split(",")[2] == "-1000.00"
    checked = cli("statement", "validate", str(listed[0]["id"]))
    assert checked.exit_code == 0 and "closing 9950.10; validated" in checked.output


def test_a_file_for_another_account_exits_1_with_the_reason(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="NL91ABNA0417164300")
    )
    result = cli("statement", "import", CAMT, "--journal", "BNK1")
    assert result.exit_code == 1
    assert "error: the file is for account DE89370400440532013000" in result.output


def test_reconcile_auto_dry_run_then_for_real(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    create_rule(
        uow,
        company.id,
        NewRule(name="Fees", label_contains="Abonnement", account_id=company.accounts["6200"]),
    )
    cli("statement", "import", CAMT, "--journal", "BNK1")
    dry = cli("statement", "reconcile", "--auto", "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    proposed = json.loads(dry.stdout)
    assert [p["kind"] for p in proposed] == ["rule"]
    real = cli("statement", "reconcile", "--auto", "--format", "json")
    assert json.loads(real.stdout) == proposed
    assert json.loads(cli("statement", "reconcile", "--auto", "--format", "json").stdout) == []


def test_unreconcile_reopens_a_line_and_refuses_an_open_one(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    create_rule(
        uow,
        company.id,
        NewRule(name="Fees", label_contains="Abonnement", account_id=company.accounts["6200"]),
    )
    cli("statement", "import", CAMT, "--journal", "BNK1")
    (done,) = json.loads(cli("statement", "reconcile", "--auto", "--format", "json").stdout)
    result = cli("statement", "unreconcile", str(done["line"]))
    assert result.exit_code == 0, result.output
    shown = dict(r.split(None, 1) for r in result.stdout.splitlines() if len(r.split()) > 1)
    assert (shown["id"], shown["state"], "entry_id" in shown) == (str(done["line"]), "open", False)
    assert f"line {done['line']} is open again; its entry was reversed" in result.output
    again = cli("statement", "unreconcile", str(done["line"]))
    assert again.exit_code == 1
    assert f"statement line {done['line']} is not reconciled: nothing to undo" in again.output
    redo = json.loads(cli("statement", "reconcile", "--auto", "--format", "json").stdout)
    assert [r["line"] for r in redo] == [done["line"]]
