"""A table grown in bulk is analysed at 8,000 rows, then each time it has quadrupled (PostgreSQL).

Why pinned: stale statistics after a bulk write made PostgreSQL join the rows just written
by nested loops over every row (``store.statistics``); the planner must know them within
the same transaction. SQLite plans without statistics: nothing is sent there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import BigInteger, Column, Engine, Integer, MetaData, Table, text

from asiento.store import statistics
from asiento.store.bulk import insert_tuples
from asiento.store.uow import UnitOfWork
from tests.sql_counter import counting

PROBE = Table("statistics_probe", MetaData(), Column("id", BigInteger), Column("v", Integer))


@pytest.fixture
def probe(engine: Engine) -> Iterator[Table]:
    PROBE.create(engine)
    yield PROBE
    PROBE.drop(engine)


def _write(uow: UnitOfWork, engine: Engine, start: int, count: int) -> list[str]:
    rows = [(i, i % 7) for i in range(start, start + count)]
    with counting(engine) as seen:
        insert_tuples(uow.session, PROBE, ("id", "v"), rows)
    return [s for s in seen if s.startswith("ANALYZE")]


def _planned_rows(uow: UnitOfWork) -> float:
    return float(
        uow.session.execute(
            text("SELECT reltuples FROM pg_class WHERE relname = 'statistics_probe'")
        ).scalar_one()
    )


def test_a_growing_table_is_analysed_when_it_has_quadrupled(
    uow: UnitOfWork, engine: Engine, probe: Table
) -> None:
    pg = engine.dialect.name == "postgresql"
    first, growth = statistics.FIRST, statistics.GROWTH
    with uow:
        assert _write(uow, engine, 0, first - 1) == []
        analysed = _write(uow, engine, first - 1, 1)
        assert analysed == (["ANALYZE (SKIP_LOCKED) statistics_probe"] if pg else [])
        if pg:
            assert _planned_rows(uow) == first  # its own uncommitted rows count
        second = first + growth * first  # three times the size seen: four times the rows
        assert _write(uow, engine, first, second - first - 1) == []
        assert len(_write(uow, engine, second - 1, 1)) == (1 if pg else 0)
        if pg:
            assert _planned_rows(uow) == second
        uow.commit()


def test_the_count_carries_over_from_one_transaction_to_the_next(
    uow: UnitOfWork, engine: Engine, probe: Table
) -> None:
    """A batch commits every chunk in a new session: its rows still add up."""
    half = statistics.FIRST // 2
    analysed = []
    for start in (0, half):
        with uow:
            analysed += _write(uow, engine, start, half)
            uow.commit()
    assert len(analysed) == (1 if engine.dialect.name == "postgresql" else 0)


def test_a_table_the_catalogue_counts_empty_still_waits_until_it_has_quadrupled(
    uow: UnitOfWork, engine: Engine, probe: Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a Citus coordinator a distributed table is a shell whose ``reltuples`` stays 0 after
    ``ANALYZE`` (its shards hold the rows): the rows this process wrote stand in for its size,
    else it would be analysed every ``FIRST`` rows (three times in 30,000 items, not once)."""
    first = 100
    monkeypatch.setattr(statistics, "FIRST", first)
    monkeypatch.setattr(statistics, "planned_rows", lambda _session, _table: 0)
    with uow:
        analysed = [len(_write(uow, engine, start, first)) for start in range(0, 5 * first, first)]
        uow.commit()
    # at 100 rows; the next at 100 + 3 * 100 = 400, not at 200 and 300
    expected = [1, 0, 0, 1, 0] if engine.dialect.name == "postgresql" else [0] * 5
    assert analysed == expected


def test_the_schedule_is_due_at_the_first_threshold_then_each_fourfold_growth() -> None:
    """The rule itself (``Tally``), which the product's writers and the raw baseline share."""
    tally = statistics.Tally()
    assert not tally.add(statistics.FIRST - 1)
    assert tally.add(1)
    tally.analysed(size=0)  # the catalogue saw nothing (a Citus coordinator): rows written count
    assert tally.threshold == statistics.GROWTH * statistics.FIRST
    assert not tally.add(statistics.GROWTH * statistics.FIRST - 1)
    assert tally.add(1)
    tally.analysed(size=10 * statistics.FIRST)  # the table held more than this process wrote
    assert (tally.since, tally.threshold) == (0, 30 * statistics.FIRST)
