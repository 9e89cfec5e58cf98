"""Bad input is a precise 4xx on both databases, never a 5xx, and changes nothing.

One test per class of input that schemathesis once turned into a 500: ids
beyond BIGINT, ``null`` in PATCH, NUL in text, absurd amounts and quantities,
dates and buckets out of range, negative limits, oversized bodies and
documents, backtracking regexes; plus what the OpenAPI document promises.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.api.conftest import bearer, entry_body, issue_token
from tests.builders.ledger import row_counts

V1 = "/api/v1"
PROBLEM = "application/problem+json"
TOO_BIG_ID = 2**63


def refused(res: Any, status: int = 422) -> dict[str, Any]:
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == PROBLEM
    body: dict[str, Any] = res.json()
    assert body["status"] == status
    return body


def invoice_body(partner_id: int, **extra: Any) -> dict[str, Any]:
    line = {"description": "Work", "price_unit": "10.00", "account": "4000"}
    return {"partner": partner_id, "invoice_date": "2026-03-10", "lines": [line], **extra}


@pytest.fixture
def partner_id(api: TestClient) -> int:
    created = api.post(f"{V1}/partners", json={"name": "Acme"})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


@pytest.mark.parametrize(
    "path",
    [
        f"{V1}/invoices/{TOO_BIG_ID}",
        f"{V1}/entries/{TOO_BIG_ID}",
        f"{V1}/partners/{TOO_BIG_ID}",
        f"{V1}/invoices?partner_id={TOO_BIG_ID}",
        f"{V1}/entries?account_id={TOO_BIG_ID}",
    ],
)
def test_ids_beyond_bigint_in_path_or_query_are_422(api: TestClient, path: str) -> None:
    body = refused(api.get(path))
    assert body["code"] == "validation_failed"


def test_the_largest_bigint_id_is_simply_not_found(api: TestClient) -> None:
    refused(api.get(f"{V1}/invoices/{2**63 - 1}"), 404)


def test_ids_beyond_bigint_in_a_body_are_422_and_store_nothing(
    api: TestClient, uow: UnitOfWork, partner_id: int
) -> None:
    before = row_counts(uow)
    body = refused(api.post(f"{V1}/invoices", json=invoice_body(TOO_BIG_ID)))
    assert body["errors"][0]["field"].startswith("partner")
    refused(api.post(f"{V1}/entries", json=entry_body(debit_account=TOO_BIG_ID)))
    refused(api.get(f"{V1}/invoices", headers={"X-Company-Id": str(TOO_BIG_ID)}))
    assert row_counts(uow) == before


@pytest.mark.parametrize("field", ["ref", "partner", "lines"])
def test_null_in_a_patch_of_an_invoice_is_422(api: TestClient, partner_id: int, field: str) -> None:
    draft = api.post(f"{V1}/invoices", json=invoice_body(partner_id)).json()
    body = refused(api.patch(f"{V1}/invoices/{draft['id']}", json={field: None}))
    assert (body["errors"][0]["field"], body["errors"][0]["code"]) == (field, "not_nullable")


def test_null_clears_an_optional_invoice_field(api: TestClient, partner_id: int) -> None:
    draft = api.post(
        f"{V1}/invoices", json=invoice_body(partner_id, payment_reference="RF18 0000")
    ).json()
    patched = api.patch(f"{V1}/invoices/{draft['id']}", json={"payment_reference": None})
    assert patched.status_code == 200, patched.text
    assert patched.json()["payment_reference"] is None


@pytest.mark.parametrize("field", ["ref", "journal", "lines", "date"])
def test_null_in_a_patch_of_an_entry_is_422(api: TestClient, field: str) -> None:
    draft = api.post(f"{V1}/entries", json=entry_body()).json()
    body = refused(api.patch(f"{V1}/entries/{draft['id']}", json={field: None}))
    assert body["errors"][0]["field"] == field


def test_nul_characters_are_refused_everywhere_and_store_nothing(
    api: TestClient, uow: UnitOfWork, partner_id: int
) -> None:
    before = row_counts(uow)
    body = refused(api.post(f"{V1}/partners", json={"name": "Ac\x00me"}))
    assert body["errors"][0] == {
        "field": "name",
        "message": "text cannot contain NUL characters",
        "code": "nul_character",
    }
    refused(api.post(f"{V1}/invoices", json=invoice_body(partner_id, ref="A\x00")))
    refused(api.post(f"{V1}/entries", json=entry_body(narration="x\x00y")))
    refused(api.get(f"{V1}/invoices", params={"state": "po\x00sted"}))
    assert row_counts(uow) == before


@pytest.mark.parametrize(
    ("amount", "code"),
    [("1e30", "amount_too_large"), ("1000000000000000", "amount_too_large"),
     ("0.0000001", "too_many_decimals")],
)  # fmt: skip
def test_absurd_payment_amounts_are_422(api: TestClient, amount: str, code: str) -> None:
    body = refused(
        api.post(
            f"{V1}/payments",
            json={"payment_type": "inbound", "amount": amount, "date": "2026-03-01"},
        )
    )
    assert body["errors"][0]["code"] == code


def test_a_quantity_finer_than_stored_precision_is_422(api: TestClient, partner_id: int) -> None:
    line = {"description": "Dust", "quantity": "1e-30", "price_unit": "1", "account": "4000"}
    body = refused(api.post(f"{V1}/invoices", json=invoice_body(partner_id, lines=[line])))
    assert body["errors"][0] == {
        "field": "lines[0].quantity",
        "message": "at most 6 decimal places",
        "code": "too_many_decimals",
    }


def test_an_entry_of_zero_amounts_is_422(api: TestClient, uow: UnitOfWork) -> None:
    before = row_counts(uow)
    body = refused(api.post(f"{V1}/entries", json=entry_body("0", "0")))
    assert body["errors"][0]["code"] == "zero_entry"
    assert row_counts(uow) == before


@pytest.mark.parametrize(
    "query",
    [
        "as_of=0001-01-01",
        "as_of=9999-12-31",
        "as_of=2026-12-31&buckets=30,99999999999999999999999",
        "as_of=2026-12-31&buckets=" + ",".join(["1"] * 13),
        "as_of=2026-12-31&buckets=²",
    ],
)
def test_report_dates_and_buckets_out_of_range_are_422(api: TestClient, query: str) -> None:
    refused(api.get(f"{V1}/reports/aged-receivable?{query}"))


def test_audit_limit_is_bounded(api: TestClient) -> None:
    refused(api.get(f"{V1}/audit?limit=-1"))
    refused(api.get(f"{V1}/audit?limit=1001"))
    assert api.get(f"{V1}/audit?limit=1").status_code == 200


def test_a_document_of_more_than_5000_lines_is_422(api: TestClient, partner_id: int) -> None:
    line = {"description": "x", "price_unit": "1", "account": "4000"}
    body = refused(api.post(f"{V1}/invoices", json=invoice_body(partner_id, lines=[line] * 5001)))
    assert body["errors"][0]["field"] == "lines"


@pytest.fixture
def small_limit_api(
    engine: Engine, uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, str, str]]:
    """An app whose JSON body limit is 1,000 bytes; an admin's and an auditor's token."""
    monkeypatch.setenv("ASIENTO_MAX_BODY_BYTES", "1000")
    admin = issue_token(uow, company.id)
    auditor = issue_token(uow, company.id, "auditor")
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        yield client, admin, auditor


def test_a_body_over_the_limit_is_413_before_it_is_parsed(
    small_limit_api: tuple[TestClient, str, str], uow: UnitOfWork
) -> None:
    client, admin, _ = small_limit_api
    before = row_counts(uow)
    big = '{"name": "' + "x" * 2000 + '"}'
    headers = bearer(admin) | {"content-type": "application/json"}
    body = refused(client.post(f"{V1}/partners", content=big, headers=headers), 413)
    assert body["code"] == "body_too_large"
    chunks = (b"x" * 400 for _ in range(5))  # no Content-Length: counted as it arrives
    refused(client.post(f"{V1}/partners", content=chunks, headers=headers), 413)
    assert row_counts(uow) == before


def test_a_large_body_meets_the_token_and_role_check_first(
    engine: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    auditor = issue_token(uow, company.id, "auditor")
    big = '{"name": "' + "x" * 100_000 + '"}'
    json_type = {"content-type": "application/json"}
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        refused(client.post(f"{V1}/partners", content=big, headers=json_type), 401)
        as_auditor = bearer(auditor) | json_type
        body = refused(client.post(f"{V1}/partners", content=big, headers=as_auditor), 403)
    assert body["detail"] == "this token's role is read-only"


def test_a_catastrophic_regex_is_matched_by_re2_and_backreferences_are_refused(
    api: TestClient, company: SeededCompany
) -> None:
    rule = {"name": "Evil", "label_regex": "^(a+)+$", "account_id": company.accounts["6200"]}
    assert api.post(f"{V1}/reconciliation-rules", json=rule).status_code == 201
    backref = rule | {"name": "Backref", "label_regex": r"(a)\1"}
    body = refused(api.post(f"{V1}/reconciliation-rules", json=backref))
    assert body["errors"][0]["field"] == "label_regex"
    assert "no backreferences" in body["detail"]


def test_405_names_the_allowed_methods(api: TestClient) -> None:
    res = api.put(f"{V1}/verify")
    refused(res, 405)
    assert res.headers["allow"] == "GET"


def test_timestamps_carry_their_utc_offset(api: TestClient) -> None:
    token = api.get(f"{V1}/tokens").json()["items"][0]
    assert token["created_at"].endswith(("Z", "+00:00"))


def test_every_operation_documents_its_problem_responses(api: TestClient) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    operations = [
        (path, method, op)
        for path, ops in paths.items()
        if path.startswith(V1)
        for method, op in ops.items()
    ]
    assert len(operations) > 100
    for path, method, op in operations:
        for status in ("401", "403", "404", "409", "422"):
            content = op["responses"][status]["content"]
            assert list(content) == [PROBLEM], (method, path, status)
        if "requestBody" in op:
            assert "413" in op["responses"], (method, path)
