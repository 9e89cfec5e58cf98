"""``lock_scoped``: the first read of every state change (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, update

from asiento.domain.errors import NotFound
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.locks import lock_scoped
from asiento.store.tables import Partner
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer


def test_a_locked_read_is_scoped_to_the_company(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company)
    other = seed_company(uow, "Other SL", "EUR")
    with uow:
        assert lock_scoped(uow.session, Partner, company.id, acme, "partner").name == "Acme"
        with pytest.raises(NotFound, match=f"partner {acme} not found"):
            lock_scoped(uow.session, Partner, other.id, acme, "partner")


@pytest.mark.pg
def test_a_locked_read_replaces_the_copy_the_session_already_held(
    engine: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    """Checking a state on a stale copy is how twenty callers all saw a draft."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers: no other transaction can commit meanwhile")
    acme = customer(uow, company)
    with uow:
        stale = uow.session.get(Partner, acme)
        assert stale is not None and stale.name == "Acme"
        with engine.begin() as other:
            other.execute(update(Partner).where(Partner.id == acme).values(name="Acme Renamed"))
        locked = lock_scoped(uow.session, Partner, company.id, acme, "partner")
        assert locked is stale and locked.name == "Acme Renamed"
