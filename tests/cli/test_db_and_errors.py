"""Schema management, company resolution and the exit-code contract."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from asiento.cli.main import app
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference.companies import CompanyInput, create_company
from asiento.store.migrate import current_revision
from asiento.store.session import make_engine
from asiento.store.uow import UnitOfWork
from tests.cli.conftest import Invoke


def test_db_upgrade_migrates_a_fresh_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = CliRunner().invoke(app, ["db", "upgrade"], env={"ASIENTO_DATABASE_URL": url})
    engine = make_engine(url)
    revision = current_revision(engine)
    engine.dispose()
    assert result.exit_code == 0, result.output
    assert revision is not None
    assert result.stdout == f"database at revision {revision}\n"


def test_an_unmigrated_database_asks_for_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = CliRunner().invoke(app, ["entry", "list"], env={"ASIENTO_DATABASE_URL": url})
    assert result.exit_code == 1
    assert result.stderr == "error: database is not initialised; run `asiento db upgrade`\n"
    assert result.stdout == ""


def test_db_upgrade_is_idempotent(cli: Invoke) -> None:
    assert cli("db", "upgrade").exit_code == 0


def test_unknown_command_is_a_usage_error(cli: Invoke) -> None:
    assert cli("frobnicate").exit_code == 2
    assert cli("entry", "frobnicate").exit_code == 2
    assert cli("entry", "post", "not-a-number").exit_code == 2


def test_an_empty_database_has_no_company_to_default_to(cli: Invoke) -> None:
    result = cli("account", "list")
    assert result.exit_code == 1
    assert result.stderr == "error: no company in the database; run `asiento demo load` first\n"


def test_several_companies_need_company(
    cli: Invoke, uow: UnitOfWork, company: SeededCompany
) -> None:
    create_company(uow, CompanyInput(name="Other SL", currency="USD"))
    result = cli("journal", "list")
    assert result.exit_code == 1
    assert result.stderr == "error: 2 companies in the database; choose one with --company ID\n"
    chosen = cli("--company", str(company.id), "journal", "list", "--format", "csv")
    assert chosen.exit_code == 0
    assert chosen.stdout.splitlines()[1:] == [
        f"{company.journals[c]},{c},{n},{k},0"
        for c, n, k in (
            ("BILL", "Vendor bills", "purchase"),
            ("BNK1", "Bank", "bank"),
            ("CSH", "Cash", "cash"),
            ("INV", "Customer invoices", "sale"),
            ("MISC", "Miscellaneous operations", "general"),
        )
    ]
    by_env = cli("journal", "list", env={"ASIENTO_COMPANY": str(company.id)})
    assert by_env.exit_code == 0


def test_demo_load_only_into_an_empty_database(cli: Invoke) -> None:
    first = cli("demo", "load")
    assert first.exit_code == 0
    lines = first.stdout.splitlines()
    assert lines[0] == "demo company 1 loaded: 27 accounts, 5 journals, 7 partners"
    assert lines[1].startswith("admin user: admin@demo.test  password: ")
    assert lines[2].startswith("API token:  asi_")
    again = cli("demo", "load")
    assert again.exit_code == 0
    assert again.stdout == "database already has a company; demo data not loaded\n"


def test_an_unknown_company_is_a_one_line_error(cli: Invoke, company: SeededCompany) -> None:
    result = cli("--company", "99", "entry", "list")
    assert (result.exit_code, result.stderr) == (1, "error: company 99 not found\n")
