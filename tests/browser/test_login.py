"""Log in through the form, see the dashboard, switch language, log out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot


def test_login_dashboard_language_logout(logged_in: Page, request: pytest.FixtureRequest) -> None:
    page = logged_in
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator("#drafts .count")).to_have_text("0")
    screenshot(page, "dashboard", request)
    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("heading", name="Panel")).to_be_visible()
    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(page.url.split("/login")[0] + "/login")


def test_wrong_password_shows_the_reason(page: Page, company: object) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill("nobody@example.test")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "wrong email or password, or too many failed attempts: try again later"
    )
