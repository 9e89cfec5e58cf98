"""Targets of the invoice, payment, reconciliation and journal-entry operations."""

from __future__ import annotations

from typing import Any

import httpx

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live
from tests.concurrency.shots import POSTED_ENTRIES, REVERSALS, Effect, Shot, key, one

# ---- invoices, bills, credit notes ------------------------------------------


def post_invoice(c: httpx.Client, live: Live) -> Shot:
    invoice = s.draft_invoice(c, live)
    return Shot(
        f"/invoices/{invoice}/post",
        effect=lambda lv, _a: one(lv, POSTED_ENTRIES, kind="invoice", id=invoice),
    )


def batch_post(c: httpx.Client, live: Live) -> Shot:
    invoice = s.draft_invoice(c, live)

    def effect(lv: Live, answers: list[httpx.Response]) -> None:
        assert sum(invoice in a.json()["done"] for a in answers) == 1
        one(lv, POSTED_ENTRIES, kind="invoice", id=invoice)

    return Shot("/invoices/batch/post", json={"ids": [invoice]}, effect=effect)


def create_invoice(c: httpx.Client, live: Live) -> Shot:
    ref = s.unique("REF-")
    body = {
        "partner": s.partner(c, live),
        "invoice_date": s.DAY,
        "ref": ref,
        "lines": [{"description": "Work", "price_unit": "10.00", "account": "4000"}],
    }
    query = "SELECT count(*) FROM invoices WHERE ref = :ref"
    return Shot(
        "/invoices", json=body, headers=key("inv"), effect=lambda lv, _a: one(lv, query, ref=ref)
    )


def create_and_post_invoice(c: httpx.Client, live: Live) -> Shot:
    """``POST /invoices?post=true``: one invoice, posted once, with one entry."""
    ref = s.unique("POSTREF-")
    body = {
        "partner": s.partner(c, live),
        "invoice_date": s.DAY,
        "ref": ref,
        "lines": [{"description": "Work", "price_unit": "10.00", "account": "4000"}],
    }

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT count(*) FROM invoices WHERE ref = :ref AND state = 'posted'", ref=ref)
        one(lv, "SELECT count(*) FROM invoices WHERE ref = :ref", ref=ref)
        one(lv, "SELECT count(*) FROM journal_entries WHERE ref = :ref", ref=ref)

    return Shot("/invoices?post=true", json=body, headers=key("inv-post"), effect=effect)


def create_invoice_batch(c: httpx.Client, live: Live) -> Shot:
    """``POST /invoices/batch?post=true``: two invoices, posted once, with one entry each."""
    ref = s.unique("BATCHREF-")
    line = {"description": "Work", "price_unit": "10.00", "account": "4000"}
    one_invoice = {
        "partner": s.partner(c, live),
        "invoice_date": s.DAY,
        "ref": ref,
        "lines": [line],
    }

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT count(*) FROM invoices WHERE ref = :ref AND state = 'posted'", 2, ref=ref)
        one(lv, "SELECT count(*) FROM journal_entries WHERE ref = :ref", 2, ref=ref)

    body = {"invoices": [one_invoice, one_invoice]}
    return Shot("/invoices/batch?post=true", json=body, headers=key("inv-batch"), effect=effect)


def patch_invoice(c: httpx.Client, live: Live) -> Shot:
    invoice = s.draft_invoice(c, live)
    ref = s.unique("PATCHED-")

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT ref FROM invoices WHERE id = :id", ref, id=invoice)
        one(lv, "SELECT count(*) FROM invoice_lines WHERE invoice_id = :id", 1, id=invoice)

    return Shot(f"/invoices/{invoice}", json={"ref": ref}, effect=effect)


def delete_invoice(c: httpx.Client, live: Live) -> Shot:
    invoice = s.draft_invoice(c, live)
    query = "SELECT count(*) FROM invoices WHERE id = :id"
    return Shot(f"/invoices/{invoice}", effect=lambda lv, _a: one(lv, query, 0, id=invoice))


