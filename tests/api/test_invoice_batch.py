"""POST /api/v1/invoices/batch: many invoices in one transaction, all or nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import with_catalog
from tests.builders.ledger import row_counts

URL = "/api/v1/invoices/batch"


def one(quantity: str, **extra: Any) -> dict[str, Any]:
    return {
        "partner": "Azure Interior",
        "invoice_date": "2026-03-10",
        "lines": [{"product": "CHAIR", "quantity": quantity}],
        **extra,
    }


def test_a_posted_batch_numbers_every_invoice_in_order_and_replays(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    body = {"invoices": [one("1"), one("2"), one("3", ref="third")]}
    created = api.post(f"{URL}?post=true", json=body, headers={"Idempotency-Key": "b-1"})
    assert created.status_code == 201, created.text
    items = created.json()["items"]
    assert [(i["number"], i["state"], i["ref"]) for i in items] == [
        ("INV/2026/00001", "posted", ""),
        ("INV/2026/00002", "posted", ""),
        ("INV/2026/00003", "posted", "third"),
    ]
    totals = [i["amount_total"] for i in items]
    assert totals[1] == f"{2 * float(totals[0]):.2f}"
    replay = api.post(f"{URL}?post=true", json=body, headers={"Idempotency-Key": "b-1"})
    assert replay.status_code == 201 and replay.headers.get("Idempotent-Replayed") == "true"
    assert replay.json() == created.json()
    listed = api.get("/api/v1/invoices", params={"state": "posted"}).json()["items"]
    assert len(listed) == 3


def test_without_post_the_batch_makes_drafts(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    created = api.post(URL, json={"invoices": [one("1"), one("4")]})
    assert created.status_code == 201, created.text
    assert [(i["state"], i["number"]) for i in created.json()["items"]] == [
        ("draft", None),
        ("draft", None),
    ]


def test_one_bad_invoice_refuses_the_batch_naming_it_and_stores_nothing(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    before = row_counts(uow)
    bad = {"partner": "Azure Interior", "lines": [{"product": "NOPE"}]}
    refused = api.post(f"{URL}?post=true", json={"invoices": [one("1"), one("2"), bad]})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert [e["field"] for e in problem["errors"]] == ["invoices[2].lines[0].product"]
    assert row_counts(uow) == before
    after = api.post(f"{URL}?post=true", json={"invoices": [one("1")]})
    assert after.json()["items"][0]["number"] == "INV/2026/00001"  # no number was used up


def test_an_invalid_line_is_a_problem_at_its_place(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    no_price = {"partner": "Azure Interior", "lines": [{"description": "Work", "account": "4000"}]}
    refused = api.post(URL, json={"invoices": [one("1"), no_price]})
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["invoices[1].lines[0].price_unit"]


def test_the_batch_is_bounded_and_needs_the_right_to_post(
    api: TestClient, as_role: Any, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    assert api.post(URL, json={"invoices": []}).status_code == 422
    assert api.post(URL, json={"invoices": [one("1")] * 501}).status_code == 422
    clerk = as_role("billing_clerk")
    before = row_counts(uow)
    refused = clerk.post(f"{URL}?post=true", json={"invoices": [one("1")]})
    assert refused.status_code == 403, refused.text
    assert row_counts(uow) == before
    assert clerk.post(URL, json={"invoices": [one("1")]}).status_code == 201


def test_the_batch_is_in_the_openapi_document(api: TestClient) -> None:
    operation = api.get("/openapi.json").json()["paths"][URL]["post"]
    assert {"201", "403", "409", "422"} <= set(operation["responses"])
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "InvoiceBatchIn"
    )
