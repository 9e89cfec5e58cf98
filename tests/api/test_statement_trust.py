"""API: uploads over the limit are refused whole (413); an unbalanced statement is a 409."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from asiento.domain.commands.chart import JournalChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

DATA = Path(__file__).resolve().parents[1] / "data"
MT940 = (DATA / "mt940_amounts_good.sta").read_bytes()


def upload(api: TestClient, content: bytes, **form: str):  # type: ignore[no-untyped-def]
    files = {"file": ("statement.sta", content, "text/plain")}
    return api.post("/api/v1/statements/import", files=files, data={"journal": "BNK1", **form})


def test_an_upload_over_the_limit_is_a_413_and_is_never_parsed(
    api: TestClient, uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    monkeypatch.setenv("ASIENTO_MAX_UPLOAD_MB", "1")
    before = row_counts(uow)
    padded = MT940 + b"\r\n" * 500_001  # 1,000,002 bytes of padding: over 1 MB
    response = upload(api, padded)
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "upload_too_large"
    assert row_counts(uow) == before
    assert upload(api, MT940).status_code == 201


def test_validating_an_unbalanced_statement_is_a_409_naming_the_difference(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    wrong = MT940.replace(b"C260303EUR1300,00", b"C260303EUR1301,00")
    created = upload(api, wrong)
    assert created.status_code == 201, created.text
    assert created.json()["balance_ok"] is False
    statement_id = created.json()["statement_ids"][0]
    response = api.post(f"/api/v1/statements/{statement_id}/validate")
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["difference"]) == ("statement_unbalanced", "1.00")
    assert "difference 1.00" in body["detail"]
    assert api.get(f"/api/v1/statements/{statement_id}").json()["state"] == "draft"


def test_an_unverifiable_statement_validates_only_when_confirmed(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow,
        company.id,
        company.journals["BNK1"],
        JournalChanges(iban="FR7630006000011234567890189"),
    )
    created = upload(api, (DATA / "ofx1_sgml_two_accounts.ofx").read_bytes())
    assert created.status_code == 201, created.text
    statement_id = created.json()["statement_ids"][0]
    refused = api.post(f"/api/v1/statements/{statement_id}/validate")
    assert (refused.status_code, refused.json()["code"]) == (409, "statement_unverifiable")
    confirmed = api.post(f"/api/v1/statements/{statement_id}/validate?confirm=true")
    assert (confirmed.status_code, confirmed.json()["state"]) == (200, "validated")
