"""/api/v1/followups over HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.demo.seed import SeededCompany
from asiento.services.followups import followup_marks as marks
from asiento.store.uow import UnitOfWork
from tests.api.conftest import bearer, issue_token
from tests.builders.ledger import row_counts
from tests.followups.conftest import AS_OF, Smtp, advance_payment, invoice_item, new_customer

BASE = "/api/v1/followups"


@pytest.fixture
def api(engine: Engine, uow: UnitOfWork, levels: SeededCompany) -> Iterator[TestClient]:
    headers = bearer(issue_token(uow, levels.id))
    with TestClient(create_app(engine), headers=headers, raise_server_exceptions=False) as c:
        yield c


def test_run_sends_reminders_and_history_offers_the_letter(
    api: TestClient,
    uow: UnitOfWork,
    levels: SeededCompany,
    smtp: Smtp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASIENTO_SMTP_URL", smtp.url)
    pid = new_customer(uow, levels, "Azure Interior")
    item = invoice_item(uow, levels, pid, "1210.00", 31, ref="Desks")
    advance = advance_payment(uow, levels, pid, "210.00", AS_OF)

    dry = api.post(f"{BASE}/run", json={"as_of": AS_OF.isoformat(), "dry_run": True})
    assert dry.status_code == 200
    [reminder] = dry.json()["reminders"]
    assert (reminder["level_name"], reminder["channels"], reminder["outcomes"]) == (
        "Second reminder",
        ["email", "letter"],
        [],
    )
    assert [(ln["item_id"], ln["residual"], ln["kind"]) for ln in reminder["lines"]] == [
        (item, "1210.00", "invoice"),
        (advance, "-210.00", "credit"),
    ]
    assert (reminder["total_due"], reminder["total_overdue"]) == ("1000.00", "1210.00")
    assert api.get(f"{BASE}/history").json() == {"items": [], "next_cursor": None}

    sent = api.post(f"{BASE}/run", json={"as_of": AS_OF.isoformat()}).json()
    assert [o["status"] for o in sent["reminders"][0]["outcomes"]] == ["sent", "sent"]
    assert len(smtp.inbox.messages) == 1

    history = api.get(f"{BASE}/history", params={"partner": pid}).json()["items"]
    assert [(h["channel"], h["status"], h["total_due"], h["date"]) for h in history] == [
        ("letter", "sent", "1000.00", "2026-06-30"),
        ("email", "sent", "1000.00", "2026-06-30"),
    ]
    letter = api.get(f"{BASE}/history/{history[0]['id']}/letter")
    assert letter.headers["content-type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")

    again = api.post(f"{BASE}/run", json={"as_of": AS_OF.isoformat()}).json()
    assert again["reminders"] == [] and again["skipped"] == {"already_sent": 1}


def test_levels_crud_and_bad_level_is_a_422(api: TestClient, uow: UnitOfWork) -> None:
    assert [lv["days"] for lv in api.get(f"{BASE}/levels").json()] == [15, 30, 45]
    created = api.post(
        f"{BASE}/levels",
        json={"sequence": 4, "name": "Lawyer", "days": 90, "send_letter": True},
    )
    assert created.status_code == 201
    lid = created.json()["id"]
    assert api.patch(f"{BASE}/levels/{lid}", json={"days": 60}).json()["days"] == 60
    before = row_counts(uow)
    bad = api.patch(f"{BASE}/levels/{lid}", json={"days": 40})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["code"] == "invalid_followup_level"
    assert "levels must escalate" in bad.json()["detail"]
    assert row_counts(uow) == before
    assert api.delete(f"{BASE}/levels/{lid}").status_code == 204
    assert api.delete(f"{BASE}/levels/{lid}").status_code == 404


def test_disputes_and_holds_over_http(
    api: TestClient, uow: UnitOfWork, levels: SeededCompany
) -> None:
    pid = new_customer(uow, levels, "Deco Addict")
    item = invoice_item(uow, levels, pid, "100.00", 20)
    r = api.post(f"{BASE}/disputes", json={"item_id": item, "note": "wrong quantity"})
    assert (r.status_code, r.json()) == (201, {"item_id": item, "note": "wrong quantity"})
    run = api.post(f"{BASE}/run", json={"as_of": AS_OF.isoformat(), "dry_run": True}).json()
    assert run["reminders"] == []
    assert run["skipped"] == {"disputed_items": 1, "nothing_overdue": 1}
    assert api.delete(f"{BASE}/disputes/{item}").status_code == 204
    assert api.delete(f"{BASE}/disputes/{item}").status_code == 404

    assert api.put(f"{BASE}/holds/{pid}", json={"note": "plan"}).json() == {
        "partner_id": pid,
        "note": "plan",
    }
    assert marks.list_holds(uow, levels.id)[0].partner_id == pid
    run = api.post(f"{BASE}/run", json={"as_of": AS_OF.isoformat(), "dry_run": True}).json()
    assert run["skipped"] == {"on_hold": 1}
    assert api.delete(f"{BASE}/holds/{pid}").status_code == 204
    assert api.put(f"{BASE}/holds/9999", json={}).status_code == 404
    not_receivable = api.post(f"{BASE}/disputes", json={"item_id": item + 1})
    assert not_receivable.status_code == 422
    assert not_receivable.json()["errors"][0]["field"] == "item_id"


def test_a_letter_to_a_spanish_customer_is_in_spanish() -> None:
    import datetime as dt
    from decimal import Decimal

    from asiento.services.followups.followup_render import ReminderLine, ReminderText, render_letter
    from tests.documents.identity_builders import pdf_text

    line = ReminderLine(1, "INV/2026/00001", "", dt.date(2026, 5, 1), dt.date(2026, 5, 31), 30,
                        Decimal("12290.08"), Decimal("12290.08"), "invoice", True)  # fmt: skip
    text = ReminderText("Azure", "Test Company S.L.", "Recordatorio", dt.date(2026, 6, 30), "EUR",
                        (line,), Decimal("12290.08"), Decimal("12290.08"))  # fmt: skip
    spanish = "".join(pdf_text(render_letter(text, "es")).split())
    assert "EstimadoclienteAzure:" in spanish and "Importenetoadeudado12.290,08€" in spanish
    assert "Fecha:30jun2026" in spanish
    chinese = "".join(pdf_text(render_letter(text, "zh")).split())
    assert "应付净额€12,290.08" in chinese and "日期:2026年6月30日" in chinese
