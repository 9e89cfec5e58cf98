"""Bank pages: statements list, import (all or nothing), line reconcile, auto pass, roles."""

from __future__ import annotations

import re
from decimal import Decimal

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from asiento.services.demo.seed import SeededCompany
from asiento.store.tables import Invoice, StatementLine
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.web.bank_files import Entry, bank_with_iban, camt053
from tests.web.conftest import WebClient, csrf_of

D = Decimal


def upload(client: TestClient, content: bytes, journal: int, **fields: str) -> httpx.Response:
    token = csrf_of(client.get("/statements").text)
    response: httpx.Response = client.post(
        "/statements/import",
        data={"journal": str(journal), "csrf_token": token, **fields},
        files={"file": ("march.xml", content, "application/xml")},
        follow_redirects=False,
    )
    return response


def assert_form_tokens(html: str) -> None:
    """Every form of the page echoes the session's CSRF token (none left empty)."""
    tokens = re.findall(r'name="csrf_token" value="([^"]*)"', html)
    assert len(tokens) > 1 and len(set(tokens)) == 1 and tokens[0], tokens


def invoice_of(uow: UnitOfWork, company: SeededCompany, amount: str) -> tuple[int, str]:
    partner = customer(uow, company, "Acme")
    view = posted(
        uow, company, invoice_input(partner, line(amount, account_id=company.accounts["4000"]))
    )
    return view.id, str(view.number)


def line_ids(uow: UnitOfWork) -> list[int]:
    with uow:
        return list(uow.session.scalars(select(StatementLine.id).order_by(StatementLine.id)))


