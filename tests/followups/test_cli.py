"""``asiento followup ...`` in-process on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.cli.conftest import Invoke
from tests.followups.conftest import AS_OF, Smtp, advance_payment, invoice_item, new_customer

RUN = ("followup", "run", "--as-of", AS_OF.isoformat())


def test_dry_run_lists_who_gets_what_and_writes_nothing(
    cli: Invoke, uow: UnitOfWork, levels: SeededCompany
) -> None:
    pid = new_customer(uow, levels, "Smith and Offspring")
    invoice_item(uow, levels, pid, "1210.00", 50)
    advance_payment(uow, levels, pid, "300.00", AS_OF)
    before = row_counts(uow)

    result = cli(*RUN, "--dry-run", "--lines")

    assert result.exit_code == 0, result.output
    assert (
        "Smith and Offspring │ Final notice │ letter+call │ 1210.00 │  910.00 │     2 │ dry run"
        in result.stdout
    )
    assert "BNK1/2026/00001 (credit)" in result.stdout
    assert "Calls to make" in result.stdout
    assert "1 reminder(s); skipped: none" in result.stderr
    assert row_counts(uow) == before


def test_run_sends_writes_letters_and_history_shows_them(
    cli: Invoke, uow: UnitOfWork, levels: SeededCompany, smtp: Smtp, tmp_path: Path
) -> None:
    pid = new_customer(uow, levels, "Azure Interior")
    invoice_item(uow, levels, pid, "100.00", 35)
    env = {"ASIENTO_SMTP_URL": smtp.url}

    sent = cli(*RUN, "--letters", str(tmp_path), "--format", "json", env=env)

    assert sent.exit_code == 0, sent.output
    data = json.loads(sent.stdout)
    [reminder] = data["reminders"]
    assert [o["status"] for o in reminder["outcomes"]] == ["sent", "sent"]
    assert reminder["total_due"] == "100.00"
    letter = tmp_path / f"followup-{AS_OF.isoformat()}-partner-{pid}.pdf"
    assert letter.read_bytes().startswith(b"%PDF")
    assert len(smtp.inbox.messages) == 1

    history = cli("followup", "history", "Azure Interior", "--format", "csv")
    assert history.stdout.splitlines()[1:] == [
        "2,2026-06-30,Second reminder,letter,sent,100.00,",
        "1,2026-06-30,Second reminder,email,sent,100.00,",
    ]
    again = cli(*RUN, env=env)
    assert "0 reminder(s); skipped: already_sent 1" in again.stderr


def test_levels_dispute_and_hold_commands(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    assert cli("followup", "run").stderr.startswith("error: no follow-up levels")
    levels = cli("followup", "levels", "--defaults", "--format", "csv")
    assert levels.stdout.splitlines()[1:] == [
        "1,1,Friendly reminder,15,yes,no,no",
        "2,2,Second reminder,30,yes,yes,no",
        "3,3,Final notice,45,no,yes,yes",
    ]
    pid = new_customer(uow, company, "Deco Addict")
    item = invoice_item(uow, company, pid, "10.00", 20)
    assert cli("followup", "dispute", str(item), "--note", "wrong").stdout.strip() == (
        f"journal item {item} disputed: left out of follow-ups"
    )
    assert "disputed_items 1" in cli(*RUN, "--dry-run").stderr
    assert cli("followup", "dispute", str(item), "--remove").exit_code == 0
    assert (
        cli("followup", "hold", "deco addict").stdout.strip()
        == f"partner {pid} on hold: no reminders"
    )
    assert "on_hold 1" in cli(*RUN, "--dry-run").stderr
    assert cli("followup", "hold", str(pid), "--release").exit_code == 0
    missing = cli("followup", "hold", "Nobody")
    assert (missing.exit_code, missing.stderr.strip()) == (1, "error: partner Nobody not found")
    bad = cli("followup", "run", "--as-of", "2026-13-01")
    assert bad.exit_code == 1 and "--as-of" in bad.stderr
