"""``asiento db distribute``: its check, its plan, and its refusal where there is no Citus."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text
from typer.testing import CliRunner

from asiento.cli.main import app
from asiento.services.demo.seed import SeededCompany
from asiento.store.distribution import distribution_blockers, plan
from asiento.store.tables import Base
from tests.cli.conftest import Invoke


def _snapshot(engine: Engine) -> tuple[list[str], list[tuple[object, ...]], object]:
    with engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
        companies = [tuple(r) for r in conn.execute(text("SELECT id, name FROM companies"))]
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    return tables, companies, revision


def test_distribute_refuses_a_database_without_citus_and_changes_nothing(
    cli: Invoke, engine: Engine, company: SeededCompany
) -> None:
    before = _snapshot(engine)
    result = cli("db", "distribute")
    where = "PostgreSQL" if engine.dialect.name == "postgresql" else "SQLite"
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: this {where} database has no Citus extension: run CREATE EXTENSION citus "
        "on a Citus coordinator first; nothing changed\n"
    )
    assert result.stdout == ""
    assert _snapshot(engine) == before


def test_check_says_the_keyed_schema_can_be_distributed() -> None:
    result = CliRunner().invoke(app, ["db", "distribute", "--check"])
    assert distribution_blockers() == []
    assert (result.exit_code, result.stdout) == (
        0,
        "every company-scoped table can be distributed by company_id\n",
    )


def test_plan_prints_the_citus_calls_in_order() -> None:
    result = CliRunner().invoke(app, ["db", "distribute", "--plan"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{s.sql};" for s in plan(Base.metadata)]
    assert result.stdout.splitlines()[:3] == [
        "SELECT create_reference_table('users');",
        "SELECT create_reference_table('web_sessions');",
        "SELECT create_distributed_table('companies', 'id', colocate_with => 'none');",
    ]
