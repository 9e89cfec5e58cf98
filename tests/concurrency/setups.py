"""Set-ups of the harness: the documents an operation acts on, made through the API.

Every helper takes the set-up client and the ``Live`` server and returns ids;
each operation gets fresh documents of its own, so operations never share a
target and the order of the table does not matter.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import httpx

from tests.concurrency.conftest import Live

DAY = "2026-03-10"
DATA = Path(__file__).resolve().parents[1] / "data"
_serial = itertools.count(1)


def unique(prefix: str) -> str:
    """A name no other set-up uses (codes, names and references must differ)."""
    return f"{prefix}{next(_serial):04d}"


def ok(response: httpx.Response) -> Any:
    assert response.is_success, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json() if response.content else None


def partner(c: httpx.Client, live: Live, supplier: bool = False) -> int:
    """A customer (or supplier) with its receivable/payable accounts and an email."""
    accounts = live.company.accounts
    body = {
        "name": unique("Partner "),
        "is_customer": not supplier,
        "is_supplier": supplier,
        "email": "billing@partner.test",
        "receivable_account_id": accounts["1100"],
        "payable_account_id": accounts["2000"],
    }
    return int(ok(c.post("/partners", json=body))["id"])


def draft_invoice(
    c: httpx.Client, live: Live, kind: str = "customer_invoice", price: str = "100.00"
) -> int:
    supplier = kind.startswith("vendor_")
    body = {
        "kind": kind,
        "partner": partner(c, live, supplier),
        "invoice_date": DAY,
        "lines": [
            {
                "description": "Service",
                "quantity": "2",
                "price_unit": price,
                "account": "6000" if supplier else "4000",
            }
        ],
    }
    return int(ok(c.post("/invoices", json=body))["id"])


def posted_invoice(c: httpx.Client, live: Live, kind: str = "customer_invoice") -> int:
    invoice = draft_invoice(c, live, kind)
    ok(c.post(f"/invoices/{invoice}/post"))
    return invoice


def invoice_items(c: httpx.Client, invoice: int) -> list[dict[str, Any]]:
    """The open receivable items of a posted invoice's partner."""
    partner_id = ok(c.get(f"/invoices/{invoice}"))["partner_id"]
    return list(ok(c.get(f"/partners/{partner_id}/open-items")))


def draft_payment(
    c: httpx.Client, live: Live, partner_id: int | None = None, amount: str = "200.00"
) -> int:
    body = {
        "payment_type": "inbound",
        "partner_id": partner_id or partner(c, live),
        "amount": amount,
        "date": DAY,
    }
    return int(ok(c.post("/payments", json=body))["id"])


def entry_body(amount: str = "10.00", ref: str = "") -> dict[str, Any]:
    return {
        "journal": "MISC",
        "date": DAY,
        "ref": ref,
        "lines": [
            {"account": "6000", "debit": amount},
            {"account": "1000", "credit": amount},
        ],
    }


def draft_entry(c: httpx.Client) -> int:
    return int(ok(c.post("/entries", json=entry_body()))["id"])


def posted_entry(c: httpx.Client) -> int:
    return int(ok(c.post("/entries?post=true", json=entry_body()))["id"])


def statement(
    c: httpx.Client, amounts: tuple[str, ...] = ("50.00",), **extra: Any
) -> dict[str, Any]:
    """A manual bank statement with one line per amount (opening 0, closing their sum)."""
    lines = [
        {"date": DAY, "amount": a, "communication": unique("Line "), "reference": unique("R")}
        for a in amounts
    ]
    body = {"journal": "BNK1", "date": DAY, "reference": unique("ST"), "lines": lines, **extra}
    return dict(ok(c.post("/statements", json=body)))


def product(c: httpx.Client, live: Live) -> int:
    accounts = live.company.accounts
    body = {
        "code": unique("P"),
        "name": "Widget",
        "sale_price": "10.00",
        "purchase_price": "6.00",
        "income_account_id": accounts["4000"],
        "expense_account_id": accounts["5000"],
    }
    return int(ok(c.post("/products", json=body))["id"])


def order_body(c: httpx.Client, live: Live, supplier: bool) -> dict[str, Any]:
    return {
        "partner_id": partner(c, live, supplier),
        "order_date": DAY,
        "lines": [{"product_id": product(c, live), "quantity": "5", "price_unit": "6.00"}],
    }


def order(c: httpx.Client, live: Live, kind: str, confirmed: bool = False) -> dict[str, Any]:
    """A purchase (``kind="purchase"``) or sales order, confirmed if asked."""
    url = "/purchase-orders" if kind == "purchase" else "/sales-orders"
    created = ok(c.post(url, json=order_body(c, live, kind == "purchase")))
    if confirmed:
        created = ok(c.post(f"{url}/{created['id']}/confirm"))
    return dict(created)
