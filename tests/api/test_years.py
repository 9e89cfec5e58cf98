"""/api/v1/years: status with blockers, close (409 listing them), re-open by admin only."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.store.uow import UnitOfWork
from tests.api.conftest import RoleClient
from tests.builders.ledger import post_simple, simple_entry

URL = "/api/v1/years"


def test_close_is_refused_with_every_blocker_then_closes(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company, debit_account="1000", credit_account="4000", amount="250.00")
    draft = ledger.create_entry(uow, company.id, simple_entry(day=date(2026, 5, 5), ref="x"))
    status = api.get(f"{URL}/2026").json()
    assert (status["state"], status["net_result"]) == ("open", "250.00")
    assert [(b["kind"], b["id"]) for b in status["blockers"]] == [("entry", draft.id)]
    refused = api.post(f"{URL}/2026/close")
    assert refused.status_code == 409
    assert refused.json()["code"] == "year_not_closable"
    assert [e["field"] for e in refused.json()["errors"]] == [f"entry {draft.id}"]
    ledger.delete_entry(uow, company.id, draft.id)
    closed = api.post(f"{URL}/2026/close")
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert (body["state"], body["lock_date"], body["net_result"]) == ("closed", "2026-12-31",
                                                                      "250.00")  # fmt: skip
    assert api.post(f"{URL}/2026/close").json()["code"] == "year_closed"


def test_reopen_is_for_admins(
    api: TestClient, as_role: RoleClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company)
    assert api.post(f"{URL}/2026/close").status_code == 200
    assert as_role("accountant").post(f"{URL}/2026/reopen").status_code == 403
    done = api.post(f"{URL}/2026/reopen", json={"reason": "audit adjustment"})
    assert done.status_code == 200, done.text
    assert (done.json()["state"], done.json()["lock_date"]) == ("open", None)


def test_a_bad_year_is_422(api: TestClient, company: SeededCompany) -> None:
    got = api.get(f"{URL}/next")
    assert got.status_code == 422
    assert got.json()["detail"] == "year: 'next' is not a year like 2026"
