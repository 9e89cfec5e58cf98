"""/api/v1/recurring-invoices: templates by human references, runs, archive, walls (both databases)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.uow import UnitOfWork
from tests.api.conftest import RoleClient, bearer, issue_token
from tests.builders.recurring import subscriber

V1 = "/api/v1/recurring-invoices"


def body(**values: Any) -> dict[str, Any]:
    """A monthly hosting template for Subscriber SL, by name, account code and tax name."""
    return {
        "name": "Hosting",
        "partner": "Subscriber SL",
        "lines": [{"description": "Hosting", "price_unit": "100.00", "account": "4000",
                   "taxes": ["VAT 21%"]}],
        "frequency": "monthly",
        "day": 31,
        "start_date": "2026-01-01",
    } | values  # fmt: skip


def test_create_run_twice_and_read_what_was_produced(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    subscriber(uow, company)
    created = api.post(V1, json=body(post=True, count=2))
    assert created.status_code == 201, created.text
    template = created.json()
    assert (template["next_date"], template["lines"][0]["price_unit"]) == ("2026-01-31", "100.00")
    first = api.post(f"{V1}/run", json={"until": "2026-12-31"})
    assert first.status_code == 200, first.text
    produced = first.json()["produced"]
    assert [(p["invoice_date"], p["number"], p["state"]) for p in produced] == [
        ("2026-01-31", "INV/2026/00001", "posted"),
        ("2026-02-28", "INV/2026/00002", "posted"),
    ]
    again = api.post(f"{V1}/run", json={"until": "2026-12-31"}).json()
    assert again["produced"] == [] and again["templates"][0]["error"] is None
    read = api.get(f"{V1}/{template['id']}").json()
    assert [p["number"] for p in read["produced"]] == ["INV/2026/00002", "INV/2026/00001"]
    assert (read["produced_count"], read["next_date"]) == (2, None)
    invoice = api.get(f"/api/v1/invoices/{produced[0]['invoice_id']}").json()
    assert (invoice["amount_total"], invoice["partner_name"]) == ("121.00", "Subscriber SL")


def test_bad_templates_are_422_naming_the_field(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    subscriber(uow, company)
    cases = {
        "frequency": body(frequency="weekly"),
        "day": body(day=0),
        "end_date": body(end_date="2025-01-01"),
        "send": body(send=True),
        "partner": body(partner="Nobody"),
    }
    for field, sent in cases.items():
        answer = api.post(V1, json=sent)
        assert answer.status_code in (404, 422), (field, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert field in answer.text, (field, answer.text)
    assert api.post(V1, json=body(lines=[{"price_unit": 1.5}])).status_code == 422
    assert api.get(V1).json()["items"] == []


def test_archive_instead_of_delete_once_it_billed(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    subscriber(uow, company)
    unused = api.post(V1, json=body(name="Later", start_date="2030-01-01")).json()
    used = api.post(V1, json=body()).json()
    one = api.post(f"{V1}/run", json={"until": "2026-01-31", "template_id": used["id"]}).json()
    assert len(one["produced"]) == 1
    assert api.delete(f"{V1}/{unused['id']}").status_code == 204
    refused = api.delete(f"{V1}/{used['id']}")
    assert refused.status_code == 409 and "archive" in refused.json()["detail"]
    archived = api.post(f"{V1}/{used['id']}/archive")
    assert archived.json()["state"] == "archived"
    assert api.post(f"{V1}/{used['id']}/archive").status_code == 409
    assert api.put(f"{V1}/{used['id']}", json=body()).status_code == 409
    archived_only = api.get(V1, params={"state": "archived"}).json()["items"]
    assert [t["name"] for t in archived_only] == ["Hosting"]
    first = api.get(V1, params={"limit": 1}).json()
    assert [t["name"] for t in first["items"]] == ["Hosting"]  # newest first
    assert first["next_cursor"] is None  # "Later" was deleted


def test_replace_changes_the_next_invoices(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    subscriber(uow, company)
    template = api.post(V1, json=body()).json()
    lines = [{"description": "Hosting plus", "price_unit": "150.00", "account": "4000",
              "taxes": []}]  # fmt: skip
    replaced = api.put(f"{V1}/{template['id']}", json=body(lines=lines, day=15))
    assert replaced.status_code == 200, replaced.text
    run = api.post(f"{V1}/run", json={"until": "2026-01-31"}).json()
    invoice = api.get(f"/api/v1/invoices/{run['produced'][0]['invoice_id']}").json()
    assert (invoice["invoice_date"], invoice["amount_total"]) == ("2026-01-15", "150.00")


def test_a_clerk_may_keep_templates_but_not_run_them(
    as_role: RoleClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    subscriber(uow, company)
    clerk = as_role("billing_clerk")
    assert clerk.post(V1, json=body()).status_code == 201
    assert clerk.post(f"{V1}/run", json={"until": "2026-12-31"}).status_code == 403
    assert as_role("auditor").post(V1, json=body(name="Other")).status_code == 403


def test_another_company_cannot_read_change_or_run_a_template(
    api: TestClient, engine: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    subscriber(uow, company)
    template = api.post(V1, json=body()).json()
    other = seed_company(uow, "Other SL", "EUR")
    headers = bearer(issue_token(uow, other.id, email="admin@other.test"))
    with TestClient(create_app(engine), headers=headers, raise_server_exceptions=False) as them:
        tid = template["id"]
        assert them.get(f"{V1}/{tid}").status_code == 404
        # its partner's name means nothing in the other company (422), the id neither (404)
        assert them.put(f"{V1}/{tid}", json=body()).status_code == 422
        other_partner = subscriber(uow, other)
        assert them.put(f"{V1}/{tid}", json=body(partner=other_partner)).status_code == 404
        assert them.post(f"{V1}/{tid}/archive").status_code == 404
        assert them.delete(f"{V1}/{tid}").status_code == 404
        run = them.post(f"{V1}/run", json={"until": "2026-12-31", "template_id": tid})
        assert run.status_code == 404
        assert them.post(f"{V1}/run", json={"until": "2026-12-31"}).json()["produced"] == []
        assert them.get(V1).json()["items"] == []
    mine = api.get(f"{V1}/{template['id']}").json()
    assert (mine["produced"], mine["state"], mine["day"]) == ([], "active", 31)


def test_the_list_pages_newest_first(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    subscriber(uow, company)
    for name in ("A", "B", "C"):
        assert api.post(V1, json=body(name=name)).status_code == 201
    first = api.get(V1, params={"limit": 2}).json()
    assert [t["name"] for t in first["items"]] == ["C", "B"]
    rest = api.get(V1, params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert ([t["name"] for t in rest["items"]], rest["next_cursor"]) == (["A"], None)
