"""A manual journal entry in the browser: balanced as you type, posted, reversed, found."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from tests.browser.conftest import screenshot
from tests.browser.test_invoices import pick


def test_a_manual_entry_is_posted_and_reversed(
    logged_in: Page, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    page = logged_in
    page.get_by_role("link", name="Entries").click()
    page.get_by_role("link", name="New journal entry").click()
    page.locator("#entry-journal").select_option(label="MISC Miscellaneous operations")
    page.locator("#entry-date").fill("2026-03-10")
    page.locator("#entry-ref").fill("ACCR-MARCH")
    pick(page, "#e0-account-q", "rent", "6000 Rent")
    page.locator("#e0-label").fill("March rent")
    page.locator("#e0-debit").fill("150")
    pick(page, "#e1-account-q", "2200", "2200 Accrued liabilities")
    page.locator("#e1-credit").fill("100")
    expect(page.locator("#entry-difference")).to_have_text("Not balanced: 50.00")
    page.locator("#e1-credit").fill("150.00")
    expect(page.locator("#entry-difference")).to_have_text("Balanced")
    expect(page.locator("#total-debit")).to_have_text("150.00")
    screenshot(page, "entry-form", request)
    page.locator("#save-post").click()

    expect(page.get_by_role("status")).to_have_text(re.compile(r"Posted as MISC/2026/\d+\."))
    number = page.locator("#entry-number").inner_text()
    expect(page.locator("#entry-items")).to_contain_text("6000 Rent")
    page.locator("#reverse summary").click()
    page.locator("#reverse-reason").fill("booked twice")
    page.locator("#reverse-confirm").check()
    page.locator("#reverse-button").click()

    expect(page.get_by_role("status")).to_have_text(re.compile(r"Reversed by MISC/2026/\d+\."))
    expect(page.locator("#reversal-of")).to_have_text(number)
    page.locator("#reversal-of a").click()
    expect(page.locator("#entry-number")).to_have_text(number)
    expect(page.locator("#reversed")).to_be_visible()
    expect(page.locator("#reverse")).to_have_count(0)
    screenshot(page, "entry-detail", request)

    page.goto("/entries")
    page.locator("#entry-search").fill("150,00")
    expect(page.locator("#entries tbody tr")).to_have_count(2)
