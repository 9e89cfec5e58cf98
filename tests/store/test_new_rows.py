"""``store.new_rows.insert_persistent``: one Core INSERT, then the object is a clean row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, inspect, select

from asiento.services.demo.seed import SeededCompany
from asiento.store.new_rows import insert_persistent
from asiento.store.sequences import reserve_ids
from asiento.store.session import make_session_factory
from asiento.store.tables import AuditEvent
from tests.sql_counter import counting


def test_the_row_is_written_once_and_the_object_is_clean(
    engine: Engine, company: SeededCompany
) -> None:
    factory = make_session_factory(engine)
    with factory() as session:
        event = AuditEvent(company_id=company.id, action="x.y", object_kind="x", object_id=1)
        (event.id,) = reserve_ids(session, (AuditEvent.__table__,))
        with counting(engine) as sent:
            insert_persistent(session, event)
            session.flush()
        assert len(sent) == 1 and sent[0].startswith("INSERT INTO audit_events"), sent
        state = inspect(event)
        assert state.persistent and not session.dirty
        assert event.actor == "system"  # the scalar default, as a flush would give it
        assert "at" in state.expired_attributes  # the server default: read when asked
        assert isinstance(event.at, datetime | str)
        session.commit()
    with factory() as session:
        stored = session.scalars(select(AuditEvent).where(AuditEvent.action == "x.y")).one()
        assert (stored.id, stored.actor, stored.object_id) == (event.id, "system", 1)


def test_a_row_without_its_id_is_refused(engine: Engine, company: SeededCompany) -> None:
    with make_session_factory(engine)() as session:
        event = AuditEvent(company_id=company.id, action="x", object_kind="x", at=datetime.now(UTC))
        with pytest.raises(ValueError, match="primary key"):
            insert_persistent(session, event)
