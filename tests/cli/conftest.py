"""Run the CLI in-process against the test database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import CliRunner, Result

from asiento.cli.main import app

Invoke = Callable[..., Result]


@pytest.fixture
def cli(db_url: str) -> Invoke:
    """``cli("entry", "list")``: the app with ASIENTO_DATABASE_URL set to the test database."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        full_env = {"ASIENTO_DATABASE_URL": db_url, "ASIENTO_COMPANY": ""} | (env or {})
        return runner.invoke(app, list(args), env=full_env, input=input)

    return invoke
