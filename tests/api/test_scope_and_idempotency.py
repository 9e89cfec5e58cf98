"""Company scope, Idempotency-Key, the app shell (health, OpenAPI) and the 500 guard."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from asiento.app import create_app
from asiento.services.access import idempotency
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.ledger import entries as ledger
from asiento.services.reference import companies
from asiento.store.session import make_session_factory
from asiento.store.uow import UnitOfWork
from tests.api.conftest import bearer, entry_body, issue_token
from tests.builders.ledger import post_simple, row_counts, simple_entry

E = "/api/v1/entries"


def test_company_a_never_sees_company_b_entries(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other Co", "EUR")
    mine = post_simple(uow, company)
    theirs = post_simple(uow, other)
    assert [e["id"] for e in api.get(E).json()["items"]] == [mine.id]
    for res in (api.get(f"{E}/{theirs.id}"), api.post(f"{E}/{theirs.id}/reverse", json={})):
        assert (res.status_code, res.json()["code"]) == (404, "not_found")
    as_b = api.get(E, headers=bearer(issue_token(uow, other.id))).json()["items"]
    assert [e["id"] for e in as_b] == [theirs.id]


def test_the_token_names_the_company_and_a_header_cannot_change_it(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other Co", "EUR")
    assert api.get("/api/v1/accounts").status_code == 200
    before = row_counts(uow)
    res = api.post(E, json=entry_body(), headers={"X-Company-Id": str(other.id)})
    assert (res.status_code, res.json()["detail"]) == (
        403,
        f"this token is not valid for company {other.id}",
    )
    same = api.get(E, headers={"X-Company-Id": str(company.id)})
    assert same.status_code == 200
    garbled = api.get(E, headers={"X-Company-Id": "abc"})
    assert (garbled.status_code, garbled.json()["errors"][0]["field"]) == (422, "X-Company-Id")
    assert row_counts(uow) == before


def test_post_with_the_same_key_replays_and_writes_nothing(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    draft = ledger.create_entry(uow, company.id, simple_entry())
    key = {"Idempotency-Key": "post-1"}
    first = api.post(f"{E}/{draft.id}/post", headers=key)
    assert (first.status_code, first.json()["number"]) == (200, "MISC/2026/00001")
    before = row_counts(uow)
    again = api.post(f"{E}/{draft.id}/post", headers=key)
    assert (again.status_code, again.json()) == (200, first.json())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert row_counts(uow) == before
    other = ledger.create_entry(uow, company.id, simple_entry())
    clash = api.post(f"{E}/{other.id}/post", headers=key)
    assert (clash.status_code, clash.json()["code"]) == (409, "idempotency_conflict")
    assert api.get(f"{E}/{other.id}").json()["state"] == "draft"


def test_create_and_post_with_a_key_creates_one_entry(api: TestClient, uow: UnitOfWork) -> None:
    key = {"Idempotency-Key": "import-42"}
    first = api.post(E, json=entry_body(), params={"post": "true"}, headers=key)
    assert (first.status_code, first.json()["number"]) == (201, "MISC/2026/00001")
    before = row_counts(uow)
    again = api.post(E, json=entry_body(), params={"post": "true"}, headers=key)
    assert (again.status_code, again.json()["number"], again.json()["id"]) == (
        201,
        "MISC/2026/00001",
        first.json()["id"],
    )
    assert row_counts(uow) == before
    changed = api.post(E, json=entry_body("5.00", "5.00"), params={"post": "true"}, headers=key)
    assert (changed.status_code, changed.json()["code"]) == (409, "idempotency_conflict")
    assert changed.json()["errors"][0]["field"] == "Idempotency-Key"
    assert row_counts(uow) == before
    assert len(api.get(E).json()["items"]) == 1


def test_reverse_with_a_key_replays_and_a_failed_request_can_be_retried(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    entry = post_simple(uow, company)
    key = {"Idempotency-Key": "rev-1"}
    body = {"date": "2026-03-05", "reason": "typo"}
    companies.set_lock_date(uow, company.id, date(2026, 3, 31))
    locked = api.post(f"{E}/{entry.id}/reverse", json=body, headers=key)
    assert (locked.status_code, locked.json()["code"]) == (422, "period_locked")
    companies.set_lock_date(uow, company.id, None)
    first = api.post(f"{E}/{entry.id}/reverse", json=body, headers=key)
    assert (first.status_code, first.json()["number"]) == (201, "MISC/2026/00002")
    before = row_counts(uow)
    again = api.post(f"{E}/{entry.id}/reverse", json=body, headers=key)
    assert (again.status_code, again.json()) == (201, first.json())
    assert row_counts(uow) == before


def test_two_concurrent_twins_commit_once(
    uow: UnitOfWork, company: SeededCompany, engine: Engine
) -> None:
    """The key row commits with the operation; the twin's commit fails whole on the constraint."""
    claim = idempotency.make_claim(company.id, "entries", "twin", idempotency.request_hash("x"))
    factory = make_session_factory(engine)
    ledger.create_entry(
        idempotency.IdempotentUnitOfWork(factory, claim), company.id, simple_entry(), post=True
    )
    before = row_counts(uow)
    with pytest.raises(IntegrityError):
        ledger.create_entry(
            idempotency.IdempotentUnitOfWork(factory, claim), company.id, simple_entry(), post=True
        )
    assert row_counts(uow) == before


