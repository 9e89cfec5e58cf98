"""Harness operations of bills imported from e-invoices: one document, one bill."""

from __future__ import annotations

import httpx

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live
from tests.concurrency.shots import Shot, one

FIXTURE = s.DATA / "einvoice" / "ubl_invoice_two_rates.xml"


def import_bill(c: httpx.Client, live: Live) -> Shot:
    """N simultaneous imports of one supplier's document: one draft bill, the rest duplicates."""
    name = s.unique("Harness Supplier ")
    s.ok(c.post("/partners", json={"name": name, "is_supplier": True, "is_customer": False}))
    number = s.unique("HARNESS-")
    content = (
        FIXTURE.read_bytes()
        .replace(b"Wood Corner GmbH", name.encode())
        .replace(b"DE 136 695 976", b"XX0000")
        .replace(b"WC-2026-0042", number.encode())
    )

    def effect(lv: Live, _answers: list[httpx.Response]) -> None:
        one(lv, "SELECT count(*) FROM bill_imports WHERE document_number = :n", 1, n=number)
        one(lv, "SELECT count(*) FROM invoices WHERE ref = :n", 1, n=number)

    return Shot(
        "/bills/import",
        files={"files": ("bill.xml", content, "application/xml")},
        effect=effect,
    )
