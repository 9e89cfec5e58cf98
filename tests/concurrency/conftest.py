"""A live asiento server for the concurrency harness, on a database of its own.

PostgreSQL: uvicorn with two worker processes, so that requests really run in
parallel transactions (the case SQLite hides); a private database is created
for the module and dropped afterwards. SQLite: one worker on a temporary file
(writers queue there; the harness checks the same answers and invariants).
The server listens on 127.0.0.1 only and stops itself (``serve.py``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from threading import Barrier
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from asiento.services.access import tokens, users
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.migrate import upgrade
from asiento.store.session import make_engine
from asiento.store.uow import UnitOfWork
from tests.conftest import PG_URL, _pg_available

ROOT = Path(__file__).resolve().parents[2]
N = 16  # identical requests fired at once per operation
SERVER_SECONDS = 900  # the server's own deadline, whatever happens to the test run


@dataclass
class Live:
    """The running server, a client for set-ups, and the database behind it."""

    base: str
    headers: dict[str, str]
    engine: Engine
    company: SeededCompany
    dialect: str
    refs: dict[str, Any] = field(default_factory=dict)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=self.headers, timeout=120)

    def fire(self, method: str, path: str, n: int = N, **kwargs: Any) -> list[httpx.Response]:
        """``n`` identical requests released together (one client and thread each)."""
        barrier = Barrier(n)

        def one(_: int) -> httpx.Response:
            with self.client() as c:
                barrier.wait()
                return c.request(method, path, **kwargs)

        with ThreadPoolExecutor(max_workers=n) as pool:
            return list(pool.map(one, range(n)))

    def sql(self, query: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(query), params))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, proc: subprocess.Popen[bytes]) -> None:
    """Until ``proc`` answers ``GET /healthz`` (the benchmarks' live worker waits here too)."""
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready in 30 s")


@pytest.fixture(scope="module")
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('live') / 'asiento.db'}"
        return
    reason = _pg_available()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI=true but unreachable: {reason}")
        pytest.skip(f"PostgreSQL not reachable: {reason}")
    name = f"asiento_live_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def live(database: str) -> Iterator[Live]:
    """Migrate and seed, then serve (2 workers on PostgreSQL, 1 on SQLite) until the module ends."""
    engine = make_engine(database)
    upgrade(engine)
    uow = UnitOfWork.from_engine(engine)
    company = seed_company(uow, "Harness SL", "EUR")
    users.create_user(uow, company.id, "admin@harness.test", "correct horse battery", "admin")
    token = tokens.create_token(uow, company.id, "admin@harness.test").token
    workers = 2 if engine.dialect.name == "postgresql" else 1
    port = _free_port()
    env = dict(os.environ, ASIENTO_DATABASE_URL=database)
    command = [sys.executable, "-m", "tests.concurrency.serve"]
    args = [str(port), str(workers), str(SERVER_SECONDS), str(os.getpid())]
    proc = subprocess.Popen([*command, *args], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, proc)
        headers = {"Authorization": f"Bearer {token}"}
        yield Live(f"{base}/api/v1", headers, engine, company, engine.dialect.name)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        engine.dispose()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses ``live`` runs on SQLite and on PostgreSQL (marked ``pg``)."""
    if "database" in metafunc.fixturenames:
        metafunc.parametrize(
            "database",
            ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)],
            indirect=True,
            scope="module",
        )
