"""Search in a browser: a picker among 5,000 partners, the header search by amount, and a
partner created in the browser then invoiced."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import insert

from asiento.services.demo.seed import SeededCompany
from asiento.store.tables import Partner
from asiento.store.uow import UnitOfWork
from tests.browser.conftest import screenshot
from tests.browser.test_invoices import pick
from tests.builders.invoices import customer, invoice_input, line, posted, with_catalog


def many_partners(uow: UnitOfWork, company: SeededCompany, count: int) -> None:
    rows = [
        {"company_id": company.id, "name": f"Customer {n:05d} SL", "is_customer": True,
         "is_supplier": False, "active": True, "payment_days": ""}
        for n in range(count)
    ]  # fmt: skip
    with uow:
        uow.session.execute(insert(Partner), rows)
        uow.commit()


def test_a_picker_finds_one_partner_among_5000(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    with_catalog(uow, company)
    many_partners(uow, company, 5000)
    wanted = customer(uow, company, "Zurbarán Pinturas SA", country="ES")
    page = logged_in
    page.goto("/invoices/new")
    page.locator("#partner-q").fill("customer 0499")
    expect(page.locator("#partner-list li[data-id]")).to_have_count(10)  # 04990..04999
    page.locator("#partner-q").fill("zurb")
    option = page.locator("#partner-list li[data-id]")
    expect(option).to_have_count(1)
    expect(option).to_contain_text("Zurbarán Pinturas SA")
    screenshot(page, "picker", request)
    page.locator("#partner-q").press("ArrowDown")
    page.locator("#partner-q").press("Enter")
    expect(page.locator("#partner")).to_have_value(str(wanted))
    expect(page.locator("#partner-address")).to_contain_text("ES")  # the partner's defaults


def test_the_header_search_finds_an_invoice_by_its_amount(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company, "Acme SL")
    posted(uow, company, invoice_input(acme, line("999.00", account_id=company.accounts["4000"])))
    invoice = posted(
        uow, company, invoice_input(acme, line("1234.50", account_id=company.accounts["4000"]))
    )
    page = logged_in
    page.locator("#global-q").fill("1.234,50")
    result = page.locator("#header-results a")
    expect(result).to_have_count(1)
    result.click()
    page.wait_for_url(f"**/invoices/{invoice.id}")
    expect(page.locator("#doc-number")).to_have_text(invoice.number or "")


def test_a_partner_created_in_the_browser_is_invoiced(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    page = logged_in
    page.goto("/partners")
    page.locator("#new-partner").click()
    page.locator("#partner-name").fill("Quintana Hermanos SL")
    page.locator("#save-partner").click()
    expect(page.get_by_role("status")).to_have_text("Partner Quintana Hermanos SL created.")
    page.get_by_role("link", name="New invoice").click()
    pick(page, "#partner-q", "quint", "Quintana Hermanos SL")
    pick(page, "#l0-product-q", "desk", "Standing desk")
    expect(page.locator("#total-total")).not_to_be_empty()
    page.get_by_role("button", name="Save draft").last.click()
    expect(page.get_by_role("status")).to_have_text("Draft saved.")
    page.get_by_role("button", name="Post").click()
    expect(page.locator("#doc-number")).to_have_text(re.compile(r"\S+\d"))
    page.goto("/partners?q=quintana")
    page.get_by_role("link", name="Quintana Hermanos SL").click()
    expect(page.locator("#partner-documents tbody tr")).to_have_count(1)
