"""Web fixtures: a logged-in browser-like client (cookies, CSRF) per role, on the matrix engine."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.access import users
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

WebClient = Callable[[str], TestClient]


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    match = _CSRF.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def add_user(uow: UnitOfWork, company_id: int, role: str, email: str = "") -> str:
    email = email or f"{role}@c{company_id}.test"
    users.create_user(uow, company_id, email, PASSWORD, role, name=role.title())
    return email


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def post_form(client: TestClient, url: str, data: dict[str, str], page: str = "/") -> object:
    """POST ``data`` with the CSRF token read from ``page``, as a browser form would."""
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASIENTO_SECRET_KEY", "test-secret-key-of-sufficient-length")


@pytest.fixture
def browser_client(engine: Engine) -> Iterator[TestClient]:
    """An anonymous client (no session yet)."""
    with TestClient(create_app(engine), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def as_user(engine: Engine, uow: UnitOfWork, company: SeededCompany) -> Iterator[WebClient]:
    """``as_user("billing_clerk")``: a client logged in with that role in ``company``."""
    app = create_app(engine)
    clients: list[TestClient] = []

    def make(role: str) -> TestClient:
        email = add_user(uow, company.id, role)
        c = TestClient(app, raise_server_exceptions=False)
        clients.append(c)
        return log_in(c, email)

    yield make
    for c in clients:
        c.close()
