"""3-way matching in the browser: a bill in Exception turns to Yes when the goods arrive."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.orders.purchase_bills import create_bill
from asiento.store.uow import UnitOfWork
from tests.browser.conftest import screenshot
from tests.builders.purchases import DAY, po, receive, stock


def test_the_verdict_turns_to_yes_when_the_missing_goods_arrive(
    logged_in: Page, uow: UnitOfWork, company: SeededCompany, request: pytest.FixtureRequest
) -> None:
    matching = stock(uow, company, bill_policy="received", three_way_matching=True)
    order = po(uow, matching, ("CHAIR", "10"))
    receive(uow, matching, order, "4")
    bill = create_bill(uow, matching.id, order.id, DAY)
    line = InvoiceLineInput(
        product_id=matching.products["CHAIR"], quantity=Decimal(10), price_unit=Decimal("82.50")
    )
    data = InvoiceInput("vendor_bill", bill.partner_id, (line,), invoice_date=DAY)
    invoices.update_invoice(uow, matching.id, bill.id, data)
    invoices.post_invoice(uow, matching.id, bill.id)

    page = logged_in
    page.goto(f"/orders/purchase/{order.id}")
    verdict = page.locator("#documents .badge.exception, #documents .badge.yes")
    expect(verdict).to_have_text("Exception")
    expect(page.locator("#documents")).to_contain_text("billed quantity 10 is above the received 4")
    expect(page.locator("input.qty").nth(0)).to_have_value("6")
    page.get_by_role("button", name="Receive").click()
    expect(page.get_by_role("status")).to_have_text("Received.")
    expect(verdict).to_have_text("Yes")
    expect(page.locator("#documents")).to_contain_text("matches the purchase order and receipts")
    expect(page.locator("#documents")).not_to_contain_text("set by hand")
    screenshot(page, "three-way-yes", request)
