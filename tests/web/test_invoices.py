"""Invoice, bill and payment pages: form with live totals, list filters, batch, actions, roles."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_views import InvoiceView
from asiento.services.reference import companies
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import invoice_input, line, with_catalog
from tests.web.conftest import WebClient, csrf_of

D = Decimal


def chair_form(company: SeededCompany, **extra: str) -> dict[str, str]:
    """Two office chairs (149.00, VAT 21% from the product) for Azure Interior."""
    return {
        "kind": "customer_invoice",
        "partner": str(company.partners["Azure Interior"]),
        "invoice_date": "2026-03-10",
        "lines-0-product": str(company.products["CHAIR"]),
        "lines-0-quantity": "2",
        "lines-0-auto": "1",
        **extra,
    }


def draft(uow: UnitOfWork, company: SeededCompany, price: str = "100", **values: object) -> int:
    tax = company.taxes["VAT 21% sale"]
    partner = company.partners[str(values.pop("partner", "Azure Interior"))]
    data = invoice_input(partner, line(price, "1", tax), **values)  # type: ignore[arg-type]
    return invoices.create_invoice(uow, company.id, data).id


def posted(uow: UnitOfWork, company: SeededCompany, price: str = "100", **values: object) -> int:
    invoice_id = draft(uow, company, price, **values)
    invoices.post_invoice(uow, company.id, invoice_id)
    return invoice_id


def submit(client: TestClient, url: str, data: dict[str, str], page: str = "/invoices") -> object:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


def invoice_count(uow: UnitOfWork, company_id: int) -> int:
    with uow:
        stmt = select(func.count()).select_from(Invoice).where(Invoice.company_id == company_id)
        return int(uow.session.scalar(stmt) or 0)


def view(uow: UnitOfWork, company: SeededCompany, invoice_id: int) -> InvoiceView:
    return invoices.get_invoice(uow, company.id, invoice_id)


def test_form_saves_a_draft_with_the_product_defaults(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    form = clerk.get("/invoices/new")
    assert form.status_code == 200
    assert 'hx-get="/pick/product?to=l0-product"' in form.text  # a picker, not every product
    assert "Office chair" in clerk.get("/pick/product", params={"q": "chair"}).text
    response = submit(clerk, "/invoices/new", chair_form(company))
    assert response.status_code == 303  # type: ignore[attr-defined]
    location = response.headers["location"]  # type: ignore[attr-defined]
    invoice_id = int(location.rsplit("/", 1)[1])
    saved = view(uow, company, invoice_id)
    assert (saved.state, saved.amount_untaxed, saved.amount_tax) == (
        "draft",
        D("298.00"),
        D("62.58"),
    )
    assert saved.lines[0].description == "Office chair"
    assert saved.lines[0].tax_ids == (company.taxes["VAT 21% sale"],)
    page = clerk.get(location)
    assert "360.58" in page.text
    assert "Draft saved." in page.text
    assert 'id="post"' not in page.text  # a clerk may not post


def test_live_totals_come_from_the_drafting_code_and_store_nothing(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    token = csrf_of(clerk.get("/invoices/new").text)
    data = chair_form(company, **{"lines-0-discount": "10"})
    response = clerk.post("/invoices/preview", data=data, headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    text = response.text
    assert re.search(r'id="total-untaxed">.*268\.20', text)
    assert "56.32" in text  # 21% of 268.20
    assert re.search(r'id="total-total">.*324\.52', text)
    assert invoice_count(uow, company.id) == 0


def test_choosing_a_product_fills_its_row_and_the_totals(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    token = csrf_of(clerk.get("/invoices/new").text)
    data = chair_form(company, row="0", **{"lines-0-product": str(company.products["DESK"])})
    response = clerk.post("/invoices/line", data=data, headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    assert 'value="Standing desk"' in response.text
    assert 'value="489.9"' in response.text
    assert 'type="partial" hx-target="#totals"' in response.text
    assert "1,185.56" in response.text  # 2 x 489.90 = 979.80 + 205.76


def test_partner_defaults_fill_the_payment_term_and_address(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    token = csrf_of(clerk.get("/invoices/new").text)
    partner = company.partners["Azure Interior"]
    response = clerk.post(
        "/invoices/partner",
        data={"kind": "customer_invoice", "partner": str(partner)},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 200
    assert f'name="partner" id="partner" value="{partner}"' in response.text
    assert 'id="partner-q" class="picker-q refills" value="Azure Interior"' in response.text
    assert "ES" in response.text  # the address (country only in the demo data)


def test_a_refused_form_keeps_what_was_typed(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    data = chair_form(company, **{"lines-0-quantity": "two", "lines-0-description": "Red chairs"})
    response = submit(clerk, "/invoices/new", data)
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "lines[0].quantity: &#39;two&#39; is not a number" in text
    assert 'value="two"' in text
    assert 'value="Red chairs"' in text
    assert 'value="2026-03-10"' in text
    assert "Correct the problem above to see the totals." in text
    assert "Choose a partner and add a line" not in text
    assert invoice_count(uow, company.id) == 0


def test_two_taxes_on_a_line_are_two_ticks(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    page = clerk.get("/invoices/new").text
    sale = company.taxes["VAT 21% sale"]
    assert f'type="checkbox" name="lines-0-taxes" value="{sale}"' in page
    assert "<select multiple" not in page
    other = company.taxes["VAT 10% sale"]
    data = chair_form(company, **{"lines-0-auto": "0", "lines-0-price_unit": "10"})
    token = csrf_of(clerk.get("/invoices").text)
    form = {**data, "lines-0-taxes": [str(sale), str(other)], "csrf_token": token}
    response = clerk.post("/invoices/new", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    invoice_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert set(view(uow, company, invoice_id).lines[0].tax_ids) == {sale, other}


def test_add_and_remove_rows_without_javascript(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    added = submit(clerk, "/invoices/new", chair_form(company, op="add"))
    assert added.status_code == 200  # type: ignore[attr-defined]
    assert 'id="line-1"' in added.text  # type: ignore[attr-defined]
    removed = submit(clerk, "/invoices/new", chair_form(company, op="remove-0"))
    assert 'id="l0-quantity" value="1"' in removed.text  # type: ignore[attr-defined]
    assert 'id="line-1"' not in removed.text  # type: ignore[attr-defined]
    assert invoice_count(uow, company.id) == 0


def test_edit_a_draft(as_user: WebClient, uow: UnitOfWork, company: SeededCompany) -> None:
    with_catalog(uow, company)
    invoice_id = draft(uow, company, "100")
    clerk = as_user("billing_clerk")
    form = clerk.get(f"/invoices/{invoice_id}/edit")
    assert 'value="100"' in form.text
    data = {
        "kind": "customer_invoice",
        "partner": str(company.partners["Azure Interior"]),
        "lines-0-description": "Service",
        "lines-0-quantity": "3",
        "lines-0-price_unit": "100",
        "lines-0-taxes": str(company.taxes["VAT 21% sale"]),
        "lines-0-account": "",
        "lines-0-auto": "0",
    }
    response = submit(clerk, f"/invoices/{invoice_id}/edit", data)
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert view(uow, company, invoice_id).amount_total == D("363.00")


def test_list_filters_by_state_partner_date_and_overdue(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    old = posted(uow, company, "100", invoice_date=date(2026, 1, 5))
    recent = posted(uow, company, "200", partner="Deco Addict", invoice_date=date(2026, 3, 10))
    pending = draft(uow, company, "300")
    bill = invoices.create_invoice(
        uow,
        company.id,
        invoice_input(
            company.partners["Wood Corner"],
            line("50", "1", company.taxes["VAT 21% purchase"]),
            kind="vendor_bill",
        ),
    ).id
    auditor = as_user("auditor")

    def ids(url: str) -> set[int]:
        return {int(i) for i in re.findall(r'id="row-(\d+)"', auditor.get(url).text)}

    assert ids("/invoices") == {old, recent, pending}
    assert ids("/invoices?state=posted") == {old, recent}
    assert ids("/invoices?state=draft&partner=") == {pending}
    assert ids(f"/invoices?partner={company.partners['Deco Addict']}") == {recent}
    assert ids("/invoices?date_from=2026-02-01&date_to=2026-12-31") == {recent, pending}
    assert ids("/invoices?overdue=1&state=posted") == {old, recent}  # due long ago, unpaid
    assert ids("/invoices?payment_state=paid") == set()
    assert ids("/bills") == {bill}
    page = auditor.get("/invoices").text
    assert 'name="ids"' not in page  # an auditor gets no batch actions
    assert "/invoices/new" not in page


def test_list_pages_with_the_cursor(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany, monkeypatch: object
) -> None:
    from asiento.web.pages import invoices as page_module

    with_catalog(uow, company)
    made = [draft(uow, company, str(10 + n)) for n in range(3)]
    monkeypatch.setattr(page_module, "PAGE_SIZE", 2)  # type: ignore[attr-defined]
    auditor = as_user("auditor")
    first = auditor.get("/invoices?state=draft").text
    assert set(map(int, re.findall(r'id="row-(\d+)"', first))) == set(made[1:])
    next_url = re.search(r'href="([^"]+)" id="next-page"', first)
    assert next_url
    second = auditor.get(next_url.group(1).replace("&amp;", "&")).text
    assert set(map(int, re.findall(r'id="row-(\d+)"', second))) == {made[0]}


def test_batch_post_reports_exactly_the_invalid_draft(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    good = [draft(uow, company, "100"), draft(uow, company, "200")]
    locked = draft(uow, company, "300", invoice_date=date(2025, 6, 30))
    companies.set_lock_date(uow, company.id, date(2025, 12, 31))
    accountant = as_user("accountant")
    token = csrf_of(accountant.get("/invoices").text)
    response = accountant.post(
        "/invoices/batch",
        data={"action": "post", "ids": [str(i) for i in [*good, locked]], "csrf_token": token},
    )
    assert response.status_code == 200
    failed = re.findall(r'id="failed-(\d+)"', response.text)
    assert failed == [str(locked)]
    assert "lock" in response.text.split('id="batch-failed"')[1]
    assert [view(uow, company, i).state for i in good] == ["posted", "posted"]
    assert view(uow, company, locked).state == "draft"


def test_batch_print_answers_a_zip(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    one = posted(uow, company, "100")
    clerk = as_user("billing_clerk")
    token = csrf_of(clerk.get("/invoices").text)
    response = clerk.post(
        "/invoices/batch", data={"action": "print", "ids": [str(one)], "csrf_token": token}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.content[:2] == b"PK"


def test_clerk_drafts_but_an_auditor_gets_403_posting(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    assert submit(clerk, "/invoices/new", chair_form(company)).status_code == 303  # type: ignore[attr-defined]
    invoice_id = invoices.list_invoices(uow, company.id).invoices[0].id
    refused_clerk = submit(clerk, f"/invoices/{invoice_id}/post", {})
    assert refused_clerk.status_code == 403  # type: ignore[attr-defined]
    auditor = as_user("auditor")
    detail = auditor.get(f"/invoices/{invoice_id}").text
    assert 'id="post"' not in detail and 'id="edit"' not in detail
    response = submit(auditor, f"/invoices/{invoice_id}/post", {})
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "Not allowed" in response.text  # type: ignore[attr-defined]
    assert submit(auditor, "/invoices/new", chair_form(company)).status_code == 403  # type: ignore[attr-defined]
    assert view(uow, company, invoice_id).state == "draft"


def test_a_post_without_csrf_is_refused(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    invoice_id = draft(uow, company)
    accountant = as_user("accountant")
    response = accountant.post(f"/invoices/{invoice_id}/post", follow_redirects=False)
    assert response.status_code == 403
    preview = accountant.post("/invoices/preview", data=chair_form(company))
    assert preview.status_code == 403
    assert view(uow, company, invoice_id).state == "draft"


def test_another_companys_invoice_is_not_found(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = with_catalog(uow, seed_company(uow, "Other Co SL", "EUR"))
    foreign = posted(uow, other, "100")
    accountant = as_user("accountant")
    assert accountant.get(f"/invoices/{foreign}").status_code == 404
    assert accountant.get(f"/invoices/{foreign}/pdf").status_code == 404
    assert accountant.get(f"/invoices/{foreign}/edit").status_code == 404
    response = submit(accountant, f"/invoices/{foreign}/pay", {"amount": "10"})
    assert response.status_code == 404  # type: ignore[attr-defined]
    assert view(uow, other, foreign).payment_state == "not_paid"


def test_post_then_pay_in_two_parts(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    invoice_id = draft(uow, company, "100")
    accountant = as_user("accountant")
    detail = accountant.get(f"/invoices/{invoice_id}").text
    own = re.search(
        rf'action="/invoices/{invoice_id}/post"[^>]*><input[^>]+value="([^"]+)"', detail
    )
    assert own and own.group(1) == csrf_of(detail)  # the action's own form carries the token
    done = submit(accountant, f"/invoices/{invoice_id}/post", {})
    assert done.headers["location"] == f"/invoices/{invoice_id}"  # type: ignore[attr-defined]
    page = accountant.get(f"/invoices/{invoice_id}").text
    number = view(uow, company, invoice_id).number
    assert number and f"Posted as {number}." in page
    assert 'name="amount" id="pay-amount" value="121.00"' in page
    journal = str(company.journals["BNK1"])
    data = {"amount": "50", "date": "2026-03-20", "journal": journal}
    submit(accountant, f"/invoices/{invoice_id}/pay", data)
    assert "Payment registered: Partially paid." in accountant.get(f"/invoices/{invoice_id}").text
    assert view(uow, company, invoice_id).amount_residual == D("71.00")
    data["amount"] = "71.00"
    submit(accountant, f"/invoices/{invoice_id}/pay", data)
    settled = view(uow, company, invoice_id)
    # fully paid, awaiting the bank statement line: "paid" once it is matched
    assert (settled.payment_state, settled.amount_residual) == ("in_payment", D("0.00"))
    payments = accountant.get("/payments").text
    assert payments.count('href="/payments/') == 2
    assert "71.00" in payments and "50.00" in payments
    first = re.search(r'href="/payments/(\d+)"', payments)
    assert first and accountant.get(f"/payments/{first.group(1)}").status_code == 200


def test_a_refused_action_is_flashed(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    invoice_id = posted(uow, company, "100")
    accountant = as_user("accountant")
    submit(accountant, f"/invoices/{invoice_id}/pay", {"amount": "-5"})
    page = accountant.get(f"/invoices/{invoice_id}").text
    assert "a payment amount must be positive" in page
    assert view(uow, company, invoice_id).payment_state == "not_paid"


def test_credit_notes_partial_and_refund(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    tax = company.taxes["VAT 21% sale"]
    data = invoice_input(company.partners["Azure Interior"], line("10", "5", tax))
    invoice_id = invoices.create_invoice(uow, company.id, data).id
    invoices.post_invoice(uow, company.id, invoice_id)
    line_id = view(uow, company, invoice_id).lines[0].id
    accountant = as_user("accountant")
    partial = submit(
        accountant,
        f"/invoices/{invoice_id}/credit-note",
        {"mode": "partial", f"qty-{line_id}": "2"},
    )
    note_id = int(partial.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
    note = view(uow, company, note_id)
    assert (note.kind, note.state, note.amount_total) == (
        "customer_credit_note",
        "draft",
        D("24.20"),
    )
    clerk = as_user("billing_clerk")
    refused = submit(clerk, f"/invoices/{invoice_id}/credit-note", {"mode": "refund"})
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert view(uow, company, invoice_id).payment_state == "not_paid"
    invoices.delete_invoice(uow, company.id, note_id)
    refund = submit(accountant, f"/invoices/{invoice_id}/credit-note", {"mode": "refund"})
    refund_id = int(refund.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
    assert view(uow, company, refund_id).state == "posted"
    assert view(uow, company, invoice_id).payment_state in ("paid", "reversed")


def test_a_batch_without_ticks_asks_for_one(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    accountant = as_user("accountant")
    response = submit(accountant, "/invoices/batch", {"action": "post"})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert "Tick at least one document." in accountant.get("/invoices").text


def test_a_bill_is_drafted_under_bills(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    clerk = as_user("billing_clerk")
    form = clerk.get("/bills/new").text
    assert '<option value="vendor_bill" selected>Vendor bill</option>' in form
    data = {
        "kind": "vendor_bill",
        "partner": str(company.partners["Wood Corner"]),
        "lines-0-product": str(company.products["DESK"]),
        "lines-0-quantity": "1",
        "lines-0-auto": "1",
    }
    response = submit(clerk, "/bills/new", data, page="/bills")
    location = response.headers["location"]  # type: ignore[attr-defined]
    assert location.startswith("/bills/")
    bill = view(uow, company, int(location.rsplit("/", 1)[1]))
    assert (bill.kind, bill.amount_total) == ("vendor_bill", D("364.21"))  # 301.00 + 21%
    assert bill.lines[0].account_id == company.accounts["5000"]


def test_pages_speak_spanish(as_user: WebClient, uow: UnitOfWork, company: SeededCompany) -> None:
    with_catalog(uow, company)
    invoice_id = draft(uow, company)
    accountant = as_user("accountant")
    submit(accountant, "/language", {"lang": "es", "next": "/invoices"})
    assert "Nueva factura" in accountant.get("/invoices").text
    detail = accountant.get(f"/invoices/{invoice_id}").text
    assert "Contabilizar" in detail and "Descargar PDF" in detail
    done = submit(accountant, f"/invoices/{invoice_id}/post", {})
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert "Contabilizada como" in accountant.get(f"/invoices/{invoice_id}").text


def test_a_short_payment_is_closed_with_a_write_off(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    invoice_id = posted(uow, company, "100")
    clerk = as_user("billing_clerk")  # clerks register payments
    data = {
        "amount": "120.50",
        "date": "2026-03-20",
        "journal": str(company.journals["BNK1"]),
        "writeoff_account": str(company.accounts["6200"]),
    }
    done = submit(clerk, f"/invoices/{invoice_id}/pay", data)
    assert done.status_code == 303  # type: ignore[attr-defined]
    settled = view(uow, company, invoice_id)
    assert (settled.payment_state, settled.amount_residual) == ("in_payment", D("0.00"))
    assert 'id="register-payment"' not in clerk.get(f"/invoices/{invoice_id}").text
