"""API: /statements import (multipart, Idempotency-Key), manual, validate; lines; rules."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from asiento.domain.commands.chart import JournalChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

DATA = Path(__file__).resolve().parents[1] / "data"
CAMT = (DATA / "camt053_v02_batch_reversal.xml").read_bytes()


def upload(api: TestClient, key: str | None = None, **form: str):  # type: ignore[no-untyped-def]
    headers = {"Idempotency-Key": key} if key else {}
    files = {"file": ("march.xml", CAMT, "application/xml")}
    return api.post(
        "/api/v1/statements/import", files=files, data={"journal": "BNK1", **form}, headers=headers
    )


def test_import_replays_with_the_same_key_and_reimport_finds_duplicates(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    first = upload(api, "k-1")
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["format"], body["new"], body["duplicates"], body["balance_ok"]) == (
        "camt053",
        9,
        0,
        True,
    )
    assert body["message"] == "9 new, 0 already imported" and body["difference"] == "0.00"
    replay = upload(api, "k-1")
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.json() == body
    again = upload(api)
    assert (again.status_code, again.json()["new"], again.json()["duplicates"]) == (201, 0, 9)
    listed = api.get("/api/v1/statements").json()["items"]
    assert [(s["journal"], s["line_count"], s["opening_balance"]) for s in listed] == [
        ("BNK1", 9, "10000.00")
    ]
    one = api.get(f"/api/v1/statements/{listed[0]['id']}").json()
    assert one["lines"][0]["amount"] == "-1000.00"
    assert one["lines"][0]["counterparty_iban"] == "DE44500105175407324931"
    checked = api.post(f"/api/v1/statements/{one['id']}/validate").json()
    assert (checked["state"], checked["ok"], checked["closing"]) == ("validated", True, "9950.10")


def test_an_import_for_another_account_is_a_422_and_changes_nothing(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="NL91ABNA0417164300")
    )
    before = row_counts(uow)
    response = upload(api)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "journal BNK1 is for NL91ABNA0417164300" in response.json()["detail"]
    assert row_counts(uow) == before


def test_a_manual_statement_a_rule_and_a_reconciled_line(
    api: TestClient, company: SeededCompany
) -> None:
    body = {
        "journal": "BNK1",
        "date": "2026-03-31",
        "reference": "M1",
        "opening_balance": "100.00",
        "closing_balance": "90.00",
        "lines": [{"date": "2026-03-31", "amount": "-12.10", "communication": "fee"}],
    }
    created = api.post("/api/v1/statements", json=body)
    assert created.status_code == 201, created.text
    unbalanced = api.post(f"/api/v1/statements/{created.json()['id']}/validate")
    assert unbalanced.status_code == 409  # issue 17: a problem naming the difference
    assert (unbalanced.json()["code"], unbalanced.json()["difference"]) == (
        "statement_unbalanced",
        "2.10",
    )
    rule = api.post(
        "/api/v1/reconciliation-rules",
        json={
            "name": "Fees",
            "label_contains": "fee",
            "account_id": company.accounts["6200"],
            "amount_max": "0",
        },
    )
    assert rule.status_code == 201, rule.text
    assert (
        api.patch(
            f"/api/v1/reconciliation-rules/{rule.json()['id']}", json={"label": "Bank fee"}
        ).json()["label"]
        == "Bank fee"
    )
    assert (
        api.post(
            "/api/v1/reconciliation-rules",
            json={"name": "X", "account_id": company.accounts["6200"], "amount_min": 1.5},
        ).status_code
        == 422
    )
    line_id = created.json()["lines"][0]["id"]
    done = api.post(
        f"/api/v1/statement-lines/{line_id}/reconcile", json={"rule_id": rule.json()["id"]}
    )
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "reconciled" and done.json()["entry_id"] is not None
    twice = api.post(
        f"/api/v1/statement-lines/{line_id}/reconcile", json={"rule_id": rule.json()["id"]}
    )
    assert twice.status_code == 409
    assert api.delete(f"/api/v1/reconciliation-rules/{rule.json()['id']}").status_code == 204
    assert api.get("/api/v1/reconciliation-rules").json()["items"] == []


def test_auto_reconcile_dry_run_over_the_api(api: TestClient, company: SeededCompany) -> None:
    api.post(
        "/api/v1/statements",
        json={
            "journal": "BNK1",
            "date": "2026-03-31",
            "lines": [{"date": "2026-03-31", "amount": "-3.00", "communication": "card fee"}],
        },
    )
    api.post(
        "/api/v1/reconciliation-rules",
        json={"name": "Fees", "label_contains": "fee", "account_id": company.accounts["6200"]},
    )
    report = api.post("/api/v1/statements/reconcile-auto", json={"dry_run": True}).json()
    assert ([m["kind"] for m in report["matched"]], report["left"], report["dry_run"]) == (
        ["rule"],
        0,
        True,
    )


def test_unreconcile_a_line_over_the_api(api: TestClient, company: SeededCompany) -> None:
    created = api.post(
        "/api/v1/statements",
        json={
            "journal": "BNK1",
            "date": "2026-03-31",
            "lines": [{"date": "2026-03-31", "amount": "-3.00", "communication": "card fee"}],
        },
    ).json()
    line_id = created["lines"][0]["id"]
    rule = api.post(
        "/api/v1/reconciliation-rules",
        json={"name": "Fees", "label_contains": "fee", "account_id": company.accounts["6200"]},
    ).json()
    done = api.post(f"/api/v1/statement-lines/{line_id}/reconcile", json={"rule_id": rule["id"]})
    assert done.json()["state"] == "reconciled"
    headers = {"Idempotency-Key": "undo-1"}
    undone = api.post(f"/api/v1/statement-lines/{line_id}/unreconcile", headers=headers)
    assert undone.status_code == 200, undone.text
    assert (undone.json()["state"], undone.json()["entry_id"]) == ("open", None)
    replay = api.post(f"/api/v1/statement-lines/{line_id}/unreconcile", headers=headers)
    assert replay.status_code == 200 and replay.json() == undone.json()
    refused = api.post(f"/api/v1/statement-lines/{line_id}/unreconcile")
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("statement_line_not_reconciled")
    assert api.get("/api/v1/statement-lines/999999").status_code == 404
