"""``asiento product``, ``asiento currency`` and ``asiento account update|archive|tree``:
exact output, one-line refusals with exit 1 and the database unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import currencies, product_taxes, reads
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple, row_counts
from tests.cli.conftest import Invoke


def test_a_product_is_created_shown_updated_archived_and_restored(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    made = cli("product", "create", "--code", "WID", "--name", "Widget", "--unit", "box",
               "--sale-price", "12.50", "--income-account", "4000", "--sale-tax", "VAT 21%",
               "--purchase-tax", "VAT 21%", "--bill-policy", "received", "-f", "json")  # fmt: skip
    assert made.exit_code == 0, made.output
    shown = json.loads(made.stdout)
    assert shown | {"id": 0} == {
        "id": 0, "code": "WID", "name": "Widget", "unit": "box", "sale_price": "12.50",
        "purchase_price": "0", "active": True, "income_account": "4000 Sales of goods",
        "expense_account": "", "taxes": "VAT 21%, VAT 21%", "bill_policy": "received",
        "invoice_policy": "default",
    }  # fmt: skip
    pid = shown["id"]
    assert product_taxes.tax_ids_of(uow, [pid])[pid] == sorted(
        [company.taxes["VAT 21% sale"], company.taxes["VAT 21% purchase"]]
    )
    updated = cli("product", "update", "WID", "--sale-price", "15", "--bill-policy", "",
                  "--sale-tax", "", "-f", "json")  # fmt: skip
    assert updated.exit_code == 0, updated.output
    assert reads.get_product(uow, company.id, pid).sale_price == Decimal("15")
    assert reads.get_product(uow, company.id, pid).bill_policy is None
    assert product_taxes.tax_ids_of(uow, [pid])[pid] == []
    assert cli("product", "archive", "WID").stdout == "product WID archived\n"
    assert "WID" not in cli("product", "list", "-f", "csv").stdout
    assert "WID" in cli("product", "list", "--archived", "-s", "wid", "-f", "csv").stdout
    again = cli("product", "archive", "WID")
    assert (again.exit_code, again.stderr) == (1, "error: product WID is already archived\n")
    assert cli("product", "restore", str(pid)).exit_code == 0
    assert reads.get_product(uow, company.id, pid).active is True


def test_bad_product_input_is_one_line_and_writes_nothing(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    cases = [
        (("--sale-price", "abc"), "error: sale_price: 'abc' is not a number\n"),
        (("--sale-tax", "VAT 99%"), "error: sale tax VAT 99% not found\n"),
        (("--income-account", "9999"), "error: account 9999 not found\n"),
        (("--bill-policy", "weekly"), "error: bill policy 'weekly' is not 'ordered' or 'received'\n"),
    ]  # fmt: skip
    for extra, line in cases:
        result = cli("product", "create", "--code", "X", "--name", "X", *extra)
        assert (result.exit_code, result.stderr) == (1, line)
    assert cli("product", "show", "NOPE").stderr == "error: product NOPE not found\n"
    assert row_counts(uow) == before


def test_account_changes_that_break_posted_data_are_refused_in_words(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company, debit_account="6300", credit_account="3000", amount="100.00")
    before = row_counts(uow)
    kind = cli("account", "update", "6300", "--kind", "equity")
    assert (kind.exit_code, kind.stderr) == (
        1, "error: account 6300 has journal items: its type cannot change from expense to equity\n"
    )  # fmt: skip
    flag = cli("account", "update", "6300", "--reconcilable")
    assert "its reconcile flag cannot change" in flag.stderr
    balance = cli("account", "archive", "6300")
    assert balance.stderr == (
        "error: account 6300 has an open balance of 100.00 EUR: "
        "it can be archived once the balance is zero\n"
    )
    used = cli("account", "archive", "1000")
    assert used.stderr.startswith("error: account 1000 is used by journal BNK1:")
    assert row_counts(uow) == before
    renamed = cli("account", "update", "6300", "--name", "Wages", "-f", "csv")
    assert renamed.stdout.splitlines()[1].split(",")[1:] == ["6300", "Wages", "expense", "no"]
    assert cli("account", "archive", "6000").stdout == "account 6000 archived\n"
    assert reads.get_account(uow, company.id, company.accounts["6000"]).active is False


def test_the_account_tree_indents_by_code(cli: Invoke, company: SeededCompany) -> None:
    assert cli("account", "create", "--code", "60", "--name", "Overheads", "--kind",
               "expense").exit_code == 0  # fmt: skip
    rows = json.loads(cli("account", "tree", "-f", "json").stdout)
    by_code = {r["code"].strip(): r for r in rows}
    assert by_code["6000"]["code"] == "  6000" and by_code["6000"]["parent"] == "60"
    assert by_code["5000"]["parent"] == ""


def test_currencies_and_rates_from_the_command_line(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany, tmp_path: Path
) -> None:
    assert cli("currency", "enable", "usd").stdout == "currency USD enabled\n"
    added = cli("currency", "rate", "add", "USD", "0.92", "--date", "2026-01-02")
    assert added.stdout == "1 USD = 0.92 EUR from 2026-01-02\n"
    listed = cli("currency", "list", "-f", "csv").stdout
    assert "USD,2,yes,1 USD = 0.92 EUR since 2026-01-02" in listed
    good = tmp_path / "rates.csv"
    good.write_text("date;currency;rate\n2026-01-05;USD;0,93\n")
    assert cli("currency", "import-rates", str(good)).stdout == "1 rates imported\n"
    rates = cli("currency", "rates", "usd", "-f", "csv").stdout.splitlines()
    assert rates == [
        "date,currency,rate,reads",
        "2026-01-02,USD,0.92,1 USD = 0.92 EUR",
        "2026-01-05,USD,0.93,1 USD = 0.93 EUR",
    ]
    before = row_counts(uow)
    bad = tmp_path / "bad.csv"
    bad.write_text("2026-02-01,USD,0.9\n2026-02-02,USD,abc\n2026-02-03,JPY\n")
    refused = cli("currency", "import-rates", str(bad))
    assert (refused.exit_code, refused.stderr) == (
        1, "error: row 2: rate 'abc' is not a number (and 1 more)\n"
    )  # fmt: skip
    missing = cli("currency", "import-rates", str(tmp_path / "none.csv"))
    assert missing.exit_code == 1 and missing.stderr.startswith("error: ")
    assert cli("currency", "rate", "add", "USD", "x", "--date", "2026-03-01").exit_code == 1
    assert row_counts(uow) == before
    assert len(currencies.list_rates(uow, company.id)) == 2
