"""Reference data over HTTP: create, list, read and update each resource."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

V1 = "/api/v1"


def crud(
    api: TestClient, path: str, create: dict[str, Any], patch: dict[str, Any]
) -> dict[str, Any]:
    """Create, read, find in the list, update; return the updated record."""
    made = api.post(f"{V1}/{path}", json=create)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    assert api.get(f"{V1}/{path}/{rid}").json() == made.json()
    listed = api.get(f"{V1}/{path}", params={"limit": 1000}).json()
    assert rid in [r["id"] for r in listed["items"]]
    assert listed["next_cursor"] is None
    changed = api.patch(f"{V1}/{path}/{rid}", json=patch)
    assert changed.status_code == 200, changed.text
    assert api.get(f"{V1}/{path}/{rid}").json() == changed.json()
    return dict(changed.json())


def test_accounts(api: TestClient) -> None:
    acc = crud(
        api,
        "accounts",
        {"code": "6400", "name": "Travel", "kind": "expense"},
        {"name": "Travel and lodging"},
    )
    assert (acc["code"], acc["name"], acc["kind"], acc["reconcilable"]) == (
        "6400",
        "Travel and lodging",
        "expense",
        False,
    )


def test_journals(api: TestClient, company: SeededCompany) -> None:
    j = crud(
        api,
        "journals",
        {
            "code": "BNK2",
            "name": "Second bank",
            "kind": "bank",
            "default_account_id": company.accounts["1000"],
        },
        {"name": "Savings"},
    )
    assert (j["code"], j["name"], j["number_format"], j["chain_length"]) == (
        "BNK2",
        "Savings",
        "{prefix}/{year}/{seq:05d}",
        0,
    )


def test_partners(api: TestClient, company: SeededCompany) -> None:
    p = crud(
        api,
        "partners",
        {
            "name": "Azure Interior",
            "country": "es",
            "tax_id": "ESB58378431",
            "receivable_account_id": company.accounts["1100"],
        },
        {"email": "billing@azure.example", "city": "Madrid"},
    )
    assert (p["name"], p["country"], p["tax_id"], p["email"], p["city"]) == (
        "Azure Interior",
        "ES",
        "ESB58378431",
        "billing@azure.example",
        "Madrid",
    )


def test_products_with_taxes(api: TestClient, company: SeededCompany) -> None:
    vat21, vat10 = company.taxes["VAT 21% sale"], company.taxes["VAT 10% sale"]
    p = crud(
        api,
        "products",
        {
            "code": "CHAIR",
            "name": "Office chair",
            "sale_price": "149.00",
            "tax_ids": [vat21],
            "income_account_id": company.accounts["4000"],
        },
        {"sale_price": "159.90", "tax_ids": [vat10, vat21]},
    )
    assert (p["sale_price"], p["purchase_price"], p["tax_ids"]) == (
        "159.90",
        "0",
        sorted([vat10, vat21]),
    )


def test_taxes(api: TestClient, company: SeededCompany) -> None:
    t = crud(
        api,
        "taxes",
        {"name": "VAT 4%", "amount": "4", "tax_account_id": company.accounts["2100"]},
        {"amount": "4.5"},
    )
    assert (t["name"], t["usage"], t["amount"], t["amount_type"]) == (
        "VAT 4%",
        "sale",
        "4.5",
        "percent",
    )


def test_currencies_and_rates(api: TestClient) -> None:
    assert api.post(f"{V1}/currencies", json={"code": "usd"}).json() == {
        "code": "USD",
        "exponent": 2,
        "active": True,
    }
    assert [c["code"] for c in api.get(f"{V1}/currencies").json()["items"]] == ["EUR", "USD"]
    rate = api.post(f"{V1}/currencies/USD/rates", json={"date": "2026-03-01", "rate": "0.912345"})
    assert rate.status_code == 201
    assert (rate.json()["rate"], rate.json()["date"]) == ("0.912345", "2026-03-01")
    assert [r["rate"] for r in api.get(f"{V1}/currencies/USD/rates").json()["items"]] == [
        "0.912345"
    ]
    dup = api.post(f"{V1}/currencies/USD/rates", json={"date": "2026-03-01", "rate": "1"})
    assert (dup.status_code, dup.json()["code"], dup.json()["errors"][0]["field"]) == (
        409,
        "duplicate",
        "date",
    )
    bad = api.post(f"{V1}/currencies", json={"code": "XYZ"})
    assert (bad.status_code, bad.json()["code"]) == (422, "unknown_currency")


def test_companies_create_list_read_and_lock(api: TestClient) -> None:
    made = api.post(
        f"{V1}/companies", json={"name": "Nueva SL", "currency": "EUR", "country": "ES"}
    )
    assert made.status_code == 201
    cid, token = made.json()["id"], made.json()["token"]
    client = api
    client.headers["Authorization"] = f"Bearer {token}"
    public = {k: v for k, v in made.json().items() if k != "token"}
    assert client.get(f"{V1}/companies/{cid}").json() == public
    assert [c["name"] for c in client.get(f"{V1}/companies").json()["items"]] == ["Nueva SL"]
    locked = client.patch(
        f"{V1}/companies/{cid}", json={"lock_date": "2026-03-31", "allow_proforma": True}
    )
    assert (
        locked.json()["lock_date"],
        locked.json()["allow_proforma"],
        locked.json()["currency"],
    ) == ("2026-03-31", True, "EUR")
    refused = client.patch(f"{V1}/companies/{cid}", json={"tax_rounding": "sometimes"})
    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "tax_rounding")
    cur = client.patch(f"{V1}/companies/{cid}", json={"currency": "USD"})
    assert (cur.status_code, cur.json()["errors"][0]["field"]) == (422, "currency")
    assert client.get(f"{V1}/companies/999999").status_code == 403


@pytest.mark.parametrize(
    ("path", "body", "status", "code", "field"),
    [
        (
            "accounts",
            {"code": "6000", "name": "Again", "kind": "expense"},
            409,
            "duplicate",
            "code",
        ),
        ("accounts", {"code": "6500", "name": "X", "kind": "weird"}, 422, "invalid_input", "kind"),
        (
            "journals",
            {"code": "MISC", "name": "Again", "kind": "general"},
            409,
            "duplicate",
            "code",
        ),
        ("partners", {"name": "No mail", "email": "nowhere"}, 422, "invalid_input", "email"),
        (
            "products",
            {"code": "P", "name": "P", "sale_price": "-1"},
            422,
            "validation_failed",
            "sale_price",
        ),
        (
            "products",
            {"code": "P", "name": "P", "tax_ids": [999999]},
            422,
            "not_found",
            "tax_ids[0]",
        ),
        (
            "taxes",
            {"name": "T", "amount": 21, "tax_account_id": 1},
            422,
            "validation_failed",
            "amount",
        ),
        (
            "taxes",
            {"name": "T", "amount": "101", "tax_account_id": 1},
            422,
            "invalid_input",
            "amount",
        ),
    ],
)
def test_bad_reference_data_is_refused_and_nothing_is_written(
    api: TestClient,
    uow: UnitOfWork,
    path: str,
    body: dict[str, Any],
    status: int,
    code: str,
    field: str,
) -> None:
    before = row_counts(uow)
    res = api.post(f"{V1}/{path}", json=body)
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == "application/problem+json"
    assert (res.json()["code"], res.json()["errors"][0]["field"]) == (code, field)
    assert row_counts(uow) == before


def test_patch_refuses_null_for_required_fields_and_renaming_to_a_taken_code(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    url = f"{V1}/accounts/{company.accounts['6100']}"
    null = api.patch(url, json={"name": None})
    assert (null.status_code, null.json()["errors"][0]["field"]) == (422, "name")
    taken = api.patch(url, json={"code": "6000"})
    assert (taken.status_code, taken.json()["code"]) == (409, "duplicate")
    assert api.get(url).json()["code"] == "6100"
    assert row_counts(uow) == before
