"""``ASIENTO_PARTITION_BY_COMPANY``: the migration builds the hash-partitioned schema that
stands in for Citus (docs/design/company-keys.md). The whole service and API suite runs on
it in ``make test-partitioned``; this checks the shape itself, once, on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from asiento.store.ddl import PARTITION_ENV, partition_count
from asiento.store.migrate import upgrade
from asiento.store.session import make_engine
from asiento.store.tables import Base
from tests.conftest import PG_URL, _pg_available

pytestmark = pytest.mark.pg


@pytest.fixture
def partitioned_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    reason = _pg_available()
    if reason is not None:
        pytest.skip(f"PostgreSQL not reachable: {reason}")
    monkeypatch.setenv(PARTITION_ENV, "3")
    name = f"asiento_t_part_{uuid.uuid4().hex[:8]}"
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


def test_every_company_scoped_table_is_hash_partitioned_by_company(partitioned_url: str) -> None:
    engine = make_engine(partitioned_url)
    with engine.connect() as conn:
        partitioned = dict(
            conn.execute(
                text(
                    "SELECT c.relname, pg_get_partkeydef(c.oid) FROM pg_partitioned_table p "
                    "JOIN pg_class c ON c.oid = p.partrelid"
                )
            ).all()
        )
        partitions = conn.execute(
            text("SELECT count(*) FROM pg_inherits WHERE inhparent = 'journal_items'::regclass")
        ).scalar_one()
        triggers = set(
            conn.execute(
                text(
                    "SELECT tgrelid::regclass::text FROM pg_trigger "
                    "WHERE tgname = 'journal_items_immutable'"
                )
            ).scalars()
        )
    engine.dispose()
    scoped = {t.name for t in Base.metadata.tables.values() if "company_id" in t.c}
    assert partitioned == dict.fromkeys(scoped, "HASH (company_id)")
    assert partitions == 3
    # the immutability trigger of the parent is cloned onto each partition
    assert triggers == {"journal_items", *(f"journal_items_p{n}" for n in range(3))}


def test_the_partition_count_is_a_number_of_at_least_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PARTITION_ENV, raising=False)
    assert partition_count() == 0
    monkeypatch.setenv(PARTITION_ENV, "1")
    with pytest.raises(ValueError, match="number of partitions >= 2"):
        partition_count()
