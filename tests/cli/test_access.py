"""``asiento user|token|audit`` and the demo admin, on SQLite and PostgreSQL."""

from __future__ import annotations

from asiento.services.access import tokens
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke


def test_user_and_token_commands(cli: Invoke, uow: UnitOfWork, company: SeededCompany) -> None:
    made = cli(
        "user", "create", "clerk@x.test", "--role", "billing_clerk", "--password", "0123456789"
    )
    assert made.exit_code == 0, made.output
    assert made.stdout.strip().endswith(f"billing_clerk in company {company.id}")
    issued = cli("token", "create", "clerk@x.test")
    secret = issued.stdout.strip()
    assert tokens.resolve_token(uow, secret).role.value == "billing_clerk"
    wider = cli("token", "create", "clerk@x.test", "--role", "admin")
    assert (wider.exit_code, wider.stderr.strip()) == (
        1,
        "error: a billing_clerk cannot hold a admin token",
    )
    listed = cli("token", "list", "--format", "csv")
    assert listed.stdout.splitlines()[1].split(",")[3] == "billing_clerk"
    short = cli("user", "create", "a@x.test", "--role", "auditor", "--password", "short")
    assert (short.exit_code, short.stderr.strip()) == (
        1,
        "error: password: at least 10 characters are required",
    )
    audit = cli("audit", "list", "--format", "csv")
    assert "token.create" in audit.stdout and "user.add" in audit.stdout


def test_demo_load_prints_working_admin_credentials(cli: Invoke, uow: UnitOfWork) -> None:
    res = cli("demo", "load")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    password = lines[1].split("password: ")[1]
    token = lines[2].split("API token:  ")[1]
    assert tokens.resolve_token(uow, token).role.value == "admin"
    from asiento.services.access import passwords

    assert passwords.authenticate(uow, "admin@demo.test", password).email == "admin@demo.test"
