"""The invoice flow in a browser: draft from a product, live totals, post, pay in two parts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.browser.conftest import screenshot
from tests.builders.invoices import with_catalog


def pick(page: Page, box: str, typed: str, option: str) -> None:
    """Type into a picker and click the option that appears (as a person would)."""
    page.locator(box).fill(typed)
    page.locator(f"{box.removesuffix('-q')}-list li", has_text=option).first.click()


def test_invoice_from_product_to_paid(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    with_catalog(uow, company)
    page = logged_in
    page.goto("/invoices")
    page.get_by_role("link", name="New invoice").click()
    pick(page, "#partner-q", "azu", "Azure Interior")
    pick(page, "#l0-product-q", "chair", "Office chair")
    expect(page.locator("#l0-description")).to_have_value("Office chair")  # product defaults
    expect(page.locator("#l0-price")).to_have_value("149")
    expect(page.locator("#total-total")).to_contain_text("180.29")  # 149.00 + 21%
    page.locator("#l0-quantity").fill("2")
    page.locator("#l0-quantity").press("Tab")
    expect(page.locator("#total-untaxed")).to_contain_text("298.00")
    expect(page.locator("#total-total")).to_contain_text("360.58")
    screenshot(page, "invoice-form", request)
    page.get_by_role("button", name="Save draft").last.click()
    expect(page.get_by_role("status")).to_have_text("Draft saved.")
    page.get_by_role("button", name="Post").click()
    number = page.locator("#doc-number")
    expect(number).to_have_text(re.compile(r"\S+\d"))
    expect(page.get_by_role("status")).to_contain_text("Posted as")
    expect(page.locator("#payment-state")).to_have_text("Not paid")
    screenshot(page, "invoice-detail", request)
    page.locator("#pay-amount").fill("100")
    page.locator("#pay").click()
    expect(page.locator("#payment-state")).to_have_text("Partially paid")
    expect(page.locator("#residual")).to_contain_text("260.58")
    page.locator("#pay").click()  # the amount proposed is what is left
    expect(page.locator("#payment-state")).to_have_text("In payment")
    page.goto("/invoices")
    expect(page.locator("table.documents tbody tr")).to_have_count(1)
    screenshot(page, "invoice-list", request)
    page.goto("/payments")
    expect(page.locator("#payments tbody tr")).to_have_count(2)
    screenshot(page, "payments", request)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: tables scroll in their card
    page.goto("/invoices/new")
    expect(page.locator("#totals")).to_be_visible()
    screenshot(page, "invoice-form-phone", request)
