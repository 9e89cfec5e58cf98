"""The login throttle under parallel attempts, and who may change a password.

SQLite and PostgreSQL; the parallel test matters on PostgreSQL, where the
thirty attempts really overlap (SQLite serialises the writers).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, select

from asiento.domain.access import Principal, Role
from asiento.domain.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from asiento.services.access import audit, passwords, sessions, users
from asiento.services.access import principal as access
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.tables import User
from asiento.store.uow import UnitOfWork

PASSWORD = "a long password"
ATTEMPTS = 30


@pytest.fixture(autouse=True)
def _operator() -> Iterator[None]:
    """Each test starts and ends as the local operator (no principal leaks to other tests)."""
    access.set_principal(None)
    yield
    access.set_principal(None)


def _failures(uow: UnitOfWork, email: str) -> tuple[int, bool]:
    with uow:
        user = uow.session.scalars(select(User).where(User.email == email)).one()
        return user.failed_logins, user.locked_until is not None


def test_thirty_parallel_wrong_passwords_are_all_counted(
    engine: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    users.create_user(uow, company.id, "ana@x.test", PASSWORD, "accountant")
    start = threading.Barrier(ATTEMPTS)

    def attempt(i: int) -> str:
        start.wait()
        try:
            passwords.authenticate(UnitOfWork.from_engine(engine), "ana@x.test", f"wrong {i}")
        except Unauthenticated as exc:
            return exc.message
        return "logged in"

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        answers = list(pool.map(attempt, range(ATTEMPTS)))
    assert answers == [passwords.REFUSED] * ATTEMPTS
    assert _failures(uow, "ana@x.test") == (ATTEMPTS, True)
    with pytest.raises(Unauthenticated, match="too many failed attempts"):
        passwords.authenticate(uow, "ana@x.test", PASSWORD)


def test_locked_unknown_inactive_and_wrong_answer_the_same(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    users.create_user(uow, company.id, "ana@x.test", PASSWORD, "accountant")
    users.create_user(uow, company.id, "off@x.test", PASSWORD, "accountant")
    with uow:
        uow.session.scalars(select(User).where(User.email == "off@x.test")).one().active = False
        uow.commit()
    wrong = [("ana@x.test", "wrong")] * passwords.MAX_FAILURES
    tries = [
        ("nobody@x.test", PASSWORD),
        ("off@x.test", PASSWORD),
        *wrong,
        ("ana@x.test", PASSWORD),
    ]
    answers = []
    for email, password in tries:
        with pytest.raises(Unauthenticated) as refused:
            passwords.authenticate(uow, email, password)
        answers.append((type(refused.value), refused.value.status, refused.value.message))
    assert set(answers) == {(Unauthenticated, 401, passwords.REFUSED)}
    assert _failures(uow, "ana@x.test") == (passwords.MAX_FAILURES, True)


def test_a_success_resets_the_count(uow: UnitOfWork, company: SeededCompany) -> None:
    users.create_user(uow, company.id, "ana@x.test", PASSWORD, "accountant")
    for _ in range(passwords.MAX_FAILURES - 1):
        with pytest.raises(Unauthenticated):
            passwords.authenticate(uow, "ana@x.test", "wrong")
    assert _failures(uow, "ana@x.test") == (passwords.MAX_FAILURES - 1, False)
    assert passwords.authenticate(uow, "ana@x.test", PASSWORD).email == "ana@x.test"
    assert _failures(uow, "ana@x.test") == (0, False)


def test_a_person_changes_their_password_with_the_current_one(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    kept, other = sessions.start(uow, ana.id), sessions.start(uow, ana.id)
    access.set_principal(Principal(ana.id, company.id, Role.AUDITOR))
    with pytest.raises(Forbidden, match="current password is wrong"):
        passwords.change_password(uow, ana.id, "not it at all", "a new long password")
    with pytest.raises(InvalidInput, match="at least 10"):
        passwords.change_password(uow, ana.id, PASSWORD, "short")
    assert _failures(uow, "ana@x.test") == (1, False)
    passwords.change_password(uow, ana.id, PASSWORD, "a new long password", keep_session=kept)
    assert sessions.resolve(uow, kept, ana.id, company.id).user_id == ana.id
    with pytest.raises(Unauthenticated):
        sessions.resolve(uow, other, ana.id, company.id)
    access.set_principal(None)
    assert passwords.authenticate(uow, "ana@x.test", "a new long password").id == ana.id
    events = audit.list_events(uow, company.id, action="user.password")
    assert [(e.action, e.object_id) for e in events] == [("user.password_change", ana.id)]


def test_nobody_changes_someone_elses_password_with_their_current_one(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    access.set_principal(Principal(999, company.id, Role.ADMIN))
    with pytest.raises(Forbidden, match="only the person themselves"):
        passwords.change_password(uow, ana.id, PASSWORD, "a new long password")


def test_an_admin_resets_only_a_password_of_their_own_companies(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SA", "EUR")
    boss = users.create_user(uow, company.id, "boss@x.test", PASSWORD, "admin")
    users.create_user(uow, other.id, "boss@x.test", "ignored", "admin")
    clerk = users.create_user(uow, company.id, "clerk@x.test", PASSWORD, "billing_clerk")
    users.create_user(uow, other.id, "clerk@x.test", "ignored", "auditor")
    here_only = users.create_user(uow, company.id, "solo@x.test", PASSWORD, "auditor")
    token = Principal(boss.id, company.id, Role.ADMIN)
    session = Principal(boss.id, company.id, Role.ADMIN, by_password=True)
    access.set_principal(token)  # a token speaks for its one company only
    with pytest.raises(Forbidden, match="also a member elsewhere"):
        passwords.reset_password(uow, company.id, clerk.id)
    fresh = passwords.reset_password(uow, company.id, here_only.id)
    access.set_principal(session)  # the admin's own login speaks for both companies
    both = passwords.reset_password(uow, company.id, clerk.id)
    with pytest.raises(Forbidden, match="your own password"):
        passwords.reset_password(uow, company.id, boss.id)
    with pytest.raises(NotFound):
        passwords.reset_password(uow, company.id, 12345)
    access.set_principal(Principal(boss.id, company.id, Role.ACCOUNTANT, by_password=True))
    with pytest.raises(Forbidden, match="may not users"):
        passwords.reset_password(uow, company.id, here_only.id)
    access.set_principal(None)
    assert passwords.authenticate(uow, "solo@x.test", fresh).id == here_only.id
    assert passwords.authenticate(uow, "clerk@x.test", both).id == clerk.id
    logged = audit.list_events(uow, other.id, action="user.password_reset")
    assert [e.object_id for e in logged] == [clerk.id]


def test_the_operator_sets_any_password_and_ends_the_sessions(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    live = sessions.start(uow, ana.id)
    for _ in range(passwords.MAX_FAILURES):
        with pytest.raises(Unauthenticated):
            passwords.authenticate(uow, "ana@x.test", "wrong")
    passwords.set_password(uow, "ANA@x.test", "set by the operator")
    assert passwords.authenticate(uow, "ana@x.test", "set by the operator").id == ana.id
    with pytest.raises(Unauthenticated):
        sessions.resolve(uow, live, ana.id, company.id)
    with pytest.raises(NotFound):
        passwords.set_password(uow, "ghost@x.test", "set by the operator")
    access.set_principal(Principal(ana.id, company.id, Role.ADMIN))
    with pytest.raises(Forbidden, match="only the operator"):
        passwords.set_password(uow, "ana@x.test", "set by a token holder")
