"""An admin changes roles and deactivates memberships; the person keeps their other companies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from asiento.domain.access import Principal, Role
from asiento.domain.errors import Forbidden, InvalidInput, NotFound, StateConflict, Unauthenticated
from asiento.services.access import audit, memberships, sessions, tokens, users
from asiento.services.access import principal as access
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.uow import UnitOfWork

PASSWORD = "a long password"


@pytest.fixture(autouse=True)
def _operator() -> Iterator[None]:
    access.set_principal(None)
    yield
    access.set_principal(None)


def test_an_admin_changes_a_role_and_the_audit_log_says_from_what(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    view = memberships.update_member(uow, company.id, ana.id, role="accountant")
    assert (view.role, view.active) == ("accountant", True)
    assert [(u.email, u.role) for u in users.list_users(uow, company.id)] == [
        ("ana@x.test", "accountant")
    ]
    event = audit.list_events(uow, company.id, action="user.update")[0]
    assert (event.object_id, event.before, event.after) == (
        ana.id,
        {"role": "auditor", "active": True},
        {"role": "accountant", "active": True},
    )
    with pytest.raises(InvalidInput, match="unknown role 'boss'"):
        memberships.update_member(uow, company.id, ana.id, role="boss")


def test_deactivating_a_membership_keeps_the_other_companies(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SA", "EUR")
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "accountant")
    users.create_user(uow, other.id, "ana@x.test", "ignored", "admin")
    here, there = (tokens.create_token(uow, c, "ana@x.test").token for c in (company.id, other.id))
    live = sessions.start(uow, ana.id)
    off = memberships.update_member(uow, company.id, ana.id, active=False)
    assert (off.role, off.active) == ("accountant", False)
    with pytest.raises(Unauthenticated):
        tokens.resolve_token(uow, here)
    with pytest.raises(Unauthenticated):
        sessions.resolve(uow, live, ana.id, company.id)
    assert tokens.resolve_token(uow, there).company_id == other.id
    assert sessions.resolve(uow, live, ana.id, other.id).role is Role.ADMIN
    assert [c[0] for c in users.companies_of(uow, ana.id)] == [other.id]
    back = memberships.update_member(uow, company.id, ana.id, active=True)
    assert back.active and tokens.resolve_token(uow, here).company_id == company.id


def test_the_last_active_admin_is_neither_demoted_nor_deactivated(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    boss = users.create_user(uow, company.id, "boss@x.test", PASSWORD, "admin")
    for change in ({"role": "auditor"}, {"active": False}):
        with pytest.raises(StateConflict, match="last active admin"):
            memberships.update_member(uow, company.id, boss.id, **change)  # type: ignore[arg-type]
    second = users.create_user(uow, company.id, "second@x.test", PASSWORD, "admin")
    assert memberships.update_member(uow, company.id, boss.id, role="auditor").role == "auditor"
    with pytest.raises(StateConflict, match="last active admin"):
        memberships.update_member(uow, company.id, second.id, active=False)


def test_only_an_admin_of_this_company_changes_its_members(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SA", "EUR")
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    bob = users.create_user(uow, other.id, "bob@x.test", PASSWORD, "auditor")
    access.set_principal(Principal(ana.id, company.id, Role.ACCOUNTANT))
    with pytest.raises(Forbidden, match="may not users"):
        memberships.update_member(uow, company.id, ana.id, role="admin")
    access.set_principal(Principal(ana.id, company.id, Role.ADMIN))
    with pytest.raises(Forbidden, match="not valid for company"):
        memberships.update_member(uow, other.id, bob.id, active=False)
    with pytest.raises(NotFound):
        memberships.update_member(uow, company.id, bob.id, active=False)
    access.set_principal(None)
    assert users.list_users(uow, other.id)[0].active
