"""``distribute`` on a live Citus coordinator, over the small schema of test_distribution.

Runs only when ``ASIENTO_TEST_CITUS_URL`` names a database on a Citus coordinator with its
workers added (docs/operations.md, *Scaling out: Citus*); skipped everywhere else, ``make test``
and CI included, since neither can build Citus. Each test works in a schema of its own,
dropped at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import BigInteger, Column, Engine, ForeignKey, Integer, MetaData, Table, text
from sqlalchemy.engine import make_url

from asiento.store import statistics
from asiento.store.bulk import insert_tuples
from asiento.store.distribution import DistributionRefused, distribute
from asiento.store.session import make_engine
from asiento.store.uow import UnitOfWork
from tests.sql_counter import counting
from tests.store.test_distribution import synthetic

CITUS_URL = os.environ.get("ASIENTO_TEST_CITUS_URL")
pytestmark = pytest.mark.skipif(
    not CITUS_URL, reason="ASIENTO_TEST_CITUS_URL (a Citus coordinator) is not set"
)

GUARD = """
CREATE FUNCTION {schema}.entry_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.number IS NOT NULL THEN
        RAISE EXCEPTION 'numbered entry % is immutable', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER entries_guard BEFORE UPDATE ON {schema}.entries
    FOR EACH ROW EXECUTE FUNCTION {schema}.entry_guard();
"""


@pytest.fixture
def citus() -> Iterator[Engine]:
    """An engine whose search path is a fresh schema on the Citus coordinator."""
    assert CITUS_URL is not None
    schema = f"dist_{uuid.uuid4().hex[:8]}"
    url = make_url(CITUS_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield engine
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def _fill(engine: Engine, md: MetaData) -> None:
    md.create_all(engine)
    with engine.begin() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        conn.execute(text(GUARD.format(schema=schema)))
        conn.execute(text("INSERT INTO companies (id, name) VALUES (1, 'A'), (2, 'B')"))
        conn.execute(text("INSERT INTO users (id, email) VALUES (1, 'a@example.com')"))
        conn.execute(text("INSERT INTO memberships VALUES (1, 1), (2, 1)"))
        conn.execute(
            text("INSERT INTO journals (company_id, id, code) VALUES (1, 1, 'INV'), (2, 1, 'INV')")
        )
        conn.execute(
            text(
                "INSERT INTO entries (company_id, id, journal_id, number, user_id) "
                "VALUES (1, 1, 1, 'INV/1', 1), (2, 1, 1, NULL, 1)"
            )
        )


def _partitions(engine: Engine) -> dict[str, tuple[str, str | None, int]]:
    """Table -> (method, distribution column, co-location id), for this schema's tables."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT logicalrelid::regclass::text, partmethod, "
                "column_to_column_name(logicalrelid, partkey), colocationid FROM pg_dist_partition "
                "WHERE logicalrelid::regclass::text NOT LIKE '%.%'"
            )
        ).all()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def test_distribute_makes_reference_and_co_located_tables_in_one_go(citus: Engine) -> None:
    _fill(citus, synthetic(with_bad=False))
    said = distribute(citus, synthetic(with_bad=False))
    assert said == [
        "users: reference table",
        "companies: distributed by id, the root of the co-location group",
        "journals: distributed by company_id, co-located with companies",
        "memberships: distributed by company_id, co-located with companies",
        "entries: distributed by company_id, co-located with companies",
    ]
    parts = _partitions(citus)
    assert parts["users"][:2] == ("n", None)
    assert parts["companies"][:2] == ("h", "id")
    assert {name: p[:2] for name, p in parts.items() if name not in ("users", "companies")} == {
        "journals": ("h", "company_id"),
        "memberships": ("h", "company_id"),
        "entries": ("h", "company_id"),
    }
    assert len({p[2] for name, p in parts.items() if name != "users"}) == 1
    with citus.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM entries")).scalar_one() == 2
    # The trigger went to the shards with the table: a numbered entry still refuses a change.
    with pytest.raises(Exception, match="numbered entry 1 is immutable"), citus.begin() as conn:
        conn.execute(text("UPDATE entries SET number = 'X' WHERE company_id = 1 AND id = 1"))
    with citus.begin() as conn:
        conn.execute(text("UPDATE entries SET number = 'B/1' WHERE company_id = 2 AND id = 1"))


def test_a_second_run_changes_nothing(citus: Engine) -> None:
    _fill(citus, synthetic(with_bad=False))
    distribute(citus, synthetic(with_bad=False))
    assert distribute(citus, synthetic(with_bad=False)) == [
        f"{name}: already distributed"
        for name in ("users", "companies", "journals", "memberships", "entries")
    ]


def test_a_refusal_by_citus_rolls_every_step_back(citus: Engine) -> None:
    md = synthetic(with_bad=False)
    # An INTEGER company_id cannot share shards with the BIGINT companies.id: Citus refuses.
    Table(
        "odd",
        md,
        Column("company_id", Integer, ForeignKey("companies.id"), primary_key=True),
        Column("id", BigInteger, primary_key=True, autoincrement=False),
    )
    _fill(citus, md)
    with pytest.raises(DistributionRefused, match=r"^Citus refused odd: .*; nothing changed$"):
        distribute(citus, md)
    assert _partitions(citus) == {}


def test_a_schema_with_blockers_is_refused_before_any_call(citus: Engine) -> None:
    _fill(citus, synthetic(with_bad=False))  # the good tables exist; the bad ones block all
    with pytest.raises(DistributionRefused, match=r"^7 constraints cannot be distributed"):
        distribute(citus, synthetic(with_bad=True))
    assert _partitions(citus) == {}


def test_a_distributed_table_grown_in_bulk_is_analysed_on_its_shard_until_it_has_quadrupled(
    citus: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``store.statistics`` in the writer's transaction: Citus passes ``ANALYZE (SKIP_LOCKED)``
    on to the shard, while the coordinator's shell keeps ``reltuples`` 0; the rows written
    stand in for the size, so the second ``ANALYZE`` waits for four times the rows."""
    first = 100
    monkeypatch.setattr(statistics, "FIRST", first)
    probe = Table("probe", MetaData(), Column("company_id", BigInteger), Column("v", Integer))
    probe.create(citus)
    with citus.begin() as conn:
        conn.execute(text("SELECT create_distributed_table('probe', 'company_id')"))
    uow = UnitOfWork.from_engine(citus)
    analysed = []
    with uow:
        for start in range(0, 5 * first, first):
            with counting(citus) as seen:
                insert_tuples(
                    uow.session,
                    probe,
                    ("company_id", "v"),
                    [(1, i) for i in range(start, start + first)],
                )
            analysed.append(sum(1 for s in seen if s.startswith("ANALYZE")))
        uow.commit()
    assert analysed == [1, 0, 0, 1, 0]
    with citus.connect() as conn:
        shell = conn.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'probe'"))
        assert shell.scalar_one() == 0
        shards = (
            conn.execute(
                text(
                    "SELECT result FROM run_command_on_shards('probe', "
                    "$$SELECT reltuples FROM pg_class WHERE oid = '%s'::regclass$$)"
                )
            )
            .scalars()
            .all()
        )
    assert sorted(float(r) for r in shards)[-1] == 4 * first  # as of the second ANALYZE
