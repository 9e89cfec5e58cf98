"""Correcting draft statements in the browser: balances, date, lines, deletion; walls and bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from asiento.importers.csv_profiles import CsvColumns, CsvProfile
from asiento.services.bank import statements
from asiento.services.bank.statement_import import import_statement
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.tables import BankStatement, StatementLine
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.web.conftest import WebClient, csrf_of

D = Decimal
SIMPLE = CsvProfile(
    "simple",
    CsvColumns(date=("Date",), amount=("Amount",), counterparty_name=("Name",),
               communication=("Text",)),
    date_formats=("%Y-%m-%d",),
    currency="EUR",
)  # fmt: skip
CSV = b"Date,Amount,Name,Text\n2026-03-01,100.00,Ann,rent\n2026-03-02,-20.00,Bob,fee\n"


def draft(uow: UnitOfWork, company: SeededCompany) -> tuple[int, list[int]]:
    """A CSV draft statement of two lines (no balances stated): its id and line ids."""
    summary = import_statement(uow, company.id, "BNK1", CSV, profile=SIMPLE)
    with uow:
        ids = list(uow.session.scalars(select(StatementLine.id).order_by(StatementLine.id)))
    return summary.statement_ids[0], ids


def send(client: TestClient, url: str, page: str, **data: str) -> httpx.Response:
    token = csrf_of(client.get(page).text)
    response: httpx.Response = client.post(
        url, data={**data, "csrf_token": token}, follow_redirects=False
    )
    return response


def balances(uow: UnitOfWork, sid: int) -> tuple[object, ...]:
    with uow:
        st = uow.session.get(BankStatement, sid)
        assert st is not None
        return st.date, st.opening_balance, st.closing_balance, st.balance_source


def test_the_draft_takes_declared_balances_and_then_validates(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    sid, _ = draft(uow, company)
    client = as_user("accountant")
    page = client.get(f"/statements/{sid}").text
    assert 'id="correct-draft"' in page and "/statement-lines/" in page
    done = send(client, f"/statements/{sid}/edit", f"/statements/{sid}",
                date="2026-03-31", opening_balance="1000.00", closing_balance="1080.00")  # fmt: skip
    assert (done.status_code, done.headers["location"]) == (303, f"/statements/{sid}")
    assert balances(uow, sid) == (date(2026, 3, 31), 100000, 108000, "declared")
    assert statements.validate_statement(uow, company.id, sid).ok is True
    page = client.get(f"/statements/{sid}").text
    assert 'id="correct-draft"' not in page


def test_a_line_is_corrected_and_another_deleted(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    sid, (first, second) = draft(uow, company)
    client = as_user("accountant")
    form = client.get(f"/statement-lines/{first}/edit").text
    assert 'value="100.00"' in form and 'value="Ann"' in form
    done = send(client, f"/statement-lines/{first}/edit", f"/statement-lines/{first}/edit",
                date="2026-03-03", amount="101.50", counterparty_name="Ann Lee",
                communication="rent March")  # fmt: skip
    assert (done.status_code, done.headers["location"]) == (303, f"/statements/{sid}#line-{first}")
    gone = send(client, f"/statement-lines/{second}/delete", f"/statement-lines/{second}/edit")
    assert (gone.status_code, gone.headers["location"]) == (303, f"/statements/{sid}")
    with uow:
        rows = uow.session.execute(
            select(StatementLine.date, StatementLine.amount, StatementLine.counterparty_name,
                   StatementLine.communication)
        ).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [(date(2026, 3, 3), 10150, "Ann Lee", "rent March")]


def test_the_draft_statement_is_deleted_with_its_lines(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    sid, _ = draft(uow, company)
    client = as_user("accountant")
    gone = send(client, f"/statements/{sid}/delete", f"/statements/{sid}")
    assert (gone.status_code, gone.headers["location"]) == (303, "/statements")
    counts = row_counts(uow)
    assert (counts["bank_statements"], counts["statement_lines"]) == (0, 0)


def test_bad_values_are_refused_in_words_and_change_nothing(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    sid, (first, _) = draft(uow, company)
    client = as_user("accountant")
    before = row_counts(uow), balances(uow, sid)
    cases = [
        (f"/statements/{sid}/edit", f"/statements/{sid}", {"closing_balance": "12,5x"},
         "closing_balance: &#39;12,5x&#39; is not a number"),
        (f"/statements/{sid}/edit", f"/statements/{sid}", {"opening_balance": "1.001"}, "1.001"),
        (f"/statements/{sid}/edit", f"/statements/{sid}", {"date": "2026-02-30"},
         "is not a date"),
        (f"/statement-lines/{first}/edit", f"/statement-lines/{first}/edit",
         {"date": "2026-03-01", "amount": "abc"}, "amount: &#39;abc&#39; is not a number"),
        (f"/statement-lines/{first}/edit", f"/statement-lines/{first}/edit",
         {"date": "2026-03-01", "amount": "1.00", "counterparty_name": "x" * 201},
         "counterparty_name"),
    ]  # fmt: skip
    for url, page, data, message in cases:
        refused = send(client, url, page, **data)
        assert refused.status_code == 422, (data, refused.status_code)
        assert 'id="edit-error"' in refused.text and message in refused.text, data
    assert (row_counts(uow), balances(uow, sid)) == before


def test_a_validated_statement_cannot_be_edited_or_deleted(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    sid, (first, _) = draft(uow, company)
    client = as_user("accountant")
    send(client, f"/statements/{sid}/edit", f"/statements/{sid}",
         opening_balance="0.00", closing_balance="80.00")  # fmt: skip
    assert statements.validate_statement(uow, company.id, sid).ok is True
    before = row_counts(uow), balances(uow, sid)
    for url, page, data in [
        (f"/statements/{sid}/edit", f"/statements/{sid}", {"closing_balance": "1.00"}),
        (f"/statements/{sid}/delete", f"/statements/{sid}", {}),
        (f"/statement-lines/{first}/edit", f"/statements/{sid}", {"amount": "5.00"}),
        (f"/statement-lines/{first}/delete", f"/statements/{sid}", {}),
    ]:
        refused = send(client, url, page, **data)
        assert refused.status_code == 409, url
        assert "validated" in refused.text
    assert (row_counts(uow), balances(uow, sid)) == before


def test_an_auditor_sees_no_forms_and_is_refused(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    sid, (first, _) = draft(uow, company)
    auditor = as_user("auditor")
    assert 'id="correct-draft"' not in auditor.get(f"/statements/{sid}").text
    before = row_counts(uow)
    refused = send(auditor, f"/statements/{sid}/delete", f"/statements/{sid}")
    assert refused.status_code == 403
    refused = send(auditor, f"/statement-lines/{first}/delete", f"/statements/{sid}")
    assert refused.status_code == 403
    assert row_counts(uow) == before


def test_another_companys_draft_is_out_of_reach(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    sid, (first, _) = draft(uow, other)
    client = as_user("accountant")
    before = row_counts(uow), balances(uow, sid)
    assert client.get(f"/statements/{sid}").status_code == 404
    assert client.get(f"/statement-lines/{first}/edit").status_code == 404
    for url, data in [
        (f"/statements/{sid}/edit", {"closing_balance": "1.00"}),
        (f"/statements/{sid}/delete", {}),
        (f"/statement-lines/{first}/edit", {"amount": "5.00"}),
        (f"/statement-lines/{first}/delete", {}),
    ]:
        refused = send(client, url, "/statements", **data)
        assert refused.status_code == 404, url
    assert (row_counts(uow), balances(uow, sid)) == before
