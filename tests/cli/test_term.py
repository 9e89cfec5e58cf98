"""``asiento term`` and the calendar/partner options: exact output, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import payment_terms
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.cli.conftest import Invoke

THIRTY_NOW = "30% now, balance end of following month"


def test_create_from_lines_then_list_show_and_preview(cli: Invoke, company: SeededCompany) -> None:
    made = cli("term", "create", "--name", THIRTY_NOW, "--line", "percent:30",
               "--line", "balance::months=1,eom", "-f", "json")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout) == {
        "id": 1,
        "note": "",
        "active": True,
        "name": THIRTY_NOW,
        "lines": [
            {"kind": "percent", "value": "30", "due": {}},
            {"kind": "balance", "due": {"months": 1, "end_of_month": True}},
        ],
    }

    listed = cli("term", "list", "-f", "csv")
    assert list(csv.reader(io.StringIO(listed.stdout))) == [
        ["id", "name", "active", "schedule", "discount"],
        ["1", THIRTY_NOW, "yes", "30 % @ invoice date; balance @ +1 month, end of month", ""],
    ]
    shown = cli("term", "show", THIRTY_NOW)
    assert shown.stdout.splitlines()[:2] == ["id        1", f"name      {THIRTY_NOW}"]

    preview = cli("term", "preview", "1", "--amount", "1000", "--date", "2026-02-21", "-f", "csv")
    assert preview.exit_code == 0, preview.output
    assert preview.stdout.splitlines() == [
        "line,due_date,amount,discount_date,discounted_amount",
        "1,2026-02-21,300.00,,",
        "2,2026-03-31,700.00,,",
    ]


def test_create_from_a_yaml_file_with_a_discount(
    cli: Invoke, company: SeededCompany, tmp_path: Path
) -> None:
    path = tmp_path / "term.yaml"
    path.write_text(
        "name: 2% 10, Net 30 EOM\n"
        "lines:\n  - kind: balance\n    due: {months: 1, end_of_month: true}\n"
        "discount: {percent: 2.0, days: 10}\n",
        encoding="utf-8",
    )

    made = cli("term", "create", "--file", str(path), "-f", "json")
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["discount"] == {
        "percent": "2.0",
        "days": 10,
        "tax_treatment": "reduce_on_early_payment",
    }

    preview = cli("term", "preview", "2% 10, Net 30 EOM", "--amount", "1000.00",
                  "--date", "2026-02-21", "-f", "json")  # fmt: skip
    assert json.loads(preview.stdout) == [
        {"line": 1, "due_date": "2026-03-31", "amount": "1000.00",
         "discount_date": "2026-03-03", "discounted_amount": "980.00"},
    ]  # fmt: skip


def test_a_bad_term_is_one_line_naming_the_line_and_nothing_is_stored(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)

    over = cli("term", "create", "--name", "Bad", "--line", "percent:120", "--line", "balance")
    last = cli("term", "create", "--name", "Bad", "--line", "percent:20", "--line", "fixed:5")
    day = cli("term", "create", "--name", "Bad", "--line", "balance::day=32")
    syntax = cli("term", "create", "--name", "Bad", "--line", "balance::weeks=2")

    assert (over.exit_code, over.stderr) == (1, "error: line 1: percent 120 is over 100 %\n")
    assert last.stderr == "error: line 2: the last line must be the balance, not fixed\n"
    assert day.stderr == "error: line 1: day of month 32 is outside 1..31\n"
    assert syntax.stderr == (
        "error: line 1: 'weeks=2' is not a due part (days=N, months=N, eom, day=N, pay=N/M)\n"
    )
    assert row_counts(uow) == before


def test_a_fixed_line_larger_than_the_invoice_is_refused_at_preview(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    cli("term", "create", "--name", "Deposit", "--line", "fixed:1500", "--line", "balance")

    refused = cli("term", "preview", "Deposit", "--amount", "1000", "--date", "2026-02-21")

    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: line 1: fixed amount 1500 is larger than the invoice total 1000.00 EUR\n",
    )


def test_an_unknown_term_is_an_error(cli: Invoke, company: SeededCompany) -> None:
    refused = cli("term", "show", "Net 90")

    assert (refused.exit_code, refused.stderr) == (1, "error: payment term 'Net 90' not found\n")


def test_partner_create_and_update_with_default_terms(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    term = payment_terms.create_term(
        uow, company.id, {"name": "15 Days", "lines": [{"kind": "balance", "due": {"days": 15}}]}
    )

    made = cli("partner", "create", "--name", "Azure", "--customer-term", "15 Days", "-f", "json")
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout)["customer_payment_term_id"] == term.id
    pid = json.loads(made.stdout)["id"]
    changed = cli("partner", "update", str(pid), "--customer-term", "", "--supplier-term",
                  str(term.id), "-f", "json")  # fmt: skip
    data = json.loads(changed.stdout)
    assert (data["customer_payment_term_id"], data["supplier_payment_term_id"]) == (None, term.id)
    refused = cli("partner", "update", str(pid), "--supplier-term", "Net 90")
    assert refused.stderr == "error: payment term 'Net 90' not found\n"


def test_company_calendar_shows_and_changes_the_working_calendar(
    cli: Invoke, company: SeededCompany
) -> None:
    changed = cli("company", "calendar", "--weekend", "5,6", "--holiday-country", "ES",
                  "--holiday-subdivision", "MD", "--extra-holiday", "2026-04-30",
                  "--roll", "backward", "-f", "json")  # fmt: skip
    assert changed.exit_code == 0, changed.output
    assert json.loads(changed.stdout) == {
        "id": company.id,
        "name": "Test Company SL",
        "weekend_days": "5,6",
        "holiday_country": "ES",
        "holiday_subdivision": "MD",
        "extra_holidays": "2026-04-30",
        "due_date_roll": "backward",
    }
    refused = cli("company", "calendar", "--weekend", "sat")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: weekend 'sat': expected weekdays such as 5,6\n",
    )


def test_preview_for_a_partner_with_payment_days(cli: Invoke, company: SeededCompany) -> None:
    made = cli(
        "partner", "create", "--name", "Días de pago", "--payment-days", "5,20", "-f", "json"
    )
    assert made.exit_code == 0, made.output
    assert '"payment_days": "5,20"' in made.stdout
    partner = json.loads(made.stdout)["id"]
    cli("term", "create", "--name", "Net 15", "--line", "balance::days=15")
    shown = cli(
        "term", "preview", "Net 15", "--amount", "100", "--date", "2026-03-10",
        "--partner", str(partner), "-f", "csv",
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert "2026-04-05" in shown.stdout
