"""/payment-terms over HTTP: CRUD, refused terms (422 naming the line), previews."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

V1 = "/api/v1"
THIRTY_NOW: dict[str, Any] = {
    "name": "30% now, balance end of following month",
    "lines": [
        {"kind": "percent", "value": "30", "due": {}},
        {"kind": "balance", "due": {"months": 1, "end_of_month": True}},
    ],
}
TWO_TEN: dict[str, Any] = {
    "name": "2% 10, Net 30 EOM",
    "lines": [{"kind": "balance", "due": {"months": 1, "end_of_month": True}}],
    "discount": {"percent": "2", "days": 10, "tax_treatment": "reduce_on_early_payment"},
}


def create(api: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    made = api.post(f"{V1}/payment-terms", json=body)
    assert made.status_code == 201, made.text
    return dict(made.json())


def test_a_term_is_created_read_listed_updated_and_deleted(api: TestClient) -> None:
    made = create(api, THIRTY_NOW | {"note": "usual"})
    assert made == {
        "id": made["id"],
        "name": THIRTY_NOW["name"],
        "note": "usual",
        "active": True,
        "lines": THIRTY_NOW["lines"],
        "discount": None,
    }
    url = f"{V1}/payment-terms/{made['id']}"
    assert api.get(url).json() == made
    listed = api.get(f"{V1}/payment-terms").json()
    assert ([t["id"] for t in listed["items"]], listed["next_cursor"]) == ([made["id"]], None)

    changed = api.patch(url, json={"active": False, "definition": TWO_TEN})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["discount"], changed.json()["note"]) == (
        "2% 10, Net 30 EOM",
        TWO_TEN["discount"],
        "usual",
    )
    assert api.get(f"{V1}/payment-terms", params={"active": True}).json()["items"] == []

    assert api.delete(url).status_code == 204
    gone = api.get(url)
    assert (gone.status_code, gone.json()["detail"]) == (
        404,
        f"payment term {made['id']} not found",
    )


@pytest.mark.parametrize(
    ("lines", "field", "code", "detail"),
    [
        (
            [{"kind": "percent", "value": "150"}, {"kind": "balance"}],
            "lines[0].value",
            "percent_over_100",
            "line 1: percent 150 is over 100 %",
        ),
        (
            [{"kind": "percent", "value": "10"}, {"kind": "fixed", "value": "10"}],
            "lines[1].kind",
            "last_line_not_balance",
            "line 2: the last line must be the balance, not fixed",
        ),
        (
            [{"kind": "balance", "due": {"day_of_month": 40}}],
            "lines[0].due.day_of_month",
            "day_of_month_out_of_range",
            "line 1: day of month 40 is outside 1..31",
        ),
        (
            [{"kind": "balance", "due": {"days": -1}}],
            "lines[0].due.days",
            "negative_days",
            "line 1: days -1 is negative",
        ),
        ([], "lines", "empty_term", "a payment term needs at least one line"),
        (
            [{"kind": "percent", "value": 30.5}, {"kind": "balance"}],
            "lines[0].value",
            "not_a_decimal",
            "line 1: percent 30.5 is a float; give a string",
        ),
    ],
)
def test_a_bad_term_is_a_422_naming_the_line_and_nothing_is_stored(
    api: TestClient,
    uow: UnitOfWork,
    lines: list[dict[str, Any]],
    field: str,
    code: str,
    detail: str,
) -> None:
    before = row_counts(uow)

    refused = api.post(f"{V1}/payment-terms", json={"name": "Bad", "lines": lines})

    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    body = refused.json()
    assert (body["code"], body["detail"]) == ("payment_term_invalid", detail)
    assert body["errors"][0] == {"field": field, "message": detail, "code": code}
    assert row_counts(uow) == before


def test_a_taken_name_is_a_409(api: TestClient, uow: UnitOfWork) -> None:
    create(api, THIRTY_NOW)
    before = row_counts(uow)

    refused = api.post(f"{V1}/payment-terms", json=THIRTY_NOW)

    assert (refused.status_code, refused.json()["code"]) == (409, "duplicate")
    assert row_counts(uow) == before


def test_the_worked_example_preview(api: TestClient) -> None:
    term = create(api, THIRTY_NOW)

    shown = api.post(
        f"{V1}/payment-terms/{term['id']}/preview",
        json={"amount": "1000.00", "currency": "EUR", "invoice_date": "2026-02-21"},
    )

    assert shown.status_code == 200, shown.text
    assert shown.json() == {
        "term_id": term["id"],
        "term": THIRTY_NOW["name"],
        "invoice_date": "2026-02-21",
        "currency": "EUR",
        "total": "1000.00",
        "installments": [
            {"line_number": 1, "due_date": "2026-02-21", "amount": "300.00", "discount_date": None, "discounted_amount": None, "discount": "0.00"},
            {"line_number": 2, "due_date": "2026-03-31", "amount": "700.00", "discount_date": None, "discounted_amount": None, "discount": "0.00"},
        ],
        "payment_days": [],
    }  # fmt: skip


def test_a_preview_shows_discount_dates_and_discounted_amounts(api: TestClient) -> None:
    term = create(api, TWO_TEN)

    shown = api.post(
        f"{V1}/payment-terms/{term['id']}/preview",
        json={"amount": "1234", "currency": "JPY", "invoice_date": "2026-02-21"},
    )

    assert shown.json()["installments"] == [
        {"line_number": 1, "due_date": "2026-03-31", "amount": "1234", "discount_date": "2026-03-03", "discounted_amount": "1209", "discount": "25"},
    ]  # fmt: skip


def test_a_fixed_line_larger_than_the_invoice_is_refused_at_preview(api: TestClient) -> None:
    term = create(
        api,
        {"name": "Deposit", "lines": [{"kind": "fixed", "value": "500.00"}, {"kind": "balance"}]},
    )

    refused = api.post(
        f"{V1}/payment-terms/{term['id']}/preview",
        json={"amount": "400.00", "currency": "EUR", "invoice_date": "2026-02-21"},
    )

    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["detail"]) == (
        "installments_exceed_total",
        "line 1: fixed amount 500.00 is larger than the invoice total 400.00 EUR",
    )


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"amount": 1000.0, "currency": "EUR", "invoice_date": "2026-02-21"}, 422, "amount"),
        ({"amount": "1000", "currency": "XYZ", "invoice_date": "2026-02-21"}, 422, "currency"),
        ({"amount": "1000", "currency": "EUR", "invoice_date": "2026-02-30"}, 422, "invoice_date"),
    ],
)
def test_a_bad_preview_request_is_refused(
    api: TestClient, body: dict[str, Any], status: int, field: str
) -> None:
    term = create(api, THIRTY_NOW)

    refused = api.post(f"{V1}/payment-terms/{term['id']}/preview", json=body)

    assert refused.status_code == status
    assert refused.json()["errors"][0]["field"] == field


def test_a_term_in_use_cannot_be_deleted(api: TestClient, uow: UnitOfWork) -> None:
    term = create(api, THIRTY_NOW)
    partner = api.post(
        f"{V1}/partners", json={"name": "Azure", "customer_payment_term": THIRTY_NOW["name"]}
    )
    assert partner.json()["customer_payment_term_id"] == term["id"]
    before = row_counts(uow)

    refused = api.delete(f"{V1}/payment-terms/{term['id']}")

    assert (refused.status_code, refused.json()["code"]) == (409, "payment_term_in_use")
    assert row_counts(uow) == before


def test_partner_default_terms_over_http(api: TestClient, uow: UnitOfWork) -> None:
    a, b = create(api, THIRTY_NOW), create(api, TWO_TEN)
    made = api.post(f"{V1}/partners", json={"name": "Deco", "supplier_payment_term": b["id"]})
    pid = made.json()["id"]

    changed = api.patch(
        f"{V1}/partners/{pid}",
        json={"customer_payment_term": a["name"], "supplier_payment_term": None},
    )

    assert changed.status_code == 200, changed.text
    assert (
        changed.json()["customer_payment_term_id"],
        changed.json()["supplier_payment_term_id"],
    ) == (a["id"], None)
    before = row_counts(uow)
    refused = api.patch(f"{V1}/partners/{pid}", json={"customer_payment_term": "Unknown"})
    assert (refused.status_code, refused.json()["detail"]) == (
        422,
        "payment term 'Unknown' not found",
    )
    assert refused.json()["errors"][0]["field"] == "customer_payment_term"
    assert row_counts(uow) == before


def test_the_company_calendar_over_http(api: TestClient, company: SeededCompany) -> None:
    url = f"{V1}/companies/{company.id}"
    changed = api.patch(
        url,
        json={
            "weekend_days": [6, 5],
            "holiday_country": "ES",
            "holiday_subdivision": "MD",
            "extra_holidays": ["2026-04-30"],
            "due_date_roll": "backward",
        },
    )
    assert changed.status_code == 200, changed.text
    shown = api.get(url).json()
    assert {k: shown[k] for k in ("weekend_days", "holiday_country", "holiday_subdivision", "extra_holidays", "due_date_roll")} == {
        "weekend_days": [5, 6],
        "holiday_country": "ES",
        "holiday_subdivision": "MD",
        "extra_holidays": ["2026-04-30"],
        "due_date_roll": "backward",
    }  # fmt: skip
    term = create(
        api, {"name": "EOM", "lines": [{"kind": "balance", "due": {"end_of_month": True}}]}
    )
    shown = api.post(
        f"{V1}/payment-terms/{term['id']}/preview",
        json={"amount": "10.00", "currency": "EUR", "invoice_date": "2026-04-02"},
    )
    assert shown.json()["installments"][0]["due_date"] == "2026-04-29"
    refused = api.patch(url, json={"weekend_days": [9]})
    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "weekend_days")


def test_a_preview_for_a_partner_moves_the_due_dates_to_its_payment_days(
    api: TestClient,
) -> None:
    term = create(api, THIRTY_NOW)
    partner = api.post(f"{V1}/partners", json={"name": "Pays 5 and 20", "payment_days": [20, 5]})
    assert partner.status_code == 201, partner.text
    assert partner.json()["payment_days"] == [5, 20]
    shown = api.post(
        f"{V1}/payment-terms/{term['id']}/preview",
        json={
            "amount": "1000.00",
            "currency": "EUR",
            "invoice_date": "2026-02-21",
            "partner_id": partner.json()["id"],
        },
    )
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert body["payment_days"] == [5, 20]
    assert [i["due_date"] for i in body["installments"]] == ["2026-03-05", "2026-04-05"]


def test_bad_payment_days_are_a_422(api: TestClient) -> None:
    made = api.post(f"{V1}/partners", json={"name": "Bad days", "payment_days": [0]})
    assert made.status_code == 422
    assert made.json()["errors"][0]["field"] == "payment_days"