def allow_proforma(c: httpx.Client, live: Live) -> None:
    s.ok(c.patch(f"/companies/{live.company.id}", json={"allow_proforma": True}))


def proforma(c: httpx.Client, live: Live) -> Shot:
    allow_proforma(c, live)
    invoice = s.draft_invoice(c, live)
    query = "SELECT state FROM invoices WHERE id = :id"
    return Shot(
        f"/invoices/{invoice}/proforma",
        effect=lambda lv, _a: one(lv, query, "proforma", id=invoice),
    )


def reset_to_draft(c: httpx.Client, live: Live) -> Shot:
    allow_proforma(c, live)
    invoice = s.draft_invoice(c, live)
    s.ok(c.post(f"/invoices/{invoice}/proforma"))
    query = "SELECT state FROM invoices WHERE id = :id"
    return Shot(
        f"/invoices/{invoice}/reset-to-draft",
        effect=lambda lv, _a: one(lv, query, "draft", id=invoice),
    )


def credit_note(c: httpx.Client, live: Live) -> Shot:
    invoice = s.posted_invoice(c, live)
    query = "SELECT count(*) FROM invoices WHERE origin_invoice_id = :id"
    return Shot(
        f"/invoices/{invoice}/credit-note",
        json={"reason": "harness"},
        effect=lambda lv, _a: one(lv, query, id=invoice),
    )


def cancel_invoice(c: httpx.Client, live: Live) -> Shot:
    invoice = s.posted_invoice(c, live)
    entry = s.ok(c.get(f"/invoices/{invoice}"))["entry_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT state FROM invoices WHERE id = :id", "cancelled", id=invoice)
        one(lv, REVERSALS, id=entry)

    return Shot(f"/invoices/{invoice}/cancel", json={"reason": "harness"}, effect=effect)


def should_be_paid(c: httpx.Client, live: Live) -> Shot:
    bill = s.posted_invoice(c, live, "vendor_bill")
    query = "SELECT should_be_paid FROM invoices WHERE id = :id"
    return Shot(
        f"/bills/{bill}/should-be-paid",
        json={"should_be_paid": "no", "reason": "harness"},
        effect=lambda lv, _a: one(lv, query, "no", id=bill),
    )


# ---- payments and reconciliation --------------------------------------------

PAYMENTS_OF = "SELECT count(*) FROM payments WHERE partner_id = :partner AND state = 'posted'"


