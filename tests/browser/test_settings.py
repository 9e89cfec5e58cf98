"""Settings from the browser: the pages, and an API token shown once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot


def test_settings_pages_and_a_token_shown_once(
    logged_in: Page, request: pytest.FixtureRequest
) -> None:
    page = logged_in
    page.get_by_role("link", name="Settings").click()
    expect(page.locator("#company").get_by_label("Currency")).to_have_value("EUR")
    screenshot(page, "settings-company", request)
    page.get_by_role("link", name="Payment terms").click()
    page.get_by_label("Name").fill("30/70")
    page.get_by_label("Lines, one per installment").fill("percent:30\nbalance::days=30")
    page.get_by_role("button", name="Create payment term").click()
    expect(page.get_by_role("status")).to_have_text("Payment term created.")
    page.get_by_label("Amount").fill("1000")
    page.get_by_label("Invoice date").fill("2026-03-01")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#schedule tbody tr")).to_have_count(2)
    expect(page.locator("#schedule tbody tr").nth(1)).to_contain_text("2026-03-31")
    expect(page.locator("#schedule tbody tr").nth(1)).to_contain_text("700.00")
    screenshot(page, "settings-term-preview", request)
    page.get_by_role("link", name="Users").click()
    expect(page.locator("#users")).to_contain_text("admin@")
    screenshot(page, "settings-users", request)

    page.get_by_role("link", name="API tokens").click()
    page.locator("#token-form").get_by_label("Name").fill("nightly export")
    page.locator("#token-form").get_by_label("Role").select_option("auditor")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("code.secret")
    expect(secret).to_be_visible()
    token = secret.inner_text()
    assert token.startswith("asi_")
    expect(page.locator("#issued-token")).to_contain_text("shown only once")
    expect(page.locator("#tokens tbody tr")).to_contain_text(token[:12])
    screenshot(page, "settings-token-once", request)
    page.get_by_role("link", name="API tokens").click()
    expect(page.locator("#issued-token")).to_have_count(0)
    expect(page.locator("#tokens")).not_to_contain_text(token)
    expect(page.locator("#tokens tbody tr")).to_contain_text("never")
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator("#tokens tbody tr")).to_contain_text("revoked")
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("#audit")).to_contain_text("revoked API token")
    screenshot(page, "settings-audit", request)
