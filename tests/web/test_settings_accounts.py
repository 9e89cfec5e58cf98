"""/settings/accounts: company and journal account settings in the browser (both databases)."""

from __future__ import annotations

from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import account_settings, companies
from asiento.store.uow import UnitOfWork
from tests.web.conftest import WebClient, csrf_of


def test_admin_changes_an_account_setting(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    page = client.get("/settings/accounts")
    assert page.status_code == 200
    assert "Outstanding receipts" in page.text
    token = csrf_of(page.text)
    done = client.post(
        "/settings/accounts",
        data={"csrf_token": token, "writeoff_account": str(company.accounts["6200"])},
        follow_redirects=False,
    )
    assert done.status_code == 303
    view = account_settings.get_settings(uow, company.id)
    assert view.accounts["writeoff_account"].code == "6200"  # type: ignore[union-attr]


def test_a_refused_journal_setting_shows_the_message(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    token = csrf_of(client.get("/settings/accounts").text)
    done = client.post(
        f"/settings/accounts/journals/{company.journals['BNK1']}",
        data={"csrf_token": token, "outstanding_receipts_account": str(company.accounts["1010"])},
        follow_redirects=False,
    )
    assert done.status_code == 422
    assert "must be reconcilable" in done.text


def test_the_page_is_translated(as_user: WebClient) -> None:
    client = as_user("admin")
    page = client.get("/settings/accounts", headers={"Accept-Language": "es"}).text
    assert "Cobros pendientes" in page


def test_a_company_is_created_from_the_chart_chosen_in_the_browser(
    as_user: WebClient, uow: UnitOfWork
) -> None:
    client = as_user("admin")
    page = client.get("/settings").text
    assert "Plan General Contable PYMES 2007" in page
    done = client.post(
        "/settings/companies",
        data={"csrf_token": csrf_of(page), "name": "Ejemplo SL", "currency": "eur",
              "chart": "es-pgc-pymes"},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    made = [c for c in companies.list_companies(uow) if c.name == "Ejemplo SL"]
    view = account_settings.get_settings(uow, made[0].id)
    assert view.accounts["retained_earnings_account"].code == "129000"  # type: ignore[union-attr]


def test_the_tax_return_boxes_link_to_their_items(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    from tests.builders.invoices import customer, invoice_input, line, posted

    acme = customer(uow, company)
    tax = company.taxes["VAT 21% sale"]
    posted(uow, company, invoice_input(acme, line("100.00", "1", tax,
                                                  account_id=company.accounts["4000"])))  # fmt: skip
    client = as_user("admin")
    query = "date_from=2026-01-01&date_to=2026-12-31"
    page = client.get(f"/reports/tax-boxes?{query}").text
    assert f'href="/reports/tax-box-items?{query.replace("&", "&amp;")}&amp;box=S2"' in page
    items = client.get(f"/reports/tax-box-items?{query}&box=S2")
    assert items.status_code == 200
    assert "Total box S2" in items.text and "21.00" in items.text


def test_the_term_preview_moves_due_dates_to_a_partners_payment_days(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    from tests.builders.invoices import add_term, customer

    acme = customer(uow, company, name="Pays 5 and 20", payment_days="5,20")
    term = add_term(uow, company, "15 Days")
    client = as_user("admin")
    page = client.get(
        f"/settings/terms/{term}?amount=100&invoice_date=2026-03-01&partner_id={acme}"
    ).text
    assert "Pays 5 and 20 (5,20)" in page
    assert "Due dates moved to the payment days 5/20." in page
    assert "2026-03-20" in page
