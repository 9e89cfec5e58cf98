"""``asiento company settings`` and ``asiento journal settings`` (both databases)."""

from __future__ import annotations

import json

from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import account_settings
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke


def test_company_settings_show_and_set_by_code(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    shown = cli("company", "settings", "-f", "csv")
    assert shown.exit_code == 0
    assert "exchange_loss_account,6900,Exchange losses" in shown.stdout
    done = cli("company", "settings", "--set", "writeoff_account=6200", "-f", "csv")
    assert done.exit_code == 0, done.output
    view = account_settings.get_settings(uow, company.id)
    assert view.accounts["writeoff_account"].code == "6200"  # type: ignore[union-attr]


def test_a_wrong_kind_is_one_line_and_exit_1(cli: Invoke, company: SeededCompany) -> None:
    done = cli("company", "settings", "--set", "exchange_gain_account=6000")
    assert done.exit_code == 1
    assert done.stderr.strip() == (
        "error: exchange_gain_account cannot be account 6000 (expense); "
        "it takes income, other_income"
    )


def test_journal_settings_clear_one(cli: Invoke, uow: UnitOfWork, company: SeededCompany) -> None:
    done = cli("journal", "settings", "BNK1", "--set", "suspense_account=", "-f", "csv")
    assert done.exit_code == 0, done.output
    assert "suspense_account,," in done.stdout


def test_company_create_from_the_spanish_chart(cli: Invoke, company: SeededCompany) -> None:
    made = cli(
        "company", "create", "--name", "Ejemplo SL", "--currency", "EUR",
        "--chart", "es-pgc-pymes", "-f", "json",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    new_id = json.loads(made.stdout)["id"]
    shown = cli("--company", str(new_id), "company", "settings", "-f", "csv")
    assert "exchange_loss_account,668000,Diferencias negativas de cambio" in shown.stdout
    bad = cli("company", "create", "--name", "X", "--currency", "EUR", "--chart", "nope")
    assert bad.exit_code == 1
    assert "chart 'nope' is not one of generic, es-pgc-pymes, cn-small-business" in bad.stderr


def test_term_accounts_by_code(cli: Invoke, company: SeededCompany) -> None:
    made = cli("term", "create", "--name", "Net 15", "--line", "balance::days=15", "-f", "json")
    term = json.loads(made.stdout)["id"]
    done = cli("term", "accounts", str(term), "--set", "discount_granted_account=6200", "-f", "csv")
    assert done.exit_code == 0, done.output
    assert "discount_granted_account,6200,Bank fees" in done.stdout
