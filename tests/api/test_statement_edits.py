"""API: a draft statement can be corrected or deleted; a validated one cannot (issue 17)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from asiento.domain.commands.chart import JournalChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork

MT940 = (Path(__file__).resolve().parents[1] / "data" / "mt940_amounts_good.sta").read_bytes()


def imported(api: TestClient, uow: UnitOfWork, company: SeededCompany, content: bytes) -> int:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    response = api.post(
        "/api/v1/statements/import",
        files={"file": ("s.sta", content, "text/plain")},
        data={"journal": "BNK1"},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["statement_ids"][0])


def test_a_draft_is_corrected_line_and_balance_then_validates_and_freezes(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    wrong = MT940.replace(b"C260303EUR1300,00", b"C260303EUR1301,00")
    statement_id = imported(api, uow, company, wrong)
    statement = api.get(f"/api/v1/statements/{statement_id}").json()
    first = statement["lines"][0]["id"]
    edited = api.patch(
        f"/api/v1/statement-lines/{first}",
        json={"amount": "301.50", "counterparty_name": "Customer", "communication": "fixed"},
    )
    assert edited.status_code == 200, edited.text
    assert [line["amount"] for line in edited.json()["lines"]] == ["301.50", "-0.50"]
    assert api.post(f"/api/v1/statements/{statement_id}/validate").status_code == 200
    frozen = api.patch(f"/api/v1/statements/{statement_id}", json={"closing_balance": "1.00"})
    assert (frozen.status_code, frozen.json()["code"]) == (409, "statement_validated")
    line_frozen = api.patch(f"/api/v1/statement-lines/{first}", json={"amount": "1.00"})
    assert line_frozen.status_code == 409
    assert api.delete(f"/api/v1/statements/{statement_id}").status_code == 409


def test_a_draft_balance_is_corrected_and_a_wrong_import_deleted(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    statement_id = imported(api, uow, company, MT940)
    changed = api.patch(
        f"/api/v1/statements/{statement_id}",
        json={"opening_balance": "900.00", "closing_balance": "1200.00", "date": "2026-03-04"},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["opening_balance"], body["closing_balance"], body["date"]) == (
        "900.00",
        "1200.00",
        "2026-03-04",
    )
    too_precise = api.patch(f"/api/v1/statements/{statement_id}", json={"closing_balance": "1.001"})
    assert too_precise.status_code == 422
    assert api.delete(f"/api/v1/statements/{statement_id}").status_code == 204
    assert api.get(f"/api/v1/statements/{statement_id}").status_code == 404
    again = imported(api, uow, company, MT940)  # the deleted lines are no duplicates
    assert api.get(f"/api/v1/statements/{again}").json()["line_count"] == 2
