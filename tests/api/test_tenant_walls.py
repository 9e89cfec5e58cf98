"""Issue 16's attacker, step by step, and every variation, through the API.

An admin of company A tries to reach company B, where they were never
admitted, through a victim who is B's admin: by adding the victim to A, by
minting tokens for them, by asking those tokens for B, by resetting their
password. Each step is refused (403/404) or confined to A, and B -- its
rows, its memberships, its members' passwords -- is exactly as before.
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.domain.errors import Unauthenticated
from asiento.services.access import passwords, tokens, users
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.api.conftest import bearer
from tests.walls import ATTACKER, B_ONLY, PASSWORD, VICTIM, World, build_world, snapshot_of

V1 = "/api/v1"
USER_KEYS = {"id", "email", "name", "role", "active"}


@pytest.fixture
def world(uow: UnitOfWork, company: SeededCompany) -> World:
    return build_world(uow, company)


@pytest.fixture
def mallory(engine: Engine, uow: UnitOfWork, world: World) -> Iterator[TestClient]:
    """The attacker: an admin token of company A."""
    token = tokens.create_token(uow, world.a.id, ATTACKER).token
    app = create_app(engine)
    with TestClient(app, headers=bearer(token), raise_server_exceptions=False) as c:
        yield c


def test_the_attack_of_the_issue_is_refused_step_by_step(
    mallory: TestClient, uow: UnitOfWork, world: World
) -> None:
    before = snapshot_of(uow, world.b.id)
    # 1. adding an existing person: a membership in A, nothing else
    added = mallory.post(
        f"{V1}/users",
        json={"email": VICTIM, "password": "mallory's password", "role": "admin", "name": "X"},
    )
    assert added.status_code == 201, added.text
    assert added.json() == {
        "id": world.victim_id,
        "email": VICTIM,
        "name": "Victor",
        "role": "admin",
        "active": True,
    }
    with pytest.raises(Unauthenticated):
        passwords.authenticate(uow, VICTIM, "mallory's password")
    assert passwords.authenticate(uow, VICTIM, PASSWORD).id == world.victim_id
    # 2. a token for the victim in A: allowed, and it acts in A only
    minted = mallory.post(f"{V1}/tokens", json={"email": VICTIM, "name": "stolen"})
    assert (minted.status_code, minted.json()["company_id"]) == (201, world.a.id)
    stolen = bearer(minted.json()["token"])
    # 3. that token asks for B, reads B, names B: all refused
    for res in (
        mallory.post(f"{V1}/tokens", json={"company_id": world.b.id}, headers=stolen),
        mallory.post(
            f"{V1}/tokens", json={"company_id": world.b.id, "email": VICTIM}, headers=stolen
        ),
        mallory.get(f"{V1}/entries", headers={**stolen, "X-Company-Id": str(world.b.id)}),
        mallory.get(f"{V1}/companies/{world.b.id}", headers=stolen),
        mallory.patch(f"{V1}/companies/{world.b.id}", json={"name": "Owned"}, headers=stolen),
    ):
        assert (res.status_code, res.json()["code"]) == (403, "forbidden"), res.text
    assert mallory.get(f"{V1}/entries/{world.b_entry_id}", headers=stolen).status_code == 404
    assert snapshot_of(uow, world.b.id) == before
    assert all(t.company_id == world.a.id for t in tokens.list_tokens(uow, world.a.id))
    assert tokens.list_tokens(uow, world.b.id) == []


def test_listing_users_shows_only_the_roles_in_the_callers_company(
    mallory: TestClient, uow: UnitOfWork, world: World
) -> None:
    mallory.post(f"{V1}/users", json={"email": VICTIM, "password": "x" * 12, "role": "auditor"})
    auditor = tokens.create_token(uow, world.a.id, VICTIM).token
    for headers in ({}, bearer(auditor)):
        listed = mallory.get(f"{V1}/users", headers=headers).json()["items"]
        assert all(set(u) == USER_KEYS for u in listed)
        assert {u["email"]: u["role"] for u in listed} == {ATTACKER: "admin", VICTIM: "auditor"}
        one = mallory.get(f"{V1}/users/{world.victim_id}", headers=headers).json()
        assert (one["role"], set(one)) == ("auditor", USER_KEYS)
    assert mallory.get(f"{V1}/users/{world.b_only_id}").status_code == 404


def test_an_auditor_token_of_an_admin_elsewhere_mints_no_admin_token_anywhere(
    mallory: TestClient, uow: UnitOfWork, world: World
) -> None:
    mallory.post(f"{V1}/users", json={"email": VICTIM, "password": "x" * 12, "role": "auditor"})
    auditor = bearer(tokens.create_token(uow, world.a.id, VICTIM).token)
    before_a, before_b = snapshot_of(uow, world.a.id), snapshot_of(uow, world.b.id)
    for body in (
        {"company_id": world.b.id, "role": "admin"},
        {"company_id": world.b.id},
        {"role": "admin"},
        {"role": "accountant"},
        {"email": ATTACKER},
    ):
        res = mallory.post(f"{V1}/tokens", json=body, headers=auditor)
        assert (res.status_code, res.json()["code"]) == (403, "forbidden"), body
    assert snapshot_of(uow, world.a.id) == before_a
    assert snapshot_of(uow, world.b.id) == before_b
    own = mallory.post(f"{V1}/tokens", json={}, headers=auditor)
    assert (own.status_code, own.json()["role"], own.json()["company_id"]) == (
        201,
        "auditor",
        world.a.id,
    )


def test_no_token_issues_tokens_for_another_company_even_its_own_users(
    mallory: TestClient, uow: UnitOfWork, world: World
) -> None:
    """The victim's own admin token of B cannot mint for A either: one company per token."""
    users.create_user(uow, world.a.id, VICTIM, "ignored", "auditor")
    victims = bearer(tokens.create_token(uow, world.b.id, VICTIM).token)
    res = mallory.post(f"{V1}/tokens", json={"company_id": world.a.id}, headers=victims)
    assert (res.status_code, res.json()["code"]) == (403, "forbidden")
    assert world.victim_id not in [t.user_id for t in tokens.list_tokens(uow, world.a.id)]


