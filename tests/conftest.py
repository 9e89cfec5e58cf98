"""Shared fixtures: the SQLite / PostgreSQL matrix and a seeded standard company.

Service, API and report tests take the ``uow`` (or ``engine``) fixture and run
twice: on SQLite (a fresh copy of a migrated template file per test) and on
PostgreSQL (one database per xdist worker, created and migrated once, emptied
with TRUNCATE before each test). Without a reachable PostgreSQL the second half
is skipped locally; with ``CI=true`` it fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.cluster import create_distributed_database, drop_distributed_database
from asiento.store.ddl import partition_count
from asiento.store.migrate import upgrade
from asiento.store.session import make_engine
from asiento.store.tables import Base
from asiento.store.uow import UnitOfWork

PG_URL = os.environ.get("ASIENTO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# "host:port,host:port": PG_URL is a Citus coordinator with these workers, and each test
# database is distributed by company (docs/operations.md#scaling-out-citus). Never in CI.
CITUS_WORKERS = [w for w in os.environ.get("ASIENTO_TEST_CITUS_WORKERS", "").split(",") if w]
# Real bank exports kept beside the repository (not in it: they are not ours to publish).
# Tests that read them carry the ``samples`` marker and are skipped where the folder is absent,
# so a fresh clone passes on the project's own files in tests/data/ alone.
SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the ``samples`` tests, naming the folder, when the real bank files are not here."""
    if SAMPLES.is_dir():
        return
    skip = pytest.mark.skip(reason="real bank samples absent (SAMPLES in tests/conftest.py)")
    for item in items:
        if item.get_closest_marker("samples") is not None:
            item.add_marker(skip)


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any connection failure means "not here"
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def worker_tag(request: pytest.FixtureRequest) -> str:
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    return f"{worker}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database(worker_tag: str) -> Iterator[str]:
    """The worker's PostgreSQL database, migrated once. With
    ``ASIENTO_PARTITION_BY_COMPANY=N`` (``make test-partitioned``) the migration creates
    every company-scoped table ``PARTITION BY HASH (company_id)`` in N partitions
    (``store.ddl``): the stand-in for Citus, whose rules hash partitioning shares."""
    reason = _pg_available()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI=true but unreachable: {reason}")
        pytest.skip(f"PostgreSQL not reachable: {reason}")
    partitions = partition_count()
    name = f"asiento_t_{worker_tag}" + (f"_p{partitions}" if partitions else "")
    if CITUS_WORKERS:
        # 4 shards per table, not 32: each test empties every shard of 56 tables
        yield create_distributed_database(PG_URL, CITUS_WORKERS, name, shard_count=4)
        drop_distributed_database(PG_URL, CITUS_WORKERS, name)
        return
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate(engine: Engine) -> None:
    if CITUS_WORKERS:
        _empty_distributed(engine)
        return
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _empty_distributed(engine: Engine) -> None:
    """On Citus a TRUNCATE syncs every shard's files to disk (seconds per test): delete the
    rows, children first, and restart the coordinator's sequences instead."""
    with engine.begin() as conn:
        # reference tables (users) may follow distributed ones in one transaction only
        # when the shards are visited one connection at a time
        conn.execute(text("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'"))
        # the immutability triggers refuse to delete posted items: off for this cleanup
        # only, on every shard (Citus passes SET LOCAL on to the workers when told to)
        conn.execute(text("SET LOCAL citus.propagate_set_commands TO 'local'"))
        conn.execute(text("SET LOCAL session_replication_role TO replica"))
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f'DELETE FROM "{table.name}"'))
        conn.execute(
            text(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'S' AND n.nspname = 'public'"
            )
        )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "asiento.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_database")
    engine = make_engine(url)
    _truncate(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine: Engine) -> UnitOfWork:
    return UnitOfWork.from_engine(engine)


@pytest.fixture
def company(uow: UnitOfWork) -> SeededCompany:
    """A seeded EUR company: chart, journals, VAT taxes."""
    return seed_company(uow, "Test Company SL", "EUR")
