"""Import a statement file and reconcile a line; download a report; preview follow-ups."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from asiento.services.followups.followup_levels import seed_default_levels
from asiento.store.tables import Invoice, StatementLine
from asiento.store.uow import UnitOfWork
from tests.browser.conftest import screenshot
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.ledger import post_simple
from tests.followups.conftest import AS_OF, invoice_item
from tests.web.bank_files import Entry, bank_with_iban, camt053


def test_import_a_statement_and_reconcile_a_line(
    logged_in: Page,
    uow: UnitOfWork,
    company: SeededCompany,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    page = logged_in
    bank_with_iban(uow, company)
    acme = customer(uow, company, "Acme")
    inv = posted(
        uow, company, invoice_input(acme, line("121.00", account_id=company.accounts["4000"]))
    )
    camt = tmp_path / "march.xml"
    camt.write_bytes(
        camt053(
            Entry("121.00", "A. Customer", f"Invoice {inv.number}", "TX-1"),
            Entry("-12.40", "Our Bank", "Account fees March", "TX-2"),
        )
    )
    page.get_by_role("link", name="Bank").click()
    expect(page.get_by_role("heading", name="Bank statements")).to_be_visible()
    page.locator("input[type=file]").set_input_files(str(camt))
    page.locator("#upload").get_by_label("Bank journal").select_option(label="BNK1 — Bank")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Import summary")).to_be_visible()
    expect(page.locator("#imported")).to_have_text("2")
    expect(page.locator("#duplicates")).to_have_text("0")
    expect(page.locator("#balance-check")).to_contain_text("opening + lines = closing")
    screenshot(page, "bank-import-summary", request)
    page.get_by_role("link", name="Back to statements").click()
    expect(page.locator("#journal-BNK1")).to_contain_text("S-1")
    screenshot(page, "bank-statements", request)
    page.get_by_role("link", name="S-1").click()
    page.locator("tr", has_text="A. Customer").get_by_role("link", name="Reconcile").click()
    expect(page.locator("#proposal")).to_be_visible()
    item = page.locator("input[name=item_id]")
    expect(item).to_be_checked()
    expect(page.locator("#left-over")).to_have_text("0.00")
    item.uncheck()  # the live total follows the choice (HTMX)
    expect(page.locator("#left-over")).to_have_text("121.00")
    item.check()
    expect(page.locator("#left-over")).to_have_text("0.00")
    screenshot(page, "bank-line-reconcile", request)
    page.get_by_role("button", name="Reconcile").click()
    expect(page.get_by_role("status")).to_have_text("Line reconciled.")
    expect(page.locator("h1 .badge")).to_have_text("Reconciled")
    with uow:
        invoice = uow.session.get_one(Invoice, inv.id)
        assert (invoice.payment_state, invoice.amount_residual) == ("paid", 0)
        states = sorted(r.state for r in uow.session.query(StatementLine))
        assert states == ["open", "reconciled"]


def test_download_a_report(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    page = logged_in
    post_simple(uow, company, debit_account="6000", amount="800.00", day=date(2026, 3, 1))
    post_simple(uow, company, debit_account="6100", amount="42.50", day=date(2026, 3, 5))
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Trial balance").click()
    page.get_by_label("From", exact=True).fill("2026-01-01")
    page.get_by_label("To", exact=True).fill("2026-03-31")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#report tr", has_text="Office supplies")).to_contain_text("42.50")
    screenshot(page, "report-trial-balance", request)
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "trial-balance-2026-03-31.csv"
    text = Path(download.path()).read_text()
    lines = text.splitlines()
    assert lines[0] == "code,account,opening,debit,credit,closing"
    assert "1000,Bank,0.00,0.00,842.50,-842.50" in lines
    assert "6000,Rent,0.00,800.00,0.00,800.00" in lines
    assert lines[-1] == ",Total,0.00,842.50,842.50,0.00"


def test_followup_preview(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    page = logged_in
    seed_default_levels(uow, company.id)
    partner = customer(uow, company, "Smith and Offspring", email="ap@smith.example")
    invoice_item(uow, company, partner, "100.00", 35, ref="INV-A")
    invoice_item(uow, company, partner, "50.00", 20, ref="INV-B")
    page.get_by_role("link", name="Follow-ups").click()
    page.get_by_label("As of").fill(AS_OF.isoformat())
    page.get_by_role("button", name="Preview").click()
    card = page.locator(".reminder")
    expect(card.locator("h2")).to_contain_text("Smith and Offspring · Second reminder")
    expect(card.locator(".net-total")).to_have_text("150.00 EUR")
    screenshot(page, "followup-preview", request)
