"""Purchasing and sales over HTTP: orders, receipts, bills, Should Be Paid, deliveries."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.builders.purchases import set_payment_state, stock

V1 = "/api/v1"


def order_body(co: SeededCompany, partner: str, *lines: tuple[str, str]) -> dict[str, Any]:
    return {
        "partner_id": co.partners[partner],
        "order_date": "2026-03-02",
        "lines": [{"product_id": co.products[p], "quantity": q} for p, q in lines],
    }


def test_purchase_order_receipt_bill_and_should_be_paid(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company)
    r = api.patch(
        f"{V1}/purchase-settings", json={"bill_policy": "received", "three_way_matching": True}
    )
    assert r.status_code == 200, r.text
    assert r.json()["three_way_matching"] is True
    r = api.post(f"{V1}/purchase-orders", json=order_body(co, "Wood Corner", ("CHAIR", "10")))
    assert r.status_code == 201, r.text
    order = r.json()
    assert (order["name"], order["state"], order["amount_untaxed"]) == (
        "PO00001",
        "draft",
        "825.00",
    )
    order = api.post(f"{V1}/purchase-orders/{order['id']}/confirm").json()
    assert order["billing_status_label"] == "Nothing to Bill"
    line_id = order["lines"][0]["id"]
    r = api.post(
        f"{V1}/receipts",
        json={
            "order_id": order["id"],
            "date": "2026-03-05",
            "lines": [{"line_id": line_id, "quantity": "4"}],
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["lines"] == [{"line_id": line_id, "quantity": "4"}]
    assert api.get(f"{V1}/purchase-orders/{order['id']}").json()["billing_status"] == "waiting"
    r = api.post(
        f"{V1}/purchase-orders/{order['id']}/create-bill", json={"invoice_date": "2026-03-06"}
    )
    assert r.status_code == 201, r.text
    bill = r.json()
    assert (bill["kind"], bill["state"], bill["amount_total"]) == (
        "vendor_bill",
        "draft",
        "399.30",
    )
    listed = api.get(f"{V1}/bills").json()["items"]
    assert [(b["id"], b["should_be_paid"]) for b in listed] == [(bill["id"], "yes")]
    r = api.put(
        f"{V1}/bills/{bill['id']}/should-be-paid",
        json={"should_be_paid": "exception", "reason": "damaged goods", "user": "maria"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["should_be_paid"], r.json()["should_be_paid_manual"]) == ("exception", True)
    history = api.get(f"{V1}/bills/{bill['id']}/should-be-paid/history").json()
    assert [(h["new_value"], h["changed_by"]) for h in history] == [
        ("yes", "system"),
        ("exception", "maria"),
    ]
    assert api.get(f"{V1}/bills", params={"to_pay": "true"}).json()["items"] == []


def test_bad_purchase_requests_are_refused_and_change_nothing(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company, bill_policy="received")
    order = api.post(
        f"{V1}/purchase-orders", json=order_body(co, "Wood Corner", ("CHAIR", "10"))
    ).json()
    api.post(f"{V1}/purchase-orders/{order['id']}/confirm")
    before = row_counts(uow)
    r = api.post(f"{V1}/purchase-orders/{order['id']}/create-bill")
    assert r.status_code == 409
    assert r.json()["code"] == "nothing_received"
    line = order["lines"][0]["id"]
    r = api.post(
        f"{V1}/receipts",
        json={
            "order_id": order["id"],
            "date": "2026-03-05",
            "lines": [{"line_id": line, "quantity": "12"}],
        },
    )
    assert (r.status_code, r.json()["code"]) == (422, "over_receipt")
    assert "receiving 12 brings the received quantity to 12" in r.json()["detail"]
    r = api.post(
        f"{V1}/purchase-orders",
        json=order_body(co, "Wood Corner", ("CHAIR", "-2")),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "lines[0].quantity"
    r = api.post(
        f"{V1}/purchase-orders",
        json={
            **order_body(co, "Wood Corner"),
            "lines": [{"product_id": co.products["CHAIR"], "quantity": 2.5}],
        },
    )
    assert r.status_code == 422
    r = api.put(f"{V1}/bills/999/should-be-paid", json={"should_be_paid": "yes", "reason": "x"})
    assert r.status_code == 404
    r = api.patch(
        f"{V1}/purchase-settings", json={"bill_policy": "ordered", "three_way_matching": True}
    )
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "three_way_matching")
    assert row_counts(uow) == before


def test_sales_order_waits_for_payment_before_delivery(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company)
    body = order_body(co, "Smith and Offspring", ("DESK", "1")) | {"wait_for_payment": True}
    order = api.post(f"{V1}/sales-orders", json=body).json()
    order = api.post(f"{V1}/sales-orders/{order['id']}/confirm").json()
    (invoice_id,) = order["invoice_ids"]
    delivery = {
        "order_id": order["id"],
        "date": "2026-03-07",
        "lines": [{"line_id": order["lines"][0]["id"], "quantity": "1"}],
    }
    before = row_counts(uow)
    r = api.post(f"{V1}/deliveries", json=delivery)
    assert (r.status_code, r.json()["code"]) == (409, "payment_before_delivery")
    assert row_counts(uow) == before
    set_payment_state(uow, invoice_id, "paid")
    r = api.post(f"{V1}/deliveries", json=delivery)
    assert r.status_code == 201, r.text
    assert api.get(f"{V1}/sales-orders/{order['id']}").json()["lines"][0]["moved"] == "1"
    assert [d["kind"] for d in api.get(f"{V1}/deliveries").json()] == ["delivery"]
    r = api.post(f"{V1}/sales-orders/{order['id']}/create-invoice")
    assert (r.status_code, r.json()["detail"]) == (
        409,
        "Invalid Operation: nothing left to bill on this order",
    )


def test_order_lists_q_finds_by_number_and_partner(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    co = stock(uow, company)
    r = api.post(f"{V1}/purchase-orders", json=order_body(co, "Wood Corner", ("CHAIR", "10")))
    assert r.status_code == 201, r.text
    order = r.json()

    def names(path: str, q: str) -> list[str]:
        response = api.get(f"{V1}/{path}", params={"q": q})
        assert response.status_code == 200, response.text
        return [o["name"] for o in response.json()["items"]]

    assert (
        names("purchase-orders", order["name"]) == names("purchase-orders", "wood") == ["PO00001"]
    )
    assert names("purchase-orders", "%") == names("sales-orders", "wood") == []
    assert order["amount_untaxed"] == "825.00"  # 10 chairs at 82.50
    assert names("purchase-orders", order["amount_total"]) == ["PO00001"]
    assert names("purchase-orders", "825.01") == names("sales-orders", order["amount_total"]) == []
