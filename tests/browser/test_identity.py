"""Identity from the browser: company settings, a partner's page, send with preview."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.browser.conftest import screenshot
from tests.documents.identity_builders import post_invoice, seller


def test_company_identity_and_a_default_bank_account(
    logged_in: Page, request: pytest.FixtureRequest
) -> None:
    page = logged_in
    page.goto("/settings")
    form = page.locator("#identity-form")
    form.get_by_label("Legal name").fill("Test Company S.L.")
    form.get_by_label("Street").fill("Calle Mayor 1")
    form.get_by_label("Country").fill("ES")
    form.get_by_label("VAT number").fill("ESB12345675")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("ESB12345675")
    form = page.locator("#identity-form")
    form.get_by_label("VAT number").fill("ESB12345674")
    form.get_by_label("Document language").select_option("es")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Company identity saved.")
    expect(page.locator("#identity-form").get_by_label("VAT number")).to_have_value("ESB12345674")
    accounts = page.locator("#bank-account-form")
    accounts.get_by_label("IBAN").fill("DE89 3704 0044 0532 0130 00")
    accounts.get_by_label("Default for its currency").check()
    accounts.get_by_role("button", name="Add bank account").click()
    expect(page.get_by_role("status")).to_have_text("Bank account added.")
    expect(page.locator("#bank-accounts tbody tr")).to_contain_text("DE89 3704 0044 0532 0130 00")
    screenshot(page, "settings-identity", request)


def test_partner_page_saves_language_and_address(
    logged_in: Page, request: pytest.FixtureRequest
) -> None:
    page = logged_in
    page.get_by_role("link", name="Partners").click()
    page.locator("#new-partner").click()
    page.locator("#partner-form").get_by_label("Name").first.fill("Azure Interior")
    page.locator("#save-partner").click()
    expect(page.get_by_role("status")).to_have_text("Partner Azure Interior created.")
    form = page.locator("#identity-form")
    form.get_by_label("City").fill("Barcelona")
    form.get_by_label("Country").fill("ES")
    form.get_by_label("VAT number").fill("ESB58378431")
    form.get_by_label("E-mail for invoices").fill("ap@azure.example")
    form.get_by_label("Language of documents").select_option("es")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Partner saved.")
    expect(page.locator("#identity-form").get_by_label("Language of documents")).to_have_value("es")
    screenshot(page, "partner", request)


def test_send_shows_a_preview_and_explains_a_missing_mail_server(
    logged_in: Page,
    uow: UnitOfWork,
    company: SeededCompany,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.delenv("ASIENTO_SMTP_URL", raising=False)
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    page = logged_in
    page.goto(f"/invoices/{invoice_id}")
    page.locator("#send").click()
    expect(page.locator("#email-subject")).to_have_value(
        "Test Company S.L.: Factura INV/2026/00001"
    )
    expect(page.locator("#email-to")).to_have_value("ap@azure.example")
    expect(page.locator("#mail-not-configured")).to_contain_text("ASIENTO_SMTP_URL")
    expect(page.locator("#send-now")).to_have_count(0)
    screenshot(page, "invoice-email-preview", request)
    page.locator("#mark-sent").click()
    expect(page.get_by_role("status")).to_have_text("Marked as sent.")
    expect(page.locator("#sent-status")).to_be_visible()
