"""Logout on the server, one's own password, and the admin's user management pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response

from asiento.services.access import passwords, users
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from asiento.web import session
from tests.web.conftest import PASSWORD, WebClient, add_user, csrf_of, log_in

SECRET = re.compile(r'<code class="secret">([^<]+)</code>')


def send(client: TestClient, url: str, data: dict[str, str], page: str) -> Response:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


def test_a_cookie_kept_after_logout_no_longer_works(as_user: WebClient) -> None:
    client = as_user("accountant")
    kept = client.cookies.get(session.COOKIE)
    assert kept
    send(client, "/logout", {}, "/")
    client.cookies.set(session.COOKIE, kept)  # the attacker replays the old cookie
    assert client.get("/", follow_redirects=False).status_code == 303


def test_changing_ones_password_keeps_this_session_and_ends_the_others(
    engine: object, browser_client: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    email = add_user(uow, company.id, "auditor")
    here = log_in(browser_client, email)
    with TestClient(browser_client.app) as elsewhere:
        log_in(elsewhere, email)
        differ = send(
            here,
            "/settings/account/password",
            {
                "current_password": PASSWORD,
                "new_password": "a new long password",
                "confirm_password": "not the same one",
            },
            "/settings/account",
        )
        assert (differ.status_code, "confirmation differ" in differ.text) == (422, True)
        wrong = send(
            here,
            "/settings/account/password",
            {
                "current_password": "not my password",
                "new_password": "a new long password",
                "confirm_password": "a new long password",
            },
            "/settings/account",
        )
        assert (wrong.status_code, "current password is wrong" in wrong.text) == (403, True)
        done = send(
            here,
            "/settings/account/password",
            {
                "current_password": PASSWORD,
                "new_password": "a new long password",
                "confirm_password": "a new long password",
            },
            "/settings/account",
        )
        assert done.status_code == 303
        assert here.get("/settings/account").status_code == 200
        assert elsewhere.get("/", follow_redirects=False).status_code == 303
    assert passwords.authenticate(uow, email, "a new long password").email == email


def test_the_account_page_is_translated(as_user: WebClient) -> None:
    client = as_user("billing_clerk")
    send(client, "/language", {"lang": "es", "next": "/"}, "/")
    assert "Cambiar la contraseña" in client.get("/settings/account").text
    send(client, "/language", {"lang": "zh", "next": "/"}, "/")
    assert "修改密码" in client.get("/settings/account").text


def test_an_admin_changes_roles_deactivates_and_resets_on_the_users_page(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    admin = as_user("admin")
    ana = users.create_user(uow, company.id, "ana@x.test", PASSWORD, "auditor")
    saved = send(
        admin,
        f"/settings/users/{ana.id}",
        {"role": "accountant", "active": "on"},
        "/settings/users",
    )
    assert saved.status_code == 303
    assert users.get_member(uow, company.id, ana.id).role == "accountant"
    off = send(admin, f"/settings/users/{ana.id}", {"role": "accountant"}, "/settings/users")
    assert off.status_code == 303
    assert not users.get_member(uow, company.id, ana.id).active
    reset = send(admin, f"/settings/users/{ana.id}/reset-password", {}, "/settings/users")
    assert reset.status_code == 200
    assert reset.headers["cache-control"] == "no-store"
    shown = SECRET.search(reset.text)
    assert shown
    assert passwords.authenticate(uow, "ana@x.test", shown.group(1)).id == ana.id
    assert SECRET.search(admin.get("/settings/users").text) is None  # shown once
    me = users.find_member(uow, company.id, f"admin@c{company.id}.test")
    last = send(admin, f"/settings/users/{me.id}", {"role": "auditor"}, "/settings/users")
    assert (last.status_code, "last active admin" in last.text) == (409, True)