def register_payment(c: httpx.Client, live: Live) -> Shot:
    invoice = s.posted_invoice(c, live)
    partner = s.ok(c.get(f"/invoices/{invoice}"))["partner_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, PAYMENTS_OF, partner=partner)
        one(lv, "SELECT amount_residual FROM invoices WHERE id = :id", 0, id=invoice)

    return Shot(f"/invoices/{invoice}/register-payment", json={"date": s.DAY}, effect=effect)


def create_payment(c: httpx.Client, live: Live) -> Shot:
    memo = s.unique("PAY-")
    body = {
        "payment_type": "inbound",
        "partner_id": s.partner(c, live),
        "amount": "12.00",
        "date": s.DAY,
        "communication": memo,
    }
    query = "SELECT count(*) FROM payments WHERE communication = :memo"
    return Shot(
        "/payments", json=body, headers=key("pay"), effect=lambda lv, _a: one(lv, query, memo=memo)
    )


def post_payment(c: httpx.Client, live: Live) -> Shot:
    payment = s.draft_payment(c, live)
    return Shot(
        f"/payments/{payment}/post",
        effect=lambda lv, _a: one(lv, POSTED_ENTRIES, kind="payment", id=payment),
    )


def cancel_payment(c: httpx.Client, live: Live) -> Shot:
    payment = s.draft_payment(c, live)
    entry = s.ok(c.post(f"/payments/{payment}/post"))["entry_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT state FROM payments WHERE id = :id", "cancelled", id=payment)
        one(lv, REVERSALS, id=entry)

    return Shot(f"/payments/{payment}/cancel", effect=effect)


def open_pair(c: httpx.Client, live: Live) -> tuple[int, list[int]]:
    """A posted invoice and a posted payment of 200.00 of one partner: the partner, its items."""
    invoice = s.posted_invoice(c, live)
    partner = int(s.ok(c.get(f"/invoices/{invoice}"))["partner_id"])
    payment = s.draft_payment(c, live, partner)
    s.ok(c.post(f"/payments/{payment}/post"))
    items = s.ok(c.get(f"/partners/{partner}/open-items"))
    return partner, [int(i["id"]) for i in items]


PARTIALS_ON = "SELECT count(*) FROM partial_reconciliations WHERE debit_item_id IN :ids OR credit_item_id IN :ids"


def partials(live: Live, items: list[int], expected: int) -> None:
    placeholders = ", ".join(str(int(i)) for i in items)
    query = PARTIALS_ON.replace(":ids", f"({placeholders})")
    one(live, query, expected)


def reconcile(c: httpx.Client, live: Live) -> Shot:
    _partner, items = open_pair(c, live)
    return Shot(
        "/reconciliations", json={"item_ids": items}, effect=lambda lv, _a: partials(lv, items, 1)
    )


def reconciled_pair(c: httpx.Client, live: Live) -> tuple[list[int], dict[str, Any]]:
    _partner, items = open_pair(c, live)
    return items, s.ok(c.post("/reconciliations", json={"item_ids": items}))


def unreconcile_partials(c: httpx.Client, live: Live) -> Shot:
    items, result = reconciled_pair(c, live)
    return Shot(
        "/reconciliations",
        params={"partial_id": result["partial_ids"]},
        effect=lambda lv, _a: partials(lv, items, 0),
    )


def unreconcile_full(c: httpx.Client, live: Live) -> Shot:
    items, result = reconciled_pair(c, live)
    assert result["full_reconciliation_id"] is not None
    return Shot(
        f"/reconciliations/{result['full_reconciliation_id']}",
        effect=lambda lv, _a: partials(lv, items, 0),
    )


def auto_reconcile(c: httpx.Client, live: Live) -> Shot:
    partner, items = open_pair(c, live)
    return Shot(
        "/reconcile/auto",
        json={"partner_id": partner},
        effect=lambda lv, _a: partials(lv, items, 1),
    )


# ---- journal entries ----------------------------------------------------------


def create_entry(c: httpx.Client, live: Live) -> Shot:
    ref = s.unique("ENTRY-")
    query = "SELECT count(*) FROM journal_entries WHERE ref = :ref"
    return Shot(
        "/entries",
        json=s.entry_body(ref=ref),
        params={"post": "true"},
        headers=key("entry"),
        effect=lambda lv, _a: one(lv, query, ref=ref),
    )


def items_of(entry: int, count: int) -> Effect:
    query = "SELECT count(*) FROM journal_items WHERE entry_id = :id"
    return lambda lv, _a: one(lv, query, count, id=entry)


def replace_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.draft_entry(c)
    return Shot(f"/entries/{entry}", json=s.entry_body("15.00"), effect=items_of(entry, 2))


def patch_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.draft_entry(c)
    body = {"lines": s.entry_body("15.00")["lines"]}
    return Shot(f"/entries/{entry}", json=body, effect=items_of(entry, 2))


def delete_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.draft_entry(c)
    query = "SELECT count(*) FROM journal_entries WHERE id = :id"
    return Shot(f"/entries/{entry}", effect=lambda lv, _a: one(lv, query, 0, id=entry))


def post_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.draft_entry(c)

    def effect(lv: Live, answers: list[httpx.Response]) -> None:
        one(lv, "SELECT state FROM journal_entries WHERE id = :id", "posted", id=entry)
        assert len({a.json()["number"] for a in answers if a.is_success}) == 1

    return Shot(f"/entries/{entry}/post", effect=effect)


def reverse_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.posted_entry(c)
    return Shot(
        f"/entries/{entry}/reverse",
        json={"reason": "harness"},
        effect=lambda lv, _a: one(lv, REVERSALS, id=entry),
    )
