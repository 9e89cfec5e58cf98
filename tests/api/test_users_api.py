"""User management over the API: roles, deactivation, password reset and change."""

from __future__ import annotations

from fastapi.testclient import TestClient

from asiento.services.access import passwords, tokens, users
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.api.conftest import RoleClient, bearer

V1 = "/api/v1"
PASSWORD = "correct horse battery"


def test_an_admin_changes_a_role_and_deactivates_a_membership(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    token = bearer(tokens.create_token(uow, company.id, "ana@x.test").token)
    promoted = api.patch(f"{V1}/users/{ana.id}", json={"role": "accountant"})
    assert promoted.json() == {
        "id": ana.id,
        "email": "ana@x.test",
        "name": "",
        "role": "accountant",
        "active": True,
    }
    off = api.patch(f"{V1}/users/{ana.id}", json={"active": False})
    assert (off.status_code, off.json()["active"]) == (200, False)
    assert api.get(f"{V1}/accounts", headers=token).status_code == 401
    bad = api.patch(f"{V1}/users/{ana.id}", json={"role": "boss"})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "role")
    actions = [e["action"] for e in api.get(f"{V1}/audit").json()["items"]]
    assert actions[:2] == ["user.update", "user.update"]


def test_the_last_admin_cannot_demote_themselves(api: TestClient, company: SeededCompany) -> None:
    me = api.get(f"{V1}/users").json()["items"][0]
    res = api.patch(f"{V1}/users/{me['id']}", json={"role": "auditor"})
    assert (res.status_code, res.json()["code"]) == (409, "state_conflict")
    assert api.get(f"{V1}/users/{me['id']}").json()["role"] == "admin"


def test_a_non_admin_manages_no_one(
    as_role: RoleClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    accountant = as_role("accountant")
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    for res in (
        accountant.patch(f"{V1}/users/{ana.id}", json={"role": "admin"}),
        accountant.post(f"{V1}/users/{ana.id}/password-reset"),
    ):
        assert (res.status_code, res.json()["code"]) == (403, "forbidden")
    assert users.get_member(uow, company.id, ana.id).role == "auditor"


def test_an_admin_resets_a_password_shown_once(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    reset = api.post(f"{V1}/users/{ana.id}/password-reset")
    assert reset.status_code == 200
    fresh = reset.json()["password"]
    assert len(fresh) >= users.MIN_PASSWORD
    assert passwords.authenticate(uow, "ana@x.test", fresh).id == ana.id
    assert "password_reset" in api.get(f"{V1}/audit").json()["items"][0]["action"]


def test_a_person_changes_their_own_password_with_the_current_one(
    as_role: RoleClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    clerk = as_role("billing_clerk")
    email = f"billing_clerk@c{company.id}.test"
    wrong = clerk.post(
        f"{V1}/me/password",
        json={"current_password": "not the one", "new_password": "a brand new password"},
    )
    assert (wrong.status_code, wrong.json()["detail"]) == (403, "the current password is wrong")
    short = clerk.post(
        f"{V1}/me/password", json={"current_password": PASSWORD, "new_password": "short"}
    )
    assert (short.status_code, short.json()["errors"][0]["field"]) == (422, "password")
    done = clerk.post(
        f"{V1}/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new password"},
    )
    assert done.status_code == 204
    assert passwords.authenticate(uow, email, "a brand new password").email == email
