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


def test_the_operator_sets_a_password_from_stdin(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    from asiento.services.access import passwords, users

    users.create_user(uow, company.id, "ana@x.test", "a long password", "auditor")
    done = cli("user", "set-password", "ana@x.test", input="set by the operator\n")
    assert (done.exit_code, done.stdout.strip()) == (0, "password of ana@x.test set")
    assert passwords.authenticate(uow, "ana@x.test", "set by the operator").email == "ana@x.test"
    for args, stdin, message in (
        (("ghost@x.test",), "long enough pw\n", "error: user ghost@x.test not found"),
        (("ana@x.test",), "short\n", "error: password: at least 10 characters are required"),
        (("ana@x.test",), "", "error: password: none given on stdin"),
    ):
        res = cli("user", "set-password", *args, input=stdin)
        assert (res.exit_code, res.stderr.strip()) == (1, message)
    assert passwords.authenticate(uow, "ana@x.test", "set by the operator").email == "ana@x.test"
    logged = cli("audit", "list", "--format", "csv")
    assert "user.password_set" in logged.stdout


def test_the_operator_changes_a_role_and_deactivates_a_membership(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    from asiento.services.access import users

    users.create_user(uow, company.id, "ana@x.test", "a long password", "auditor")
    role = cli("user", "set-role", "ana@x.test", "accountant")
    assert role.stdout.strip() == f"user 1 ana@x.test: accountant, active in company {company.id}"
    off = cli("user", "deactivate", "ana@x.test")
    assert off.stdout.strip().endswith(f"accountant, inactive in company {company.id}")
    listed = cli("user", "list", "--format", "csv").stdout.splitlines()
    assert listed[1].split(",")[3:] == ["accountant", "no"]
    assert cli("user", "activate", "ana@x.test").exit_code == 0
    bad = cli("user", "set-role", "ana@x.test", "boss")
    assert (bad.exit_code, bad.stderr.strip().startswith("error: role: unknown role")) == (1, True)
    nobody = cli("user", "deactivate", "ghost@x.test")
    assert (nobody.exit_code, nobody.stderr.strip()) == (1, "error: member ghost@x.test not found")