def test_health_and_openapi(client: TestClient, engine: Engine) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": engine.dialect.name}
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "asiento"
    paths = set(spec["paths"])
    for path in (
        "/api/v1/entries",
        "/api/v1/entries/{entry_id}/post",
        "/api/v1/entries/{entry_id}/reverse",
        "/api/v1/accounts",
        "/api/v1/journals/{journal_id}",
        "/api/v1/partners",
        "/api/v1/products",
        "/api/v1/taxes",
        "/api/v1/currencies/{code}/rates",
        "/api/v1/companies/{company_id}",
        "/api/v1/verify",
    ):
        assert path in paths
    amount = spec["components"]["schemas"]["LineIn"]["properties"]["debit"]
    assert amount["type"] == "string"


def test_an_unexpected_error_is_a_bare_500(
    api: TestClient, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("password=hunter2 at /srv/secret.py")

    monkeypatch.setattr(ledger, "get_entry", boom)
    res = api.get(f"{E}/1")
    assert res.status_code == 500
    assert res.headers["content-type"] == "application/problem+json"
    assert res.json() == {
        "type": "https://asiento.dev/problems/internal_error",
        "title": "Internal server error",
        "status": 500,
        "detail": "an unexpected error occurred",
        "code": "internal_error",
    }


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    res = client.get("/api/v1/nothing")
    assert (res.status_code, res.headers["content-type"]) == (404, "application/problem+json")


def test_create_app_does_not_migrate(tmp_path: object) -> None:
    from sqlalchemy import inspect

    from asiento.store.session import make_engine

    empty = make_engine(f"sqlite:///{tmp_path}/empty.db")
    create_app(empty)
    assert inspect(empty).get_table_names() == []


def test_a_key_scope_is_the_routes_own_function_awaited_without_a_thread_hop() -> None:
    """``scope_dependency``: FastAPI parses the pure function's parameters (``?post=``) and
    awaits it on the event loop, where an async route runs; a sync dependency would run on
    a thread of the pool, one hop per request."""
    import threading

    from fastapi import Depends, FastAPI

    from asiento.api.routers.invoices import _batch_scope, _create_scope
    from asiento.http.deps import scope_dependency

    threads: list[str] = []

    def create_scope(post: bool = False) -> str | None:
        threads.append(threading.current_thread().name)
        return _create_scope(post)

    app = FastAPI()
    create, batch = scope_dependency(create_scope), scope_dependency(_batch_scope)

    @app.get("/create")  # defaults, not annotations: the annotations would name locals
    async def create_route(scope: str | None = Depends(create)) -> dict[str, object]:
        return {"scope": scope, "same_thread": threads[-1] == threading.current_thread().name}

    @app.get("/batch")
    async def batch_route(scope: str = Depends(batch)) -> dict[str, object]:
        return {"scope": scope}

    with TestClient(app) as client:
        assert client.get("/create").json() == {"scope": None, "same_thread": True}
        answer = client.get("/create", params={"post": "true"}).json()
        assert answer == {"scope": "invoices:post", "same_thread": True}
        assert client.get("/batch").json() == {"scope": "invoices:batch"}
        assert client.get("/batch?post=true").json() == {"scope": "invoices:batch:post"}