def test_the_attacker_cannot_reset_or_change_the_victims_password(
    mallory: TestClient, uow: UnitOfWork, world: World
) -> None:
    mallory.post(f"{V1}/users", json={"email": VICTIM, "password": "x" * 12, "role": "admin"})
    mallory.post(f"{V1}/users", json={"email": B_ONLY, "password": "x" * 12, "role": "auditor"})
    stolen = bearer(tokens.create_token(uow, world.a.id, VICTIM).token)
    before = snapshot_of(uow, world.b.id)
    for headers in ({}, stolen):
        for user_id in (world.victim_id, world.b_only_id):
            res = mallory.post(f"{V1}/users/{user_id}/password-reset", headers=headers)
            assert (res.status_code, res.json()["code"]) == (403, "forbidden"), res.text
    changed = mallory.post(
        f"{V1}/me/password",
        json={"current_password": "guess guess guess", "new_password": "mallory owns it"},
        headers=stolen,
    )
    assert (changed.status_code, changed.json()["code"]) == (403, "forbidden")
    after = snapshot_of(uow, world.b.id)
    assert after["users"] == before["users"]
    assert passwords.authenticate(uow, VICTIM, PASSWORD).id == world.victim_id


def test_the_attacker_reaches_no_member_of_b_by_id(
    mallory: TestClient, uow: UnitOfWork, world: World
) -> None:
    before = snapshot_of(uow, world.b.id)
    for res in (
        mallory.get(f"{V1}/users/{world.b_only_id}"),
        mallory.patch(f"{V1}/users/{world.b_only_id}", json={"active": False}),
        mallory.patch(f"{V1}/users/{world.victim_id}", json={"role": "auditor"}),
        mallory.post(f"{V1}/users/{world.b_only_id}/password-reset"),
    ):
        assert (res.status_code, res.json()["code"]) == (404, "not_found"), res.text
    minted = mallory.post(f"{V1}/tokens", json={"email": B_ONLY})
    nobody = mallory.post(f"{V1}/tokens", json={"email": "nobody@nowhere.test"})
    assert (minted.status_code, minted.json()["code"]) == (422, "not_found")
    assert minted.json()["detail"].replace(B_ONLY, "?") == nobody.json()["detail"].replace(
        "nobody@nowhere.test", "?"
    )
    assert snapshot_of(uow, world.b.id) == before


def test_deactivating_the_victim_in_a_leaves_their_b_membership_and_tokens(
    engine: Engine, mallory: TestClient, uow: UnitOfWork, world: World
) -> None:
    mallory.post(f"{V1}/users", json={"email": VICTIM, "password": "x" * 12, "role": "accountant"})
    in_a = bearer(tokens.create_token(uow, world.a.id, VICTIM).token)
    in_b = bearer(tokens.create_token(uow, world.b.id, VICTIM).token)
    before = snapshot_of(uow, world.b.id)
    off = mallory.patch(f"{V1}/users/{world.victim_id}", json={"active": False})
    assert (off.status_code, off.json()["active"], off.json()["role"]) == (200, False, "accountant")
    assert mallory.get(f"{V1}/accounts", headers=in_a).status_code == 401
    assert mallory.get(f"{V1}/accounts", headers=in_b).status_code == 200
    assert snapshot_of(uow, world.b.id) == before
    assert passwords.authenticate(uow, VICTIM, PASSWORD).id == world.victim_id


def test_a_company_created_through_the_api_gives_a_token_for_it_alone(
    mallory: TestClient, uow: UnitOfWork, world: World
) -> None:
    made = mallory.post(f"{V1}/companies", json={"name": "Shell SL", "currency": "EUR"})
    assert made.status_code == 201
    shell = bearer(made.json()["token"])
    principal = tokens.resolve_token(uow, made.json()["token"])
    assert (principal.company_id, principal.role.value) == (made.json()["id"], "admin")
    for cid in (world.a.id, world.b.id):
        res = mallory.post(f"{V1}/tokens", json={"company_id": cid}, headers=shell)
        assert res.status_code == 403
