"""Reference-data commands and ``serve``: thin adapters, exact output."""

from __future__ import annotations

import json
from typing import Any

import pytest

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.cli.conftest import Invoke


def test_company_list(cli: Invoke, company: SeededCompany) -> None:
    result = cli("company", "list", "-f", "csv")
    assert (
        result.stdout == f"id,name,currency,country,lock_date\n{company.id},Test Company SL,EUR,,\n"
    )


def test_account_create_then_list_by_kind(cli: Invoke, company: SeededCompany) -> None:
    created = cli("account", "create", "--code", "1001", "--name", "Second bank", "--kind",
                  "bank", "--reconcilable", "-f", "json")  # fmt: skip
    assert created.exit_code == 0, created.output
    assert json.loads(created.stdout) | {"id": 0} == {
        "id": 0, "code": "1001", "name": "Second bank", "kind": "bank", "reconcilable": True,
    }  # fmt: skip
    listed = cli("account", "list", "--kind", "bank", "-f", "csv")
    assert [r.split(",")[1:] for r in listed.stdout.splitlines()[1:]] == [
        ["1000", "Bank", "bank", "no"],
        ["1001", "Second bank", "bank", "yes"],
    ]


def test_account_create_refuses_a_taken_code(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    result = cli("account", "create", "--code", "1000", "--name", "Again", "--kind", "bank")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "1000" in result.stderr
    assert row_counts(uow) == before


def test_account_list_refuses_an_unknown_kind(cli: Invoke, company: SeededCompany) -> None:
    result = cli("account", "list", "--kind", "nonsense")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: kind must be one of receivable, payable, bank")


def test_partner_create_and_list(cli: Invoke, company: SeededCompany) -> None:
    created = cli("partner", "create", "--name", "Wood Corner", "--email", "a@wood.example",
                  "--country", "de", "--tax-id", "DE 136 695 976", "--supplier")  # fmt: skip
    assert created.exit_code == 0, created.output
    listed = cli("partner", "list", "-f", "json")
    assert json.loads(listed.stdout) == [
        {
            "id": 1,
            "name": "Wood Corner",
            "email": "a@wood.example",
            "country": "DE",
            "tax_id": "DE136695976",
            "is_customer": False,
            "is_supplier": True,
        }
    ]


def test_partner_search_archive_and_restore(cli: Invoke, company: SeededCompany) -> None:
    for name in ("Martin Garcia SL", "Garcia Hermanos SA", "Omega Ltd"):
        assert cli("partner", "create", "--name", name).exit_code == 0

    def found(*args: str) -> list[str]:
        result = cli("partner", "list", "-f", "json", *args)
        assert result.exit_code == 0, result.output
        return [row["name"] for row in json.loads(result.stdout)]

    assert found("--search", "garcia") == ["Garcia Hermanos SA", "Martin Garcia SL"]
    assert found("-s", "omega") == ["Omega Ltd"]
    hermanos = next(r for r in json.loads(cli("partner", "list", "-f", "json").stdout)
                if r["name"] == "Garcia Hermanos SA")["id"]  # fmt: skip
    archived = cli("partner", "archive", str(hermanos))
    assert (archived.exit_code, archived.stdout) == (0, "partner Garcia Hermanos SA archived\n")
    assert found("-s", "garcia") == ["Martin Garcia SL"]
    assert found("-s", "garcia", "--archived") == ["Garcia Hermanos SA", "Martin Garcia SL"]
    assert cli("partner", "restore", str(hermanos)).exit_code == 0
    assert found("-s", "garcia") == ["Garcia Hermanos SA", "Martin Garcia SL"]
    missing = cli("partner", "archive", "999")
    assert missing.exit_code == 1 and missing.stderr.startswith("error: ")


def test_partner_contacts_from_the_cli(cli: Invoke, company: SeededCompany) -> None:
    assert cli("partner", "create", "--name", "Azure Interior").exit_code == 0
    pid = json.loads(cli("partner", "list", "-f", "json").stdout)[0]["id"]
    added = cli("partner", "add-contact", str(pid), "--name", "Ana García", "--role", "Buyer",
                "--email", "ana@azure.example", "-f", "json")  # fmt: skip
    assert added.exit_code == 0, added.output
    contact = json.loads(added.stdout)
    assert contact == {"id": contact["id"], "name": "Ana García", "role": "Buyer",
                       "email": "ana@azure.example", "phone": None}  # fmt: skip
    bad = cli("partner", "add-contact", str(pid), "--name", "Bob", "--email", "bob@")
    assert (bad.exit_code, bad.stderr) == (1, "error: email 'bob@' is not an address\n")
    listed = cli("partner", "contacts", str(pid), "-f", "json")
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Ana García"]
    removed = cli("partner", "remove-contact", str(pid), str(contact["id"]))
    assert (removed.exit_code, removed.stdout) == (0, f"contact {contact['id']} removed\n")
    again = cli("partner", "remove-contact", str(pid), str(contact["id"]))
    assert again.exit_code == 1 and again.stderr.startswith("error: contact")
    assert json.loads(cli("partner", "contacts", str(pid), "-f", "json").stdout) == []


def test_partner_create_refuses_a_bad_email(cli: Invoke, company: SeededCompany) -> None:
    result = cli("partner", "create", "--name", "X", "--email", "nope")
    assert (result.exit_code, result.stderr) == (1, "error: email 'nope' is not an address\n")


def test_serve_hands_the_app_factory_to_uvicorn(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: calls.append((a, k)))
    result = cli("serve", "--port", "9000", "--reload")
    assert result.exit_code == 0, result.output
    assert calls == [
        (
            ("asiento.app:create_app",),
            {"factory": True, "host": "127.0.0.1", "port": 9000, "reload": True},
        )
    ]


def test_bad_format_is_a_usage_error(cli: Invoke) -> None:
    assert cli("company", "list", "--format", "xml").exit_code == 2


def test_company_identity_bank_account_and_journal_from_the_cli(
    cli: Invoke, company: SeededCompany
) -> None:
    shown = cli(
        "company",
        "identity",
        "--legal-name",
        "Demo S.L.",
        "--vat",
        "ESB12345674",
        "--country",
        "ES",
        "--language",
        "es",
        "--format",
        "json",
    )
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["tax_id"] == "ESB12345674"
    bad = cli("company", "identity", "--vat", "ESB12345675")
    assert bad.exit_code == 1 and "tax id" in bad.output
    made = cli(
        "bank-account",
        "create",
        "--iban",
        "ES91 2100 0418 4502 0005 1332",
        "--currency",
        "EUR",
        "--default",
        "--format",
        "json",
    )
    assert made.exit_code == 0, made.output
    account = json.loads(made.output)
    assert (account["label"], account["is_default"]) == ("ES91 2100 0418 4502 0005 1332", True)
    linked = cli(
        "journal", "update", "BNK1", "--bank-account", str(account["id"]), "--format", "json"
    )
    assert linked.exit_code == 0, linked.output
    assert json.loads(linked.output)["iban"] == "ES9121000418450200051332"
