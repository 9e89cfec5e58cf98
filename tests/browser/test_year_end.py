"""The year-end page from the browser: the checklist, then closing once it is clear."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.store.uow import UnitOfWork
from tests.browser.conftest import screenshot
from tests.builders.ledger import post_simple, simple_entry


def test_year_end_checklist_then_close(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    post_simple(uow, company, debit_account="1000", credit_account="4000", amount="1000.00")
    draft = ledger.create_entry(uow, company.id, simple_entry(day=date(2026, 8, 1), ref="dep"))
    page = logged_in
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Year end").click()
    page.get_by_label("Fiscal year").fill("2026")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#blockers tbody tr")).to_have_count(1)
    expect(page.locator("#blockers")).to_contain_text("draft entry MISC dep")
    expect(page.get_by_role("button", name="Close the fiscal year")).to_be_disabled()
    screenshot(page, "year-end-checklist", request)
    ledger.delete_entry(uow, company.id, draft.id)
    page.reload()
    expect(page.locator("#checklist")).to_contain_text("No drafts")
    page.get_by_role("button", name="Close the fiscal year").click()
    expect(page.get_by_role("status")).to_have_text("Fiscal year closed.")
    expect(page.locator("#year-state")).to_have_text("closed")
    expect(page.get_by_role("button", name="Re-open the fiscal year")).to_be_visible()
    screenshot(page, "year-end-closed", request)
