"""Payments, register-payment, reconciliations and the auto run over HTTP (both databases)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.ledger import row_counts


def _invoice(uow: UnitOfWork, company: SeededCompany, partner: int, price: str, ref: str) -> int:
    data = invoice_input(
        partner, line(price, account_id=company.accounts["4000"]), payment_reference=ref
    )
    return posted(uow, company, data).id


def test_register_payment_then_unreconcile_over_http(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = _invoice(uow, company, acme, "80.00", "A1")
    r = api.post(
        f"/api/v1/invoices/{inv}/register-payment",
        json={"date": "2026-03-15", "amount": "30.00"},
        headers={"Idempotency-Key": "pay-1"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["payments"][0]["amount"] == "30.00"
    assert body["payment_states"] == {str(inv): "partial"}
    replay = api.post(
        f"/api/v1/invoices/{inv}/register-payment",
        json={"date": "2026-03-15", "amount": "30.00"},
        headers={"Idempotency-Key": "pay-1"},
    )
    assert replay.headers.get("Idempotent-Replayed") == "true"
    items = api.get(f"/api/v1/partners/{acme}/open-items").json()
    assert [i["residual"] for i in items] == ["50.00"]
    partial = body["reconciliations"][0]["partial_ids"][0]
    assert api.delete(f"/api/v1/reconciliations?partial_id={partial}").status_code == 204
    items = api.get(f"/api/v1/partners/{acme}/open-items").json()
    assert sorted(i["residual"] for i in items) == ["-30.00", "80.00"]
    r = api.post("/api/v1/reconciliations", json={"item_ids": [i["id"] for i in items]})
    assert r.status_code == 201 and r.json()["full_reconciliation_id"] is None
    listed = api.get("/api/v1/payments").json()["items"]
    assert [p["state"] for p in listed] == ["posted"]


def test_payments_create_post_cancel_and_refusals(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    r = api.post(
        "/api/v1/payments",
        json={
            "payment_type": "inbound",
            "partner_id": acme,
            "amount": "25.00",
            "date": "2026-03-02",
        },
    )
    assert r.status_code == 201 and r.json()["state"] == "draft"
    pid = r.json()["id"]
    assert api.post(f"/api/v1/payments/{pid}/post").json()["state"] == "posted"
    assert api.get(f"/api/v1/payments/{pid}").json()["entry_id"] is not None
    before = row_counts(uow)
    again = api.post(f"/api/v1/payments/{pid}/post")
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    float_amount = api.post(
        "/api/v1/payments",
        json={"payment_type": "inbound", "partner_id": acme, "amount": 25.0, "date": "2026-03-02"},
    )
    assert float_amount.status_code == 422
    (item,) = api.get(f"/api/v1/partners/{acme}/open-items").json()
    lonely = api.post("/api/v1/reconciliations", json={"item_ids": [item["id"]]})
    assert lonely.status_code == 409 and "write-off" in lonely.json()["detail"]
    assert row_counts(uow) == before
    assert api.post(f"/api/v1/payments/{pid}/cancel").json()["state"] == "cancelled"


def test_auto_reconcile_reports_the_smith_ambiguity(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    smith = customer(uow, company, "Smith and Offspring")
    ids = {
        ref: _invoice(uow, company, smith, p, ref)
        for ref, p in (("145", "50.00"), ("167", "120.00"), ("184", "70.00"))
    }
    api.post(
        "/api/v1/payments?post=true",
        json={
            "payment_type": "inbound",
            "partner_id": smith,
            "amount": "120.00",
            "date": "2026-03-20",
        },
    )
    report = api.post("/api/v1/reconcile/auto", json={"dry_run": False}).json()
    assert (report["matched_count"], report["ambiguous_count"]) == (0, 1)
    assert len(report["ambiguous"][0]["candidates"]) == 2
    assert len(ids) == 3


def test_payments_list_q_finds_by_exact_amount_over_http(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = _invoice(uow, company, acme, "80.00", "A1")
    r = api.post(
        f"/api/v1/invoices/{inv}/register-payment",
        json={"date": "2026-03-15", "amount": "30.00"},
        headers={"Idempotency-Key": "pay-q"},
    )
    assert r.status_code == 200, r.text
    paid = r.json()["payments"][0]["id"]

    def ids(q: str) -> list[int]:
        response = api.get("/api/v1/payments", params={"q": q})
        assert response.status_code == 200, response.text
        return [p["id"] for p in response.json()["items"]]

    assert ids("30.00") == ids("30") == [paid]
    assert ids("3000") == ids("80.00") == ids("%_'") == []
    assert ids("x" * 5000) == []
