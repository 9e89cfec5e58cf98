"""The recurring invoices page from the browser: a template from the form, run, its invoices."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.browser.conftest import screenshot
from tests.browser.test_invoices import pick
from tests.builders.recurring import subscriber


def test_create_a_template_run_it_and_open_an_invoice(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    subscriber(uow, company)
    page = logged_in
    page.get_by_role("link", name="Invoices", exact=True).click()
    page.get_by_role("link", name="Recurring invoices").click()
    expect(page.locator("#templates")).to_contain_text("No recurring invoices.")
    form = page.locator("#template-form")
    form.get_by_label("Name").fill("Hosting")
    pick(page, "#template-partner-q", "subscr", "Subscriber SL")
    form.locator("select[name=frequency]").select_option("monthly")
    form.get_by_label("Day of the period").fill("31")
    form.get_by_label("Start date").fill("2026-01-01")
    form.get_by_label("Number of invoices").fill("12")
    form.get_by_label("Post the invoices").check()
    row = form.locator("#template-lines tbody tr").first
    row.get_by_label("Description").fill("Managed hosting")
    row.get_by_label("Unit price").fill("120.00")
    row.get_by_label("VAT 21%").check()
    form.get_by_role("button", name="Create recurring invoice").click()
    expect(page.get_by_role("status")).to_have_text("Recurring invoice created.")
    expect(page.locator("#next-date")).to_have_text("2026-01-31")
    page.get_by_label("Create the invoices due up to").fill("2026-02-28")
    page.get_by_role("button", name="Run now").click()
    expect(page.get_by_role("status")).to_have_text("Invoices created: 2")
    expect(page.locator("#produced tbody tr")).to_have_count(2)
    expect(page.locator("#next-date")).to_have_text("2026-03-31")
    screenshot(page, "recurring-invoice", request)
    page.get_by_role("link", name="INV/2026/00001").click()
    expect(page.locator("body")).to_contain_text("INV/2026/00001")
    expect(page.locator("body")).to_contain_text("Managed hosting")
