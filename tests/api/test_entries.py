"""Journal entries over HTTP: create, post, reverse, edit drafts, list and verify."""

from __future__ import annotations

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from tests.api.conftest import entry_body

E = "/api/v1/entries"


def test_create_post_reverse_with_exact_figures_and_numbers(
    api: TestClient, company: SeededCompany
) -> None:
    draft = api.post(E, json=entry_body("250.10", "250.10", ref="rent march"))
    assert draft.status_code == 201
    d = draft.json()
    assert (d["state"], d["number"], d["hash"], d["ref"]) == ("draft", None, None, "rent march")
    assert [(i["account_code"], i["debit"], i["credit"]) for i in d["items"]] == [
        ("6000", "250.10", "0.00"),
        ("1000", "0.00", "250.10"),
    ]
    posted = api.post(f"{E}/{d['id']}/post")
    assert posted.status_code == 200
    assert (posted.json()["state"], posted.json()["number"]) == ("posted", "MISC/2026/00001")
    assert len(posted.json()["hash"]) == 64
    rev = api.post(f"{E}/{d['id']}/reverse", json={"date": "2026-03-05", "reason": "typo"})
    assert rev.status_code == 201
    r = rev.json()
    assert (r["number"], r["reversal_of_id"], r["date"]) == (
        "MISC/2026/00002",
        d["id"],
        "2026-03-05",
    )
    assert [(i["account_code"], i["debit"], i["credit"]) for i in r["items"]] == [
        ("6000", "0.00", "250.10"),
        ("1000", "250.10", "0.00"),
    ]
    assert api.get(f"{E}/{d['id']}").json()["reversed_by_id"] == r["id"]


def test_post_at_once_and_account_ids_work_like_codes(
    api: TestClient, company: SeededCompany
) -> None:
    body = entry_body(
        debit_account=company.accounts["6100"], credit_account=company.accounts["1000"]
    )
    res = api.post(E, json=body, params={"post": "true"})
    assert res.status_code == 201
    assert (res.json()["number"], res.json()["total_debit"]) == ("MISC/2026/00001", "100.00")
    assert res.json()["items"][0]["account_code"] == "6100"


def test_a_draft_can_be_patched_replaced_and_deleted(api: TestClient) -> None:
    draft = api.post(E, json=entry_body()).json()
    patched = api.patch(f"{E}/{draft['id']}", json={"ref": "fixed", "date": "2026-03-02"})
    assert patched.status_code == 200
    p = patched.json()
    assert (p["ref"], p["date"], p["items"][0]["debit"]) == ("fixed", "2026-03-02", "100.00")
    replaced = api.put(f"{E}/{draft['id']}", json=entry_body("42.00", "42.00"))
    assert replaced.status_code == 200
    assert replaced.json()["items"][0]["debit"] == "42.00"
    assert replaced.json()["ref"] == ""
    assert api.delete(f"{E}/{draft['id']}").status_code == 204
    gone = api.get(f"{E}/{draft['id']}")
    assert gone.status_code == 404
    assert gone.json()["code"] == "not_found"


def test_list_filters_and_cursor_pagination(api: TestClient, company: SeededCompany) -> None:
    for day in range(1, 6):
        api.post(E, json=entry_body(day=f"2026-03-0{day}"), params={"post": "true"})
    api.post(E, json=entry_body(day="2026-04-01"))
    drafts = api.get(E, params={"state": "draft"}).json()["items"]
    assert [(e["state"], e["date"]) for e in drafts] == [("draft", "2026-04-01")]
    ranged = api.get(E, params={"date_from": "2026-03-02", "date_to": "2026-03-03"}).json()
    assert [e["number"] for e in ranged["items"]] == ["MISC/2026/00003", "MISC/2026/00002"]
    seen: list[str | None] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"state": "posted", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = api.get(E, params=params).json()
        seen += [e["number"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"MISC/2026/{n:05d}" for n in range(5, 0, -1)]
    by_account = api.get(E, params={"account_id": company.accounts["6200"]}).json()
    assert by_account == {"items": [], "next_cursor": None}
    by_journal = api.get(E, params={"journal_id": company.journals["BNK1"]}).json()
    assert by_journal["items"] == []


def test_verify_reports_each_journal_chain(api: TestClient) -> None:
    api.post(E, json=entry_body(), params={"post": "true"})
    res = api.get("/api/v1/verify")
    assert res.status_code == 200
    body = res.json()
    assert body["ok"] is True
    misc = next(j for j in body["journals"] if j["journal_code"] == "MISC")
    assert (misc["entries"], misc["ok"], misc["detail"]) == (1, True, None)


def test_a_foreign_currency_draft_converts_at_the_dated_rate_and_survives_a_patch(
    api: TestClient,
) -> None:
    api.post("/api/v1/currencies", json={"code": "USD"})
    api.post("/api/v1/currencies/USD/rates", json={"date": "2026-03-01", "rate": "0.9"})
    body = entry_body(credit="90.00")
    body["lines"][0] = {"account": "6000", "currency": "USD", "amount_currency": "100.00"}
    draft = api.post(E, json=body)
    assert draft.status_code == 201, draft.text
    line = draft.json()["items"][0]
    assert (line["debit"], line["currency"], line["amount_currency"]) == ("90.00", "USD", "100.00")
    patched = api.patch(f"{E}/{draft.json()['id']}", json={"narration": "March rent"}).json()
    line = patched["items"][0]
    assert (line["debit"], line["currency"], line["amount_currency"]) == ("90.00", "USD", "100.00")
    assert patched["narration"] == "March rent"
