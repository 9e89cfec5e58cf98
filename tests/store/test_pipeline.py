"""``store.pipeline.pipelined``: writes queued on PostgreSQL, read back in order, errors as
SQLAlchemy's, nothing kept from a refused block; a plain block on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from asiento.services.demo.seed import SeededCompany
from asiento.store.bulk import COPY_FROM, insert_tuples
from asiento.store.pipeline import pipelined
from asiento.store.sequences import reserve_ids
from asiento.store.tables import Account, AuditEvent
from asiento.store.uow import UnitOfWork
from tests.sql_counter import counting

EVENTS = AuditEvent.__table__


def _event(company_id: int, event_id: int, action: str) -> dict[str, object]:
    return {"id": event_id, "company_id": company_id, "action": action,
            "object_kind": "probe", "object_id": event_id}  # fmt: skip


def _probes(uow: UnitOfWork) -> list[str]:
    stmt = select(EVENTS.c.action).where(EVENTS.c.object_kind == "probe").order_by(EVENTS.c.id)
    return list(uow.session.scalars(stmt))


def test_queued_writes_are_seen_by_a_read_in_the_block_and_committed_after_it(
    uow: UnitOfWork, engine: Engine, company: SeededCompany
) -> None:
    with uow:
        (first,) = reserve_ids(uow.session, (EVENTS,))
        with counting(engine) as sent, pipelined(uow.session):
            conn = uow.session.connection()
            conn.execute(insert(EVENTS), _event(company.id, first, "probe.first"))
            conn.execute(insert(EVENTS), _event(company.id, first + 1, "probe.second"))
            counted = conn.execute(
                select(func.count()).where(EVENTS.c.object_kind == "probe")
            ).scalar_one()
            driver = conn.connection.driver_connection
            in_pipeline = engine.dialect.name == "postgresql" and driver.pgconn.pipeline_status
        uow.commit()
    assert counted == 2
    assert len(sent) == 3
    assert bool(in_pipeline) is (engine.dialect.name == "postgresql")
    with uow:
        assert _probes(uow) == ["probe.first", "probe.second"]


@pytest.mark.parametrize("read_after", [False, True], ids=["at the end", "at a read"])
def test_a_refused_write_is_raised_as_integrity_error_and_the_block_keeps_nothing(
    uow: UnitOfWork, company: SeededCompany, read_after: bool
) -> None:
    """Raised at the end of the block, or at the first read after the write (the read syncs
    the queue), before anything builds on it; nothing of the block is kept."""
    reached = False
    with uow:
        (taken,) = reserve_ids(uow.session, (EVENTS,))
        with pytest.raises(IntegrityError), pipelined(uow.session):
            conn = uow.session.connection()
            conn.execute(insert(EVENTS), _event(company.id, taken, "probe.kept"))
            conn.execute(insert(EVENTS), _event(company.id, taken, "probe.twice"))
            if read_after:
                conn.execute(select(func.count()).select_from(EVENTS)).scalar_one()
                reached = True
    assert not reached
    with uow:
        assert _probes(uow) == []


def test_bulk_rows_inside_the_block_go_by_unnest_where_copy_cannot_run(
    uow: UnitOfWork, engine: Engine, company: SeededCompany
) -> None:
    """``COPY`` is refused in pipeline mode: more rows than ``COPY_FROM`` still go in, all."""
    count = COPY_FROM + 5
    with uow:
        with counting(engine) as sent, pipelined(uow.session):
            insert_tuples(uow.session, EVENTS, ("company_id", "action", "object_kind", "object_id", "actor"),
                          [(company.id, f"probe.{k}", "probe", k, "system") for k in range(count)])  # fmt: skip
        uow.commit()
    assert not any(s.startswith("COPY") for s in sent), sent
    with uow:
        assert _probes(uow) == [f"probe.{k}" for k in range(count)]


def test_an_orm_flush_inside_the_block_counts_its_updated_rows(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """The unit of work checks each UPDATE's row count as it goes: a flush inside the block
    waits for each of its statements (else every update would look stale)."""
    with uow:
        account = uow.session.get_one(Account, company.accounts["1100"])
        with pipelined(uow.session):
            account.name = "Debtors (renamed)"
            uow.session.flush()
        uow.commit()
    with uow:
        renamed = uow.session.get_one(Account, company.accounts["1100"])
        assert renamed.name == "Debtors (renamed)"
