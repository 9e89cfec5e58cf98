"""Report pages: catalogue, HTML tables with filters and pages, exports; auditors may read."""

from __future__ import annotations

import re
from datetime import date

import pytest

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from asiento.web.pages import reports
from tests.builders.invoices import customer
from tests.builders.ledger import post_simple
from tests.web.conftest import WebClient


@pytest.fixture
def ledger(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    """Rent 800.00 and office supplies 42.50 paid from the bank, in March 2026."""
    post_simple(uow, company, debit_account="6000", amount="800.00", day=date(2026, 3, 1))
    post_simple(uow, company, debit_account="6100", amount="42.50", day=date(2026, 3, 5))
    return company


def cells(html: str, code: str) -> list[str]:
    """The cells of the table row that starts with ``code``."""
    row = re.search(rf"<tr><td>{code}</td>(.*?)</tr>", html, re.S)
    assert row is not None, code
    return re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))


def test_auditor_reads_the_catalogue_and_a_trial_balance(
    as_user: WebClient, ledger: SeededCompany
) -> None:
    client = as_user("auditor")
    catalogue = client.get("/reports")
    assert catalogue.status_code == 200
    for name in ("general-ledger", "trial-balance", "aged-receivable", "tax", "balance-sheet"):
        assert f'href="/reports/{name}"' in catalogue.text
    page = client.get("/reports/trial-balance?date_from=2026-01-01&date_to=2026-03-31")
    assert page.status_code == 200
    assert cells(page.text, "1000") == ["Bank", "0.00", "0.00", "842.50", "-842.50"]
    assert cells(page.text, "6000") == ["Rent", "0.00", "800.00", "0.00", "800.00"]
    assert '<th class="num">debit</th>' in page.text


def test_trial_balance_in_spanish_uses_its_notation(
    as_user: WebClient, ledger: SeededCompany
) -> None:
    client = as_user("auditor")
    page = client.get(
        "/reports/trial-balance?date_to=2026-03-31", headers={"accept-language": "es"}
    )
    assert cells(page.text, "6000") == ["Rent", "0,00", "800,00", "0,00", "800,00"]


def page_rows(html: str) -> list[tuple[str, str, str]]:
    """(group, label, running balance) of each row of the report table."""
    body = html.split('<table class="report">')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(<td.*?)</tr>", body, re.S)
    out = []
    for row in rows:
        values = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        out.append((values[0], values[6], values[9]))
    return out


def test_general_ledger_is_paginated(
    as_user: WebClient, ledger: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports, "PAGE_SIZE", 3)
    client = as_user("auditor")
    query = "date_from=2026-01-01&date_to=2026-03-31"
    first = client.get(f"/reports/general-ledger?{query}").text
    assert page_rows(first) == [
        ("1000", "Opening balance", "0.00"),
        ("1000", "", "-800.00"),
        ("1000", "", "-842.50"),
    ]
    assert f"/reports/general-ledger?{query.replace('&', '&amp;')}&amp;page=2" in first
    assert "Previous page" not in first
    second = client.get(f"/reports/general-ledger?{query}&page=2").text
    assert page_rows(second) == [
        ("1000", "Closing balance", "-842.50"),
        ("6000", "Opening balance", "0.00"),
        ("6000", "", "800.00"),
    ]
    last = client.get(f"/reports/general-ledger?{query}&page=4").text
    assert page_rows(last) == [("6100", "Closing balance", "42.50")]
    assert "page=5" not in last and "Previous page" in last


def test_bad_filters_are_shown_on_the_form(as_user: WebClient, ledger: SeededCompany) -> None:
    client = as_user("auditor")
    page = client.get("/reports/trial-balance?date_from=2026-04-01&date_to=2026-03-31")
    assert page.status_code == 422
    assert "date_from must not be after date_to" in page.text
    journal = client.get("/reports/journal?date_to=2026-03-31")
    assert journal.status_code == 422
    assert "journal is required for the journal report" in journal.text
    assert client.get("/reports/nope").status_code == 422


def test_exports_have_their_content_types_and_figures(
    as_user: WebClient, ledger: SeededCompany
) -> None:
    client = as_user("auditor")
    query = "date_from=2026-01-01&date_to=2026-03-31"
    csv = client.get(f"/reports/trial-balance/export?format=csv&{query}")
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv.headers["content-disposition"] == (
        'attachment; filename="trial-balance-2026-03-31.csv"'
    )
    lines = csv.text.splitlines()
    assert lines[0] == "code,account,opening,debit,credit,closing"
    assert "1000,Bank,0.00,0.00,842.50,-842.50" in lines
    assert "6100,Office supplies,0.00,42.50,0.00,42.50" in lines
    xlsx = client.get(f"/reports/trial-balance/export?format=xlsx&{query}")
    assert xlsx.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(f"/reports/trial-balance/export?format=pdf&{query}")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content[:5] == b"%PDF-"
    assert client.get(f"/reports/trial-balance/export?format=doc&{query}").status_code == 422


def test_the_partner_filter_is_a_picker_showing_the_chosen_partner(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    chosen = customer(uow, company, "Acme Rockets")
    customer(uow, company, "Unrelated Customer SL")
    client = as_user("auditor")
    page = client.get("/reports/partner-ledger", params={"partner_id": str(chosen)})
    assert page.status_code == 200
    assert f'id="report-partner" value="{chosen}"' in page.text
    assert 'value="Acme Rockets"' in page.text and "Unrelated" not in page.text
    assert '<select name="partner_id"' not in page.text
