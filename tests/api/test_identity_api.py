"""Company identity, logo, bank accounts and partner identity over HTTP."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from PIL import Image

from asiento.services.demo.seed import SeededCompany

V1 = "/api/v1"


def test_company_identity_round_trips_and_a_bad_vat_number_is_422(
    api: TestClient, company: SeededCompany
) -> None:
    url = f"{V1}/companies/{company.id}"
    body = {
        "legal_name": "Test Company S.L.",
        "street": "Calle Mayor 1",
        "zip": "28013",
        "city": "Madrid",
        "country": "ES",
        "tax_id": "ESB12345674",
        "email": "billing@test.example",
        "language": "es",
    }
    got = api.patch(url, json=body)
    assert got.status_code == 200, got.text
    assert {k: got.json()[k] for k in body} == body
    bad = api.patch(url, json={"tax_id": "ESB12345675"})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["field"] == "tax_id"
    assert api.patch(url, json={"language": "fr"}).status_code == 422
    assert api.get(url).json()["tax_id"] == "ESB12345674"


def test_logo_upload_checks_the_file(api: TestClient, company: SeededCompany) -> None:
    out = io.BytesIO()
    Image.new("RGB", (3, 3)).save(out, format="JPEG")
    url = f"{V1}/companies/{company.id}/logo"
    up = api.put(url, files={"file": ("logo.jpg", out.getvalue(), "image/jpeg")})
    assert up.status_code == 200, up.text
    assert up.json()["logo_type"] == "image/jpeg"
    assert api.get(url).content == out.getvalue()
    bad = api.put(url, files={"file": ("logo.svg", b"<svg/>", "image/svg+xml")})
    assert bad.status_code == 422
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_bank_accounts_and_the_journal_that_books_one(
    api: TestClient, company: SeededCompany
) -> None:
    made = api.post(
        f"{V1}/bank-accounts",
        json={
            "iban": "DE89 3704 0044 0532 0130 00",
            "bic": "COBADEFFXXX",
            "currency": "EUR",
            "is_default": True,
        },
    )
    assert made.status_code == 201, made.text
    account = made.json()
    assert (account["iban"], account["label"], account["partner_id"], account["is_default"]) == (
        "DE89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        None,
        True,
    )
    assert [a["id"] for a in api.get(f"{V1}/bank-accounts").json()["items"]] == [account["id"]]
    bad = api.post(
        f"{V1}/bank-accounts", json={"iban": "DE00370400440532013000", "currency": "EUR"}
    )
    assert bad.status_code == 422
    journal = api.patch(
        f"{V1}/journals/{company.journals['BNK1']}", json={"bank_account_id": account["id"]}
    )
    assert journal.status_code == 200, journal.text
    assert journal.json()["bank_account_id"] == account["id"]
    assert api.delete(f"{V1}/bank-accounts/{account['id']}").status_code == 409
    cleared = api.patch(f"{V1}/journals/{company.journals['BNK1']}", json={"bank_account_id": None})
    assert cleared.json()["bank_account_id"] is None
    assert api.delete(f"{V1}/bank-accounts/{account['id']}").status_code == 204


def test_partner_identity_and_bank_accounts(api: TestClient) -> None:
    made = api.post(
        f"{V1}/partners",
        json={
            "name": "明辉",
            "country": "CN",
            "tax_id": "91110108551385082Q",
            "language": "zh",
            "invoice_email": "ap@minghui.example",
            "region": "上海市",
        },
    )
    assert made.status_code == 201, made.text
    pid = made.json()["id"]
    assert (made.json()["language"], made.json()["invoice_email"]) == ("zh", "ap@minghui.example")
    assert api.patch(f"{V1}/partners/{pid}", json={"language": "de"}).status_code == 422
    acc = api.post(f"{V1}/partners/{pid}/bank-accounts", json={"iban": "ES9121000418450200051332"})
    assert acc.status_code == 201, acc.text
    listed = api.get(f"{V1}/partners/{pid}/bank-accounts").json()["items"]
    assert [(a["partner_id"], a["iban"]) for a in listed] == [(pid, "ES9121000418450200051332")]
    assert api.get(f"{V1}/partners/{pid}").json()["iban"] == "ES9121000418450200051332"
