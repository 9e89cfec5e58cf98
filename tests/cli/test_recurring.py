"""``asiento recurring list|create|show|archive|delete|run`` (both databases)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import recurring_templates
from asiento.store.tables import Company
from asiento.store.uow import UnitOfWork
from tests.builders.recurring import subscriber, template_input
from tests.cli.conftest import Invoke

YAML = """\
name: Support
partner: Subscriber SL
frequency: quarterly
day: 31
start_date: 2026-01-01
count: 4
post: true
lines:
  - description: Support plan
    price_unit: 300
    account: "4000"
    taxes: [VAT 21%]
"""


def test_create_from_yaml_run_twice_show_and_archive(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    subscriber(uow, company)
    file = tmp_path / "support.yaml"
    file.write_text(YAML, encoding="utf-8")
    created = cli("recurring", "create", "--file", str(file), "-f", "json")
    assert created.exit_code == 0, created.output
    template = json.loads(created.stdout)
    assert (template["next_date"], template["lines"][0]["price_unit"]) == ("2026-01-31", "300")
    first = cli("recurring", "run", "--until", "2026-06-30", "-f", "json")
    assert first.exit_code == 0, first.output
    produced = json.loads(first.stdout)["produced"]
    assert [(p["invoice_date"], p["number"], p["template"]) for p in produced] == [
        ("2026-01-31", "INV/2026/00001", "Support"),
        ("2026-04-30", "INV/2026/00002", "Support"),
    ]
    again = cli("recurring", "run", "--until", "2026-06-30")
    assert again.exit_code == 0 and "nothing due up to 2026-06-30" in again.stderr
    shown = cli("recurring", "show", str(template["id"]))
    assert "INV/2026/00002" in shown.stdout and "2026-07-31" in shown.stdout
    listed = cli("recurring", "list", "-f", "csv")
    assert listed.stdout.splitlines()[1].startswith(f"{template['id']},Support,active,")
    assert cli("recurring", "delete", str(template["id"])).exit_code == 1
    archived = cli("recurring", "archive", str(template["id"]), "-f", "json")
    assert json.loads(archived.stdout)["state"] == "archived"


def test_create_from_options_and_bad_input_in_one_line(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    subscriber(uow, company)
    args = ("recurring", "create", "--name", "Hosting", "--partner", "Subscriber SL",
            "--day", "1", "--start", "2026-01-01")  # fmt: skip
    no_lines = cli(*args)
    assert no_lines.exit_code == 1
    weekly = cli(*args, "--frequency", "weekly", "--line", "1:1:10.00")
    assert weekly.exit_code == 1
    assert weekly.stderr.strip().splitlines() == [
        "error: frequency: unknown frequency 'weekly' (one of monthly, quarterly, yearly)"
    ]
    bad_day = cli("recurring", "run", "--until", "2026-02-30")
    assert bad_day.exit_code == 1 and len(bad_day.stderr.strip().splitlines()) == 1
    assert cli("recurring", "show", "999").exit_code == 1
    assert cli("recurring", "list", "-f", "json").stdout.strip() == "[]"


def test_a_failing_template_makes_run_exit_1_after_the_others(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    recurring_templates.create_template(uow, company.id, template_input(company, partner, day=1))
    posted = template_input(company, partner, name="Posted", day=1, post=True)
    failing = recurring_templates.create_template(uow, company.id, posted)
    with uow:  # 2026 locked: posting into it is refused, drafting is not
        uow.session.get_one(Company, company.id).lock_date = date(2026, 12, 31)
        uow.commit()
    result = cli("recurring", "run", "--until", "2026-01-01")
    assert result.exit_code == 1
    assert f"error: recurring invoice {failing.id} (Posted):" in result.stderr
    assert "Hosting" in result.stdout