def test_import_shows_the_summary_and_the_list_counts_lines(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = bank_with_iban(uow, company)
    client = as_user("accountant")
    content = camt053(
        Entry("121.00", "Acme", "INV 1", "TX-1"), Entry("-10.50", "Bank", "Fees", "TX-2")
    )
    first = upload(client, content, jid)
    assert first.status_code == 200
    html = first.text
    assert re.search(r'id="imported">2<', html)
    assert re.search(r'id="duplicates">0<', html)
    assert "opening + lines = closing" in html
    again = upload(client, content, jid).text
    assert re.search(r'id="imported">0<', again) and re.search(r'id="duplicates">2<', again)
    listing = client.get("/statements").text
    assert "Journal BNK1" in listing
    row = re.search(r"S-1</a>.*?</tr>", listing, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">(?:<span class="num">)?([^<]*)', row.group(0))
    assert cells == ["1,000.00", "1,110.50", "2", "0"]


def test_malformed_file_shows_the_importers_error_and_imports_nothing(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = bank_with_iban(uow, company)
    client = as_user("accountant")
    good = camt053(
        Entry("121.00", "Acme", "INV 1", "TX-1"), Entry("-10.50", "Bank", "Fees", "TX-2")
    )
    bad = good.replace(b">10.50<", b">10,5x<")
    response = upload(client, bad, jid, format="camt053")
    assert response.status_code == 422
    assert (
        "Document/BkToCstmrStmt/Stmt/Ntry[2]/Amt: amount &#39;10,5x&#39; is not a decimal number"
        in response.text
    )
    assert 'value="camt053" selected' in response.text
    assert line_ids(uow) == []


def test_auditor_sees_statements_but_cannot_import(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = bank_with_iban(uow, company)
    client = as_user("auditor")
    page = client.get("/statements")
    assert page.status_code == 200
    assert 'action="/statements/import"' not in page.text
    refused = upload(client, camt053(Entry("5.00", "X", "Y", "TX-9")), jid)
    assert refused.status_code == 403
    assert "role auditor may not statement write" in refused.text
    assert line_ids(uow) == []
    upload(as_user("accountant"), camt053(Entry("5.00", "X", "Y", "TX-9")), jid)
    (lid,) = line_ids(uow)
    page = client.get(f"/statement-lines/{lid}")
    assert page.status_code == 200 and 'id="items-form"' not in page.text
    token = csrf_of(page.text)
    for url in (f"/statement-lines/{lid}/reconcile", "/statements/auto"):
        assert client.post(url, data={"csrf_token": token}).status_code == 403
    with uow:
        assert uow.session.get_one(StatementLine, lid).state == "open"


def test_line_reconciled_from_the_suggestion_pays_the_invoice(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = bank_with_iban(uow, company)
    invoice_id, number = invoice_of(uow, company, "121.00")
    client = as_user("accountant")
    upload(client, camt053(Entry("121.00", "Someone", f"Payment {number} thanks", "TX-1")), jid)
    (lid,) = line_ids(uow)
    page = client.get(f"/statement-lines/{lid}").text
    assert 'id="proposal"' in page
    assert_form_tokens(page)
    customer(uow, company, "Unrelated Customer SL")
    acme = company.partners["Acme"]
    shown = client.get(f"/statement-lines/{lid}", params={"partner_id": str(acme)}).text
    assert f'id="line-partner" value="{acme}"' in shown and 'value="Acme"' in shown
    assert "Unrelated" not in shown  # a picker, not a list of every partner
    assert_form_tokens(client.get("/statements").text)
    item = re.search(r'name="item_id" value="(\d+)" id="item-\d+" checked', page)
    assert item is not None
    fragment = client.get(f"/statement-lines/{lid}/selection?item_id={item.group(1)}").text
    assert re.search(r'id="left-over"><span class="num">0.00', fragment)
    done = client.post(
        f"/statement-lines/{lid}/reconcile",
        data={"item_id": item.group(1), "csrf_token": csrf_of(page)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Line reconciled." in client.get(done.headers["location"]).text
    with uow:
        inv = uow.session.get(Invoice, invoice_id)
        assert inv is not None and (inv.payment_state, inv.amount_residual) == ("paid", 0)
        state = uow.session.get(StatementLine, lid)
        assert state is not None and state.state == "reconciled"


def test_a_larger_line_needs_a_writeoff_and_keeps_the_choice_on_refusal(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = bank_with_iban(uow, company)
    invoice_id, number = invoice_of(uow, company, "121.00")
    client = as_user("accountant")
    upload(client, camt053(Entry("125.00", "Acme", "no reference", "TX-1")), jid)
    (lid,) = line_ids(uow)
    page = client.get(f"/statement-lines/{lid}").text
    assert number in page  # the partner's open items, found by the counterparty's name
    item = re.search(r'name="item_id" value="(\d+)"', page)
    assert item is not None
    refused = client.post(
        f"/statement-lines/{lid}/reconcile",
        data={"item_id": item.group(1), "csrf_token": csrf_of(page)},
    )
    assert refused.status_code == 422
    assert f"the counterparts of line {lid} add up to 121.00, the line is 125.00" in refused.text
    assert f'value="{item.group(1)}" id="item-{item.group(1)}" checked' in refused.text
    done = client.post(
        f"/statement-lines/{lid}/reconcile",
        data={
            "item_id": item.group(1),
            "writeoff_account_id": str(company.accounts["4900"]),
            "writeoff_label": "Overpaid",
            "csrf_token": csrf_of(page),
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    with uow:
        inv = uow.session.get(Invoice, invoice_id)
        assert inv is not None and inv.payment_state == "paid"


def test_auto_preview_writes_nothing_then_the_run_reconciles(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = bank_with_iban(uow, company)
    invoice_id, number = invoice_of(uow, company, "121.00")
    client = as_user("accountant")
    upload(
        client,
        camt053(Entry("121.00", "X", f"{number}", "TX-1"), Entry("-3.00", "Bank", "Fees", "TX-2")),
        jid,
    )
    token = csrf_of(client.get("/statements").text)
    preview = client.post("/statements/auto", data={"dry_run": "1", "csrf_token": token})
    assert preview.status_code == 200
    assert_form_tokens(preview.text)
    assert re.search(r'id="matched">\s*<h2>Matched <span class="count">1<', preview.text)
    assert re.search(r'id="left">\s*<h2>Left open <span class="count">1<', preview.text)
    with uow:
        open_lines = uow.session.scalar(select(func.count()).where(StatementLine.state == "open"))
    assert open_lines == 2
    run = client.post(
        "/statements/auto", data={"dry_run": "0", "csrf_token": token}, follow_redirects=False
    )
    assert run.status_code == 303
    assert "1 lines reconciled, 0 ambiguous, 0 refused" in client.get("/statements").text
    with uow:
        inv = uow.session.get(Invoice, invoice_id)
        assert inv is not None and inv.payment_state == "paid"


def test_validate_reports_the_balance(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = bank_with_iban(uow, company)
    client = as_user("accountant")
    upload(client, camt053(Entry("121.00", "X", "Y", "TX-1")), jid)
    with uow:
        sid = uow.session.scalars(select(StatementLine.statement_id)).one()
    page = client.get(f"/statements/{sid}").text
    assert_form_tokens(page)
    done = client.post(
        f"/statements/{sid}/validate", data={"csrf_token": csrf_of(page)}, follow_redirects=False
    )
    assert done.status_code == 303
    shown = client.get(f"/statements/{sid}").text
    assert "Statement validated: the balances add up." in shown
    assert '<span class="badge validated">Validated</span>' in shown


def test_a_reconciled_line_is_unreconciled_from_its_page(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    jid = bank_with_iban(uow, company)
    invoice_id, number = invoice_of(uow, company, "121.00")
    client = as_user("accountant")
    upload(client, camt053(Entry("121.00", "Someone", f"Payment {number}", "TX-9")), jid)
    (lid,) = line_ids(uow)
    page = client.get(f"/statement-lines/{lid}").text
    item = re.search(r'name="item_id" value="(\d+)" id="item-\d+" checked', page)
    assert item is not None
    client.post(
        f"/statement-lines/{lid}/reconcile",
        data={"item_id": item.group(1), "csrf_token": csrf_of(page)},
    )
    reconciled = client.get(f"/statement-lines/{lid}").text
    assert 'id="unreconcile-form"' in reconciled
    auditor = as_user("auditor")
    assert 'id="unreconcile-form"' not in auditor.get(f"/statement-lines/{lid}").text
    refused = auditor.post(
        f"/statement-lines/{lid}/unreconcile",
        data={"csrf_token": csrf_of(auditor.get("/").text)},
    )
    assert refused.status_code == 403
    done = client.post(
        f"/statement-lines/{lid}/unreconcile",
        data={"csrf_token": csrf_of(reconciled)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Line unreconciled: it is open again." in client.get(done.headers["location"]).text
    with uow:
        inv = uow.session.get(Invoice, invoice_id)
        assert inv is not None and (inv.payment_state, inv.amount_residual) == ("not_paid", 12100)
        line_row = uow.session.get(StatementLine, lid)
        assert line_row is not None and line_row.state == "open"
