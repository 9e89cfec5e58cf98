"""Passwords, throttling and the role table, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from asiento.domain.access import ROLE_PERMISSIONS, Permission, Role, allows
from asiento.domain.errors import InvalidInput, StateConflict, Unauthenticated
from asiento.services.access import passwords, users
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork


def test_the_role_table() -> None:
    assert allows(Role.BILLING_CLERK, Permission.INVOICE_WRITE)
    assert not allows(Role.BILLING_CLERK, Permission.ENTRY_POST)
    assert not allows(Role.BILLING_CLERK, Permission.SETTINGS)
    assert ROLE_PERMISSIONS[Role.AUDITOR] == {Permission.READ}
    assert allows(Role.ACCOUNTANT, Permission.LOCK_DATE)
    assert not allows(Role.ACCOUNTANT, Permission.USERS)
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)


def test_login_is_throttled_after_five_failures(uow: UnitOfWork, company: SeededCompany) -> None:
    users.create_user(uow, company.id, "Ana@X.test", "a long password", "accountant")
    assert passwords.authenticate(uow, "ana@x.test", "a long password").email == "ana@x.test"
    for _ in range(passwords.MAX_FAILURES):
        with pytest.raises(Unauthenticated, match="wrong email or password"):
            passwords.authenticate(uow, "ana@x.test", "wrong")
    with pytest.raises(Unauthenticated) as locked:
        passwords.authenticate(uow, "ana@x.test", "a long password")
    with pytest.raises(Unauthenticated) as unknown:
        passwords.authenticate(uow, "nobody@x.test", "a long password")
    assert locked.value.message == unknown.value.message == passwords.REFUSED


def test_bad_users_are_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    with pytest.raises(InvalidInput, match="unknown role 'boss'"):
        users.create_user(uow, company.id, "b@x.test", "a long password", "boss")
    with pytest.raises(InvalidInput, match="is not an email address"):
        users.create_user(uow, company.id, "nobody", "a long password", "auditor")
    users.create_user(uow, company.id, "c@x.test", "a long password", "auditor")
    with pytest.raises(StateConflict, match="already a member"):
        users.create_user(uow, company.id, "c@x.test", "a long password", "admin")
    assert [u.email for u in users.list_users(uow, company.id)] == ["c@x.test"]
