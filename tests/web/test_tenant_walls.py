"""Issue 16's attacker through the browser: users page, tokens page, company switch, sessions.

The attacker is logged in as company A's admin; the victim is company B's
admin. Every attempt to reach B is refused or confined to A, and B is
exactly as before. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.access import memberships, passwords, tokens, users
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.walls import ATTACKER, B_NAME, B_ONLY, PASSWORD, VICTIM, World, build_world, snapshot_of
from tests.web.conftest import csrf_of, log_in

SECRET = re.compile(r'<code class="secret">([^<]+)</code>')
Browser = Callable[[str], TestClient]


@pytest.fixture
def world(uow: UnitOfWork, company: SeededCompany) -> World:
    return build_world(uow, company)


@pytest.fixture
def browser(engine: Engine) -> Iterator[Browser]:
    """``browser(email)``: a fresh client logged in as that person."""
    app = create_app(engine)
    clients: list[TestClient] = []

    def make(email: str) -> TestClient:
        c = TestClient(app, raise_server_exceptions=False)
        clients.append(c)
        return log_in(c, email)

    yield make
    for c in clients:
        c.close()


def send(client: TestClient, url: str, data: dict[str, str], page: str = "/settings") -> Response:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


def test_adding_the_victim_on_the_users_page_shows_and_changes_nothing_of_b(
    browser: Browser, uow: UnitOfWork, world: World
) -> None:
    mallory = browser(ATTACKER)
    before = snapshot_of(uow, world.b.id)
    added = send(
        mallory,
        "/settings/users",
        {"email": VICTIM, "password": "mallory's password", "role": "admin", "name": "X"},
    )
    assert added.status_code == 303
    page = mallory.get("/settings/users").text
    assert VICTIM in page and B_NAME not in page and B_ONLY not in page
    assert snapshot_of(uow, world.b.id)["users"] == before["users"]
    assert passwords.authenticate(uow, VICTIM, PASSWORD).id == world.victim_id


def test_the_company_switch_goes_only_where_the_person_is_an_active_member(
    browser: Browser, uow: UnitOfWork, world: World
) -> None:
    mallory = browser(ATTACKER)
    refused = send(mallory, "/company", {"company_id": str(world.b.id)})
    assert refused.status_code == 403
    assert B_NAME not in mallory.get("/settings").text
    assert "Test Company SL" in mallory.get("/settings").text
    users.create_user(uow, world.a.id, VICTIM, "ignored", "accountant")
    victim = browser(VICTIM)
    assert send(victim, "/company", {"company_id": str(world.a.id)}).status_code == 303
    assert "Test Company SL" in victim.get("/settings").text
    memberships.update_member(uow, world.a.id, world.victim_id, active=False)
    assert victim.get("/settings", follow_redirects=False).status_code == 303  # logged out of A
    victim = browser(VICTIM)
    assert B_NAME in victim.get("/settings").text
    again = send(victim, "/company", {"company_id": str(world.a.id)})
    assert again.status_code == 403


def test_a_persons_companies_are_listed_to_that_person_only(
    browser: Browser, uow: UnitOfWork, world: World
) -> None:
    users.create_user(uow, world.a.id, VICTIM, "ignored", "auditor")
    mine = browser(VICTIM).get("/settings/account").text
    assert B_NAME in mine and "Test Company SL" in mine
    mallory = browser(ATTACKER)
    for url in ("/settings/users", "/settings/account", "/settings/tokens", "/settings/audit"):
        assert B_NAME not in mallory.get(url).text, url


def test_a_token_minted_on_the_tokens_page_acts_in_a_alone(
    browser: Browser, uow: UnitOfWork, world: World
) -> None:
    users.create_user(uow, world.a.id, VICTIM, "ignored", "admin")
    mallory = browser(ATTACKER)
    issued = send(
        mallory, "/settings/tokens", {"email": VICTIM, "name": "stolen"}, "/settings/tokens"
    )
    match = SECRET.search(issued.text)
    assert match
    stolen = {"Authorization": f"Bearer {match.group(1)}"}
    before = snapshot_of(uow, world.b.id)
    for body in ({"company_id": world.b.id}, {"company_id": world.b.id, "role": "admin"}):
        res = mallory.post("/api/v1/tokens", json=body, headers=stolen)
        assert (res.status_code, res.json()["code"]) == (403, "forbidden")
    assert snapshot_of(uow, world.b.id) == before
    assert tokens.resolve_token(uow, match.group(1)).company_id == world.a.id


def test_an_auditor_session_mints_no_wider_token(
    browser: Browser, uow: UnitOfWork, world: World
) -> None:
    users.create_user(uow, world.a.id, VICTIM, "ignored", "auditor")
    victim = browser(VICTIM)
    send(victim, "/company", {"company_id": str(world.a.id)})
    before = snapshot_of(uow, world.a.id)
    wider = send(victim, "/settings/tokens", {"role": "admin"}, "/settings/tokens")
    assert wider.status_code == 403
    assert snapshot_of(uow, world.a.id) == before


def test_resetting_the_victims_password_is_refused_on_the_users_page(
    browser: Browser, uow: UnitOfWork, world: World
) -> None:
    users.create_user(uow, world.a.id, VICTIM, "ignored", "billing_clerk")
    mallory = browser(ATTACKER)
    before = snapshot_of(uow, world.b.id)
    res = send(mallory, f"/settings/users/{world.victim_id}/reset-password", {})
    assert res.status_code == 403
    assert "also a member elsewhere" in res.text
    assert SECRET.search(res.text) is None
    other = send(mallory, f"/settings/users/{world.b_only_id}/reset-password", {})
    assert other.status_code == 404
    assert snapshot_of(uow, world.b.id) == before
