"""/accounting-settings and the journals' account settings over HTTP (both databases)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany


def test_read_and_change_company_account_settings(api: TestClient, company: SeededCompany) -> None:
    body = api.get("/api/v1/accounting-settings").json()
    assert body["accounts"]["exchange_gain_account"]["code"] == "4950"
    assert [j["code"] for j in body["journals"]] == ["BNK1", "CSH"]
    done = api.patch(
        "/api/v1/accounting-settings",
        json={"writeoff_account_id": company.accounts["6200"], "rounding_account_id": None},
    )
    assert done.status_code == 200
    accounts = done.json()["accounts"]
    assert accounts["writeoff_account"]["code"] == "6200"
    assert accounts["rounding_account"] is None


def test_a_wrong_kind_is_a_422_naming_the_setting(api: TestClient, company: SeededCompany) -> None:
    done = api.patch(
        "/api/v1/accounting-settings",
        json={"retained_earnings_account_id": company.accounts["1000"]},
    )
    assert done.status_code == 422
    problem = done.json()
    assert problem["errors"][0]["field"] == "retained_earnings_account"
    assert "retained_earnings_account cannot be account 1000 (bank)" in problem["detail"]


def test_a_journal_posts_directly_to_the_bank(api: TestClient, company: SeededCompany) -> None:
    journal = company.journals["BNK1"]
    done = api.patch(
        f"/api/v1/journals/{journal}",
        json={"outstanding_payments_account_id": company.accounts["1000"]},
    )
    assert done.status_code == 200
    assert done.json()["outstanding_payments_account_id"] == company.accounts["1000"]
    body = api.get("/api/v1/accounting-settings").json()
    assert body["journals"][0]["posts_directly"] is True


def test_create_a_company_from_a_chart_template(api: TestClient) -> None:
    made = api.post(
        "/api/v1/companies",
        json={"name": "示例有限公司", "currency": "CNY", "chart": "cn-small-business"},
    )
    assert made.status_code == 201, made.text
    bad = api.post("/api/v1/companies", json={"name": "X", "currency": "EUR", "chart": "nope"})
    assert bad.status_code == 422


def test_a_payment_term_overrides_the_discount_accounts(
    api: TestClient, company: SeededCompany
) -> None:
    term = api.post(
        "/api/v1/payment-terms",
        json={"name": "Net 30", "lines": [{"kind": "balance", "due": {"days": 30}}]},
    ).json()
    done = api.patch(
        f"/api/v1/accounting-settings/payment-terms/{term['id']}",
        json={"discount_granted_account_id": company.accounts["6200"]},
    )
    assert done.status_code == 200, done.text
    assert done.json()["discount_granted_account"]["code"] == "6200"
    assert done.json()["discount_received_account"] is None
    bad = api.patch(
        f"/api/v1/accounting-settings/payment-terms/{term['id']}",
        json={"discount_received_account_id": company.accounts["1000"]},
    )
    assert bad.status_code == 422
