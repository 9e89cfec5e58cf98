"""A purchase order from the browser: create, confirm, receive, bill, "Fully Billed"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.browser.conftest import screenshot
from tests.browser.test_invoices import pick
from tests.builders.purchases import stock


@pytest.fixture
def stocked(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    return stock(uow, company)


def test_purchase_order_to_fully_billed(
    stocked: SeededCompany, logged_in: Page, request: pytest.FixtureRequest
) -> None:
    page = logged_in
    page.get_by_role("link", name="Orders").click()
    expect(page.get_by_role("heading", name="Orders")).to_be_visible()
    page.get_by_role("link", name="New order").click()
    pick(page, "#order-partner-q", "wood", "Wood Corner")
    page.get_by_label("Reference").fill("Q-7")
    products = page.locator("input.picker-q[id$=-product-q]")
    page.get_by_role("button", name="Add line").click()  # HTMX appends a fifth row
    expect(products).to_have_count(5)
    pick(page, "#ol0-product-q", "chair", "Office chair")
    page.locator("input[name=quantity]").nth(0).fill("10")
    products.nth(4).fill("desk")
    page.locator("#lines tr").nth(4).locator(".picker-list li", has_text="Standing desk").click()
    page.locator("input[name=quantity]").nth(4).fill("2")
    page.locator("input[name=price_unit]").nth(4).fill("290")
    screenshot(page, "order-form", request)
    page.get_by_role("button", name="Create draft order").click()

    expect(page.get_by_role("status")).to_have_text("Order PO00001 created.")
    expect(page.locator("#billing-status")).to_have_text("Nothing to Bill")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_have_text("Order PO00001 confirmed.")
    expect(page.locator("input.qty").nth(0)).to_have_value("10")
    page.get_by_role("button", name="Receive").click()
    expect(page.get_by_role("status")).to_have_text("Received.")
    expect(page.locator("#billing-status")).to_have_text("Waiting Bills")
    page.get_by_role("button", name="Create bill").click()
    expect(page.get_by_role("status")).to_have_text("Draft bill created.")
    expect(page.locator("#billing-status")).to_have_text("Fully Billed")
    expect(page.locator("#documents tbody tr")).to_have_count(1)
    expect(page.locator("#documents td.num")).to_have_text("1,700.05 EUR")
    expect(page.locator("#lines tbody tr").nth(1)).to_contain_text("290.00")
    screenshot(page, "order-detail", request)

    page.get_by_role("link", name="Purchase orders").click()
    row = page.locator("#orders tbody tr").first
    expect(row).to_contain_text("PO00001")
    expect(row).to_contain_text("Fully Billed")
    expect(row).to_contain_text("1,405.00")
    screenshot(page, "orders-list", request)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    row.get_by_role("link", name="PO00001").click()
    expect(page.locator("#billing-status")).to_have_text("Fully Billed")
    screenshot(page, "order-detail-phone", request)
