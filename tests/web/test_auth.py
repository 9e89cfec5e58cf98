"""Login, session cookie, CSRF, logout, throttling and the language switch."""

from __future__ import annotations

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from asiento.web import session
from tests.web.conftest import PASSWORD, WebClient, add_user, csrf_of, log_in


def test_pages_redirect_to_login_and_back(
    browser_client: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    first = browser_client.get("/", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/login"
    email = add_user(uow, company.id, "accountant")
    token = csrf_of(browser_client.get("/login?next=/invoices").text)
    done = browser_client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token, "next": "/invoices"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/invoices"


def test_session_cookie_is_httponly_and_samesite(
    browser_client: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    email = add_user(uow, company.id, "auditor")
    token = csrf_of(browser_client.get("/login").text)
    response = browser_client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{session.COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie


def test_wrong_password_is_refused_with_one_message(
    browser_client: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    email = add_user(uow, company.id, "auditor")
    token = csrf_of(browser_client.get("/login").text)
    response = browser_client.post(
        "/login", data={"email": email, "password": "nope-nope-nope", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "wrong email or password" in response.text
    unknown = browser_client.post(
        "/login", data={"email": "ghost@x.test", "password": PASSWORD, "csrf_token": token}
    )
    assert unknown.status_code == 401
    assert "wrong email or password" in unknown.text
    assert browser_client.get("/", follow_redirects=False).status_code == 303


def test_failed_logins_are_throttled(
    browser_client: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    email = add_user(uow, company.id, "auditor")
    token = csrf_of(browser_client.get("/login").text)
    for _ in range(5):
        browser_client.post(
            "/login", data={"email": email, "password": "wrong-wrong-wrong", "csrf_token": token}
        )
    locked = browser_client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    unknown = browser_client.post(
        "/login", data={"email": "ghost@x.test", "password": PASSWORD, "csrf_token": token}
    )
    assert locked.status_code == unknown.status_code == 401
    assert locked.text == unknown.text.replace("ghost@x.test", email)
    assert "too many failed attempts" in locked.text


def test_login_without_csrf_token_is_rejected(
    browser_client: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    email = add_user(uow, company.id, "admin")
    browser_client.get("/login")
    response = browser_client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403
    assert "did not come from this site" in response.text
    assert browser_client.get("/", follow_redirects=False).status_code == 303


def test_csrf_token_changes_at_login(
    browser_client: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    email = add_user(uow, company.id, "admin")
    before = csrf_of(browser_client.get("/login").text)
    log_in(browser_client, email)
    after = csrf_of(browser_client.get("/").text)
    assert before != after
    stale = browser_client.post("/logout", data={"csrf_token": before}, follow_redirects=False)
    assert stale.status_code == 403


def test_tampered_cookie_is_an_anonymous_visitor(as_user: WebClient) -> None:
    client = as_user("admin")
    assert client.get("/").status_code == 200
    raw = client.cookies.get(session.COOKIE)
    assert raw
    client.cookies.set(session.COOKIE, raw[:-2] + ("AA" if not raw.endswith("AA") else "BB"))
    assert client.get("/", follow_redirects=False).status_code == 303


def test_logout_ends_the_session(as_user: WebClient) -> None:
    client = as_user("accountant")
    token = csrf_of(client.get("/").text)
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert out.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_removed_user_loses_the_session_at_once(as_user: WebClient, uow: UnitOfWork) -> None:
    from asiento.store.tables import User

    client = as_user("accountant")
    with uow:
        user = uow.session.query(User).filter(User.email.like("accountant@%")).one()
        user.active = False
        uow.commit()
    assert client.get("/", follow_redirects=False).status_code == 303


def test_open_redirect_is_refused(
    browser_client: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    email = add_user(uow, company.id, "admin")
    token = csrf_of(browser_client.get("/login").text)
    response = browser_client.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_navigation_follows_the_role(as_user: WebClient) -> None:
    admin = as_user("admin").get("/").text
    auditor = as_user("auditor").get("/").text
    assert 'href="/settings"' in admin
    assert 'href="/invoices"' in auditor
    assert "Auditor" in auditor


def test_api_still_answers_problem_json(browser_client: TestClient) -> None:
    response = browser_client.get("/api/v1/invoices")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_unknown_page_is_an_html_404(as_user: WebClient) -> None:
    response = as_user("admin").get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
