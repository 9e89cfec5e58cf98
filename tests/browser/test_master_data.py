"""Master data in a browser: a partner and a product created through the pages, then
invoiced; the product's page lists the invoice."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from tests.browser.conftest import screenshot
from tests.browser.test_invoices import pick


def test_a_partner_and_a_product_created_in_the_browser_are_invoiced(
    logged_in: Page, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    page = logged_in
    page.goto("/products")
    page.locator("#new-product").click()
    page.locator("#product-code").fill("LAMP")
    page.locator("#product-name").fill("Desk lamp")
    page.locator("#product-sale-price").fill("40")
    pick(page, "#income_account_id-q", "sales of", "4000 Sales of goods")
    page.get_by_role("group", name="Sales taxes").get_by_label("VAT 21%").check()
    page.locator("#save-product").click()
    expect(page.get_by_role("status")).to_have_text("Product LAMP created.")
    expect(page.locator("#product-facts")).to_contain_text("VAT 21%")
    screenshot(page, "product", request)
    page.goto("/partners/new")
    page.locator("#partner-name").fill("Lumen Oficinas SL")
    page.locator("#save-partner").click()
    expect(page.get_by_role("status")).to_have_text("Partner Lumen Oficinas SL created.")
    page.get_by_role("link", name="New invoice").click()
    pick(page, "#partner-q", "lumen", "Lumen Oficinas SL")
    pick(page, "#l0-product-q", "lamp", "Desk lamp")
    expect(page.locator("#total-total")).to_contain_text("48.40")
    page.get_by_role("button", name="Save draft").last.click()
    expect(page.get_by_role("status")).to_have_text("Draft saved.")
    page.get_by_role("button", name="Post").click()
    number = page.locator("#doc-number")
    expect(number).not_to_be_empty()
    posted = number.inner_text()
    page.goto("/products?q=lamp")
    page.get_by_role("link", name="LAMP").click()
    expect(page.locator("#product-documents")).to_contain_text(posted)
