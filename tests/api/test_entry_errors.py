"""Every refused entry request: exact status, problem body, and an unchanged database."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.reference import companies
from asiento.store.uow import UnitOfWork
from tests.api.conftest import entry_body
from tests.builders.ledger import customer, post_simple, row_counts

E = "/api/v1/entries"
PROBLEM = "application/problem+json"


def refused(res: Any, status: int, code: str, field: str) -> dict[str, Any]:
    """Assert the problem+json shape and return the body for further checks."""
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == PROBLEM
    body: dict[str, Any] = res.json()
    assert body["type"] == f"https://asiento.dev/problems/{code}"
    assert (body["status"], body["code"]) == (status, code)
    assert body["errors"][0]["field"] == field
    return body


BAD_BODIES = [
    pytest.param(
        entry_body("100.00", "99.99"),
        "validation_failed",
        "lines",
        "entry is unbalanced: debit 100.00 != credit 99.99",
        id="unbalanced",
    ),
    pytest.param(
        {
            "journal": "MISC",
            "date": "2026-03-01",
            "lines": [{"account": "6000", "debit": "5", "credit": "5"}, {"account": "1000"}],
        },
        "validation_failed",
        "lines[0]",
        "not both",
        id="both-sides",
    ),
    pytest.param(
        entry_body("-5", "-5"),
        "validation_failed",
        "lines[0].debit",
        "amounts cannot be negative",
        id="negative",
    ),
    pytest.param(
        entry_body("12,5x", "12.5"),
        "validation_failed",
        "lines[0].debit",
        "'12,5x' is not a decimal number",
        id="non-numeric",
    ),
    pytest.param(
        entry_body(12.5, "12.5"),
        "validation_failed",
        "lines[0].debit",
        'amounts are decimal strings such as "12.50"',
        id="float",
    ),
    pytest.param(
        entry_body("NaN", "NaN"), "validation_failed", "lines[0].debit", "finite", id="nan"
    ),
    pytest.param(
        entry_body("1.005", "1.005"),
        "validation_failed",
        "lines[0].debit",
        "more decimals than EUR allows",
        id="too-precise",
    ),
    pytest.param(
        entry_body(debit_account="9999"),
        "not_found",
        "lines[0].account",
        "account 9999 not found",
        id="unknown-account-code",
    ),
    pytest.param(
        entry_body(debit_account=999999),
        "validation_failed",
        "lines[0].account_id",
        "does not exist in this company",
        id="unknown-account-id",
    ),
    pytest.param(
        entry_body(debit_account="1100", credit_account="4000"),
        "validation_failed",
        "lines[0].partner_id",
        "needs a partner",
        id="receivable-without-partner",
    ),
    pytest.param(
        {**entry_body(), "date": "2026-02-30"}, "validation_failed", "date", "", id="bad-date"
    ),
    pytest.param(
        {"journal": "MISC", "date": "2026-03-01"},
        "validation_failed",
        "lines",
        "Field required",
        id="missing-lines",
    ),
]


@pytest.mark.parametrize(("body", "code", "field", "message"), BAD_BODIES)
@pytest.mark.parametrize("post", ["false", "true"])
def test_bad_entries_are_refused_with_422_naming_the_field(
    api: TestClient,
    uow: UnitOfWork,
    body: dict[str, Any],
    code: str,
    field: str,
    message: str,
    post: str,
) -> None:
    before = row_counts(uow)
    problem = refused(api.post(E, json=body, params={"post": post}), 422, code, field)
    assert message in problem["errors"][0]["message"]
    assert problem["title"] == "Invalid input"
    assert row_counts(uow) == before


def test_unknown_partner_and_currency_are_422(api: TestClient, uow: UnitOfWork) -> None:
    before = row_counts(uow)
    body = entry_body()
    body["lines"][0]["partner_id"] = 424242
    refused(api.post(E, json=body), 422, "validation_failed", "lines[0].partner_id")
    body = entry_body()
    body["lines"][0] |= {"currency": "XYZ", "amount_currency": "10.00"}
    problem = refused(api.post(E, json=body), 422, "unknown_currency", "lines[0].currency")
    assert "XYZ" in problem["detail"]
    assert row_counts(uow) == before


def test_an_account_of_another_company_is_422(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other Co", "EUR")
    before = row_counts(uow)
    body = entry_body(debit_account=other.accounts["6000"])
    problem = refused(api.post(E, json=body), 422, "validation_failed", "lines[0].account_id")
    assert "does not exist in this company" in problem["detail"]
    assert row_counts(uow) == before


def test_a_date_in_the_locked_period_is_422_period_locked(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    draft = api.post(E, json=entry_body(day="2026-03-01")).json()
    companies.set_lock_date(uow, company.id, __import__("datetime").date(2026, 3, 31))
    before = row_counts(uow)
    problem = refused(api.post(f"{E}/{draft['id']}/post"), 422, "period_locked", "date")
    assert "locked up to 2026-03-31" in problem["detail"]
    refused(api.post(E, json=entry_body(day="2026-03-31")), 422, "period_locked", "date")
    assert row_counts(uow) == before
    assert api.get(f"{E}/{draft['id']}").json()["state"] == "draft"


def test_a_posted_entry_cannot_be_changed_deleted_or_posted_again(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    entry = post_simple(uow, company)
    before = row_counts(uow)
    url = f"{E}/{entry.id}"
    for res, code in [
        (api.put(url, json=entry_body("5.00", "5.00")), "posted_entry_immutable"),
        (api.patch(url, json={"ref": "x"}), "posted_entry_immutable"),
        (api.delete(url), "posted_entry_immutable"),
        (api.post(f"{url}/post"), "already_posted"),
    ]:
        assert res.status_code == 409, res.text
        assert res.headers["content-type"] == PROBLEM
        assert (res.json()["code"], res.json()["title"]) == (
            code,
            "Conflict with the current state",
        )
    assert row_counts(uow) == before
    assert api.get(url).json()["items"][0]["debit"] == "100.00"


def test_reversing_twice_is_409(api: TestClient, uow: UnitOfWork, company: SeededCompany) -> None:
    entry = post_simple(uow, company)
    assert api.post(f"{E}/{entry.id}/reverse", json={}).status_code == 201
    before = row_counts(uow)
    again = api.post(f"{E}/{entry.id}/reverse", json={"reason": "again"})
    assert (again.status_code, again.json()["code"]) == (409, "already_reversed")
    assert row_counts(uow) == before


def test_a_receivable_line_with_a_partner_posts(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company)
    body = entry_body(debit_account="1100", credit_account="4000")
    body["lines"][0]["partner_id"] = partner
    res = api.post(E, json=body, params={"post": "true"})
    assert res.status_code == 201
    assert res.json()["items"][0]["partner_name"] == "Smith and Offspring"
    listed = api.get(E, params={"partner_id": partner}).json()["items"]
    assert [e["id"] for e in listed] == [res.json()["id"]]


def test_bad_query_parameters_are_422(api: TestClient) -> None:
    refused(api.get(E, params={"limit": 0}), 422, "validation_failed", "limit")
    refused(api.get(E, params={"date_from": "yesterday"}), 422, "validation_failed", "date_from")
    refused(api.get(E, params={"state": "open"}), 422, "invalid_input", "state")
    refused(api.get(E, params={"cursor": "!!"}), 422, "invalid_input", "cursor")
    refused(api.get(f"{E}/abc"), 422, "validation_failed", "entry_id")


def test_malformed_json_is_422_not_500(api: TestClient) -> None:
    res = api.post(E, content=b"{not json", headers={"content-type": "application/json"})
    assert res.status_code == 422
    assert res.json()["code"] == "validation_failed"
