"""GET /verify carries the documents check: ok with counts, then the first tampered document."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted


def test_verify_names_the_invoice_whose_residual_was_raised(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = customer(uow, company)
    inv = posted(
        uow, company, invoice_input(partner, line("80.00", account_id=company.accounts["4000"]))
    )
    body = api.get("/api/v1/verify").json()
    assert body["ok"] is True
    assert body["documents"] == {
        "ok": True,
        "invoices": 1,
        "payments": 0,
        "items": 2,
        "first_broken": None,
    }
    with uow:
        uow.session.execute(
            text("UPDATE invoices SET amount_residual = 9999 WHERE id = :i"), {"i": inv.id}
        )
        uow.commit()
    body = api.get("/api/v1/verify").json()
    assert body["ok"] is False
    assert body["documents"]["first_broken"] == {
        "kind": "invoice",
        "id": inv.id,
        "number": "INV/2026/00001",
        "reason": "amount_residual 9999 but its items leave 8000 open (minor units)",
    }
