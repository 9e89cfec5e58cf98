"""API for master data: product control policies, account refusals in problem+json,
rates imported from a CSV file all or nothing; tenant walls. Both databases."""

from __future__ import annotations

from fastapi.testclient import TestClient

from asiento.domain.commands.partners import NewPartner
from asiento.domain.commands.products import NewProduct
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.reference import currencies, partners, products
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple, row_counts

V1 = "/api/v1"


def test_a_product_carries_its_bill_and_invoice_policies(api: TestClient) -> None:
    made = api.post(f"{V1}/products", json={"code": "P1", "name": "Bolt",
                                            "bill_policy": "received"})  # fmt: skip
    assert made.status_code == 201, made.text
    assert (made.json()["bill_policy"], made.json()["invoice_policy"]) == ("received", None)
    url = f"{V1}/products/{made.json()['id']}"
    patched = api.patch(url, json={"bill_policy": None, "invoice_policy": "delivered"})
    assert (patched.json()["bill_policy"], patched.json()["invoice_policy"]) == (None, "delivered")
    archived = api.patch(url, json={"active": False})
    assert archived.json()["active"] is False
    wrong = api.post(f"{V1}/products", json={"code": "P2", "name": "X", "bill_policy": "weekly"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"].endswith("bill_policy")


def test_account_changes_that_break_posted_data_are_refused_as_problems(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company, debit_account="6300", credit_account="3000", amount="100.00")
    before = row_counts(uow)
    url = f"{V1}/accounts/{company.accounts['6300']}"
    kind = api.patch(url, json={"kind": "equity"})
    assert kind.status_code == 409
    assert kind.headers["content-type"] == "application/problem+json"
    body = kind.json()
    assert (body["code"], body["errors"][0]["field"]) == ("account_in_use", "kind")
    assert body["detail"] == (
        "account 6300 has journal items: its type cannot change from expense to equity"
    )
    archive = api.patch(url, json={"active": False})
    assert archive.json()["detail"].startswith("account 6300 has an open balance of 100.00 EUR")
    receivable = api.patch(f"{V1}/accounts/{company.accounts['1100']}", json={"active": False})
    assert "used by the company's receivable account" in receivable.json()["detail"]
    assert row_counts(uow) == before
    assert api.patch(url, json={"name": "Wages"}).json()["name"] == "Wages"


def test_rates_are_imported_from_csv_all_or_nothing(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    currencies.enable_currency(uow, company.id, "USD")
    url = f"{V1}/currencies/rates/import"
    before = row_counts(uow)
    bad = b"date,currency,rate\n2026-01-02,USD,0.92\n2026-13-01,USD,1\n2026-01-03,QQQ,1\n"
    refused = api.post(url, files={"file": ("r.csv", bad, "text/csv")})
    assert refused.status_code == 422
    assert [(e["field"], e["message"]) for e in refused.json()["errors"]] == [
        ("rows[3]", "row 3: date '2026-13-01' is not YYYY-MM-DD"),
        ("rows[4]", "row 4: currency 'QQQ' is not an ISO 4217 code"),
    ]
    empty = api.post(url, files={"file": ("r.csv", b"date,currency,rate\n", "text/csv")})
    assert empty.json()["detail"] == "the file has no rates (date,currency,rate)"
    binary = api.post(url, files={"file": ("r.csv", b"\xff\xfe\x00", "text/csv")})
    assert binary.status_code == 422
    assert row_counts(uow) == before
    good = b"2026-01-02,USD,0.92\n2026-01-03,USD,0.925\n"
    done = api.post(url, files={"file": ("r.csv", good, "text/csv")})
    assert done.status_code == 201
    assert [(r["date"], r["rate"]) for r in done.json()["items"]] == [
        ("2026-01-02", "0.92"), ("2026-01-03", "0.925"),
    ]  # fmt: skip
    again = api.post(url, files={"file": ("r.csv", good, "text/csv")})
    assert again.status_code == 422
    assert again.json()["detail"] == "row 1: a USD rate for 2026-01-02 exists already (and 1 more)"


def test_another_companys_product_account_and_currency_stay_walled(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL")
    theirs = products.create_product(uow, other.id, NewProduct(code="THEIRS", name="Theirs"))
    currencies.enable_currency(uow, other.id, "USD")
    before = row_counts(uow)
    assert api.patch(f"{V1}/products/{theirs.id}", json={"active": False}).status_code == 404
    account = other.accounts["6300"]
    assert api.patch(f"{V1}/accounts/{account}", json={"active": False}).status_code == 404
    rates = b"2026-01-02,USD,0.92\n"
    answer = api.post(f"{V1}/currencies/rates/import", files={"file": ("r.csv", rates)})
    assert answer.json()["errors"][0]["message"] == "row 1: currency USD is not enabled"
    assert row_counts(uow) == before


def test_partners_and_products_are_searched_as_a_picker_searches(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    for name in ("Martin Garcia SL", "Garcia Hermanos SA", "Omega Ltd"):
        assert api.post(f"{V1}/partners", json={"name": name}).status_code == 201
    for code, name in (("GAR-1", "Garden chair"), ("DSK", "Desk")):
        assert api.post(f"{V1}/products", json={"code": code, "name": name}).status_code == 201

    def found(path: str, **params: object) -> list[str]:
        response = api.get(f"{V1}/{path}", params=params)
        assert response.status_code == 200, response.text
        assert response.json()["next_cursor"] is None
        return [row["name"] for row in response.json()["items"]]

    # prefix of the name first, then names containing the text
    assert found("partners", q="garcia") == ["Garcia Hermanos SA", "Martin Garcia SL"]
    assert found("partners", q="garcia", limit=1) == ["Garcia Hermanos SA"]
    assert found("products", q="gar") == ["Garden chair"]
    assert found("products", q="DSK") == ["Desk"]
    assert found("partners", q="%") == found("products", q="_") == []
    garcia = api.get(f"{V1}/partners", params={"q": "garcia hermanos"}).json()["items"][0]
    assert api.patch(f"{V1}/partners/{garcia['id']}", json={"active": False}).status_code == 200
    assert found("partners", q="garcia") == ["Martin Garcia SL"]
    assert found("partners", q="garcia", archived=True) == [
        "Garcia Hermanos SA",
        "Martin Garcia SL",
    ]
    other = seed_company(uow, "Other SA", "EUR")
    partners.create_partner(uow, other.id, NewPartner(name="Garcia Other"))
    assert "Garcia Other" not in found("partners", q="garcia", archived=True)


def test_a_partners_contacts_are_added_listed_and_removed(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    pid = api.post(f"{V1}/partners", json={"name": "Azure Interior"}).json()["id"]
    url = f"{V1}/partners/{pid}/contacts"
    made = api.post(url, json={"name": "Ana García", "role": "Buyer", "email": "ana@azure.example"})
    assert made.status_code == 201, made.text
    assert made.json() == {"id": made.json()["id"], "partner_id": pid, "name": "Ana García",
                           "role": "Buyer", "email": "ana@azure.example", "phone": None}  # fmt: skip
    phone = api.post(url, json={"name": "Bob", "phone": "call me"})
    assert (phone.status_code, phone.json()["errors"][0]["field"]) == (422, "phone")
    blank = api.post(url, json={"name": "  "})
    assert (blank.status_code, blank.json()["errors"][0]["field"]) == (422, "name")
    assert api.post(url, json={"name": "X", "fax": "1"}).status_code == 422
    assert [c["name"] for c in api.get(url).json()] == ["Ana García"]
    other = seed_company(uow, "Other SA", "EUR")
    foreign = partners.create_partner(uow, other.id, NewPartner(name="Foreign")).id
    assert api.get(f"{V1}/partners/{foreign}/contacts").status_code == 404
    assert api.post(f"{V1}/partners/{foreign}/contacts", json={"name": "X"}).status_code == 404
    contact = made.json()["id"]
    assert api.delete(f"{V1}/partners/{foreign}/contacts/{contact}").status_code == 404
    assert api.delete(f"{url}/{contact}").status_code == 204
    assert api.delete(f"{url}/{contact}").status_code == 404
    assert api.get(url).json() == []
