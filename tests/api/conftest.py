"""API fixtures: TestClients on the matrix engine with bearer tokens of the seeded company."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.access import tokens, users
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork

RoleClient = Callable[[str], TestClient]


def issue_token(uow: UnitOfWork, company_id: int, role: str = "admin", email: str = "") -> str:
    """A user with ``role`` in the company (created if new) and a bearer token for it."""
    email = email or f"{role}@c{company_id}.test"
    with uow:
        known = users.find_user(uow.session, email) is not None
    if not known or users.count_users(uow) == 0:
        users.create_user(uow, company_id, email, "correct horse battery", role)
    return tokens.create_token(uow, company_id, email).token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    """A client without credentials (for authentication tests)."""
    with TestClient(create_app(engine), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def api(engine: Engine, uow: UnitOfWork, company: SeededCompany) -> Iterator[TestClient]:
    """A client acting for ``company`` with an admin token."""
    headers = bearer(issue_token(uow, company.id))
    with TestClient(create_app(engine), headers=headers, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def as_role(engine: Engine, uow: UnitOfWork, company: SeededCompany) -> Iterator[RoleClient]:
    """``as_role("auditor")``: a client with a token of that role in ``company``."""
    app = create_app(engine)
    clients: list[TestClient] = []

    def make(role: str) -> TestClient:
        headers = bearer(issue_token(uow, company.id, role))
        c = TestClient(app, headers=headers, raise_server_exceptions=False)
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()


def entry_body(
    debit: Any = "100.00",
    credit: Any = "100.00",
    debit_account: Any = "6000",
    credit_account: Any = "1000",
    day: str = "2026-03-01",
    **extra: Any,
) -> dict[str, Any]:
    """A two-line manual entry in the JSON shape of POST /entries."""
    return {
        "journal": "MISC",
        "date": day,
        "lines": [
            {"account": debit_account, "debit": debit},
            {"account": credit_account, "credit": credit},
        ],
        **extra,
    }
