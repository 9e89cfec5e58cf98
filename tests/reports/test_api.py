"""GET /api/v1/reports/{name}: JSON figures, exports that parse back, refused filters."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from asiento.store.uow import UnitOfWork
from tests.api.conftest import api, client  # noqa: F401 - fixtures
from tests.builders.ledger import row_counts
from tests.reports.conftest import Dataset

URL = "/api/v1/reports"


@pytest.fixture
def loaded(dataset: Dataset, api: TestClient) -> TestClient:  # noqa: F811
    return api


def test_trial_balance_json(loaded: TestClient) -> None:
    body = loaded.get(f"{URL}/trial-balance", params={"as_of": "2026-03-31"}).json()
    assert body["date_from"] == "2026-01-01"
    bank = next(r for r in body["rows"] if r["code"] == "1000")
    assert bank == {"code": "1000", "name": "Bank", "kind": "bank", "opening": "10000.00",
                    "debit": "1510.00", "credit": "800.00", "closing": "10710.00",
                    "comparison": None, "year_end": None}  # fmt: skip
    assert body["total"]["debit"] == body["total"]["credit"] == "3520.00"


def test_aged_receivable_json_before_the_payment(loaded: TestClient) -> None:
    body = loaded.get(f"{URL}/aged-receivable", params={"as_of": "2026-02-19"}).json()
    assert [(r["partner"], r["total"]) for r in body["rows"]] == [
        ("Azure", "1210.00"),
        ("Deco", "605.00"),
    ]
    assert body["total"]["buckets"] == ["0.00", "605.00", "0.00", "1210.00", "0.00"]


def test_general_ledger_csv_streams_opening_items_and_closing(loaded: TestClient) -> None:
    resp = loaded.get(
        f"{URL}/general-ledger",
        params={"date_from": "2026-01-01", "as_of": "2026-03-31", "account_from": "1000",
                "account_to": "1000", "format": "csv"},
    )  # fmt: skip
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.text)))
    assert rows[0][-3:] == ["debit", "credit", "balance"]
    assert [(r[6], r[-1]) for r in rows[1:]] == [
        ("Opening balance", "10000.00"),
        ("", "11210.00"),
        ("", "10410.00"),
        ("", "10710.00"),
        ("Closing balance", "10710.00"),
    ]


def test_balance_sheet_xlsx_loads_back(loaded: TestClient) -> None:
    resp = loaded.get(f"{URL}/balance-sheet", params={"as_of": "2026-03-31", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(resp.content)).active
    values = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert values[0] == ("Balance sheet", None, None, None)
    assert values[2] == ("section", "code", "account", "amount")
    assert ("assets", None, "Total assets", 11420) in values
    assert ("", None, "Liabilities and equity", 11420) in [(r[0] or "", *r[1:]) for r in values]


def test_tax_report_pdf(loaded: TestClient) -> None:
    resp = loaded.get(f"{URL}/tax", params={"date_from": "2026-01-01", "as_of": "2026-03-31",
                                            "format": "pdf"})  # fmt: skip
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/pdf"
    assert resp.content.startswith(b"%PDF")


def test_journal_report_by_journal_code(loaded: TestClient) -> None:
    body = loaded.get(f"{URL}/journal", params={"journal": "INV", "as_of": "2026-03-31"}).json()
    assert (body["journal"], body["entries"], body["total_debit"]) == ("INV", 2, "968.00")
    assert len(body["lines"]) == 6


@pytest.mark.parametrize(
    ("path", "params", "status", "detail"),
    [
        ("trial-balance", {}, 422, "as_of (or date_to) is required"),
        ("trial-balance", {"as_of": "2026-03-31", "date_from": "2026-04-01"}, 422,
         "date_from must not be after date_to"),
        ("aged-receivable", {"as_of": "2026-03-31", "buckets": "30,x"}, 422, "buckets '30,x'"),
        ("journal", {"as_of": "2026-03-31", "journal": "NOPE"}, 422, "journal NOPE not found"),
        ("journal", {"as_of": "2026-03-31"}, 422, "journal is required"),
    ],
)  # fmt: skip
def test_bad_filters_are_problems_and_change_nothing(
    loaded: TestClient, uow: UnitOfWork, path: str, params: dict[str, str], status: int,
    detail: str,
) -> None:  # fmt: skip
    before = row_counts(uow)
    resp = loaded.get(f"{URL}/{path}", params=params)
    assert resp.status_code == status
    assert resp.headers["content-type"] == "application/problem+json"
    assert detail in resp.json()["detail"]
    assert row_counts(uow) == before


def test_unknown_report_is_a_422(loaded: TestClient) -> None:
    assert loaded.get(f"{URL}/cash-flow", params={"as_of": "2026-03-31"}).status_code == 422
