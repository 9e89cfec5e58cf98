"""/imports and /exports: preview, all or nothing, problem+json naming row and column, walls."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from asiento.app import create_app
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.uow import UnitOfWork
from tests.api.conftest import RoleClient, bearer, issue_token
from tests.builders.ledger import row_counts

V1 = "/api/v1"
GOOD = b"code,name,email\nA1,Acme,ap@acme.test\nB1,Bee,bee@bee.test\n"
BAD = b"code,name,email\nA1,Acme,ap@acme.test\nB1,Bee,not-an-email\n"


def upload(api: TestClient, kind: str, content: bytes, **params: str) -> dict[str, object]:
    r = api.post(f"{V1}/imports/{kind}", params=params, files={"file": ("f.csv", content)})
    return {"status": r.status_code, "type": r.headers["content-type"], "body": r.json()}


def test_a_dry_run_previews_every_row_and_stores_nothing(api: TestClient, uow: UnitOfWork) -> None:
    before = row_counts(uow)
    r = upload(api, "partners", BAD, dry_run="true")
    assert r["status"] == 200
    body = r["body"]
    assert isinstance(body, dict)
    assert (body["committed"], body["created"], body["refused"]) == (False, 1, 1)
    assert body["rows"] == [
        {"row": 2, "key": "A1", "action": "create"},
        {"row": 3, "key": "B1", "action": "refuse"},
    ]
    assert [(p["row"], p["column"]) for p in body["problems"]] == [(3, "email")]
    assert row_counts(uow) == before


def test_a_refused_row_refuses_the_file_with_problem_json(api: TestClient, uow: UnitOfWork) -> None:
    before = row_counts(uow)
    r = upload(api, "partners", BAD)
    assert (r["status"], r["type"]) == (422, "application/problem+json")
    body = r["body"]
    assert isinstance(body, dict)
    assert body["code"] == "validation_failed"
    assert body["detail"].startswith("partners not imported, nothing stored: row 3, email:")
    assert [e["field"] for e in body["errors"]] == ["row 3, email"]
    assert row_counts(uow) == before
    done = upload(api, "partners", GOOD)
    assert done["status"] == 201
    assert done["body"]["summary"] == "2 created, 0 updated"  # type: ignore[index]


def test_bad_files_and_kinds_are_422_never_500(api: TestClient) -> None:
    assert upload(api, "partners", b"")["status"] == 422
    assert upload(api, "partners", b"name\n")["body"]["detail"] == (  # type: ignore[index]
        "the file has no rows after its header"
    )
    assert upload(api, "partners", b"\xff\xfe\x00garbage")["status"] == 422
    r = api.post(f"{V1}/imports/invoices", files={"file": ("f.csv", GOOD)})
    assert r.status_code == 422
    r = api.post(f"{V1}/imports/partners", files={"file": ("f.xlsx", b"PK\x03\x04broken")})
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "file")
    assert api.get(f"{V1}/exports/partners", params={"format": "pdf"}).status_code == 422


def test_an_export_is_the_import_layout_and_is_walled_by_company(
    engine: Engine, api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    upload(api, "partners", GOOD)
    other = seed_company(uow, "Other SL", "EUR")
    with TestClient(
        create_app(engine),
        headers=bearer(issue_token(uow, other.id)),
        raise_server_exceptions=False,
    ) as b:
        assert b.get(f"{V1}/exports/partners").text.splitlines()[1:] == []
        upload(b, "partners", b"code,name\nA1,Other's Acme\n")
    r = api.get(f"{V1}/exports/partners")
    assert r.headers["content-disposition"] == 'attachment; filename="partners.csv"'
    lines = r.text.splitlines()
    assert lines[0].startswith("code,name,is_customer,is_supplier,email,")
    assert [line.split(",")[:2] for line in lines[1:]] == [["A1", "Acme"], ["B1", "Bee"]]
    x = api.get(f"{V1}/exports/chart", params={"format": "xlsx"})
    assert x.content.startswith(b"PK\x03\x04")


def test_who_may_import_what(as_role: RoleClient) -> None:
    auditor, clerk = as_role("auditor"), as_role("billing_clerk")
    assert upload(auditor, "partners", GOOD)["status"] == 403
    assert upload(clerk, "partners", GOOD)["status"] == 201
    assert upload(clerk, "chart", b"code,name,kind\n7000,Sales,income\n")["status"] == 403
    assert auditor.get(f"{V1}/exports/partners").status_code == 200


def test_the_same_idempotency_key_replays_the_import(api: TestClient) -> None:
    headers = {"Idempotency-Key": "import-1"}
    first = api.post(f"{V1}/imports/partners", headers=headers, files={"file": ("f.csv", GOOD)})
    again = api.post(f"{V1}/imports/partners", headers=headers, files={"file": ("f.csv", GOOD)})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.json()["created"] == 2


def test_an_opening_amount_with_too_many_decimals_is_refused_with_its_cell(
    api: TestClient, uow: UnitOfWork
) -> None:
    before = row_counts(uow)
    content = b"date,account,debit,credit\n2026-01-01,1000,100.005,\n2026-01-01,3000,,100.00\n"
    r = upload(api, "opening-balances", content)
    body = r["body"]
    assert isinstance(body, dict)
    assert r["status"] == 422
    assert [(e["field"], e["message"]) for e in body["errors"]] == [
        ("row 2, debit", "'100.005' has more than 2 decimals for EUR")
    ]
    assert row_counts(uow) == before
    done = upload(api, "opening-balances", content.replace(b"100.005", b"100.00"))
    assert done["status"] == 201
    assert done["body"]["summary"].startswith("MISC/2026/")  # type: ignore[index]
