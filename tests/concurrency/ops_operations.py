"""Targets of the bank statement, order and follow-up operations."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live
from tests.concurrency.shots import POSTED_ENTRIES, REVERSALS, Shot, one

# ---- bank statements ---------------------------------------------------------

LINE_STATE = "SELECT state FROM statement_lines WHERE id = :id"


def create_statement(c: httpx.Client, live: Live) -> Shot:
    reference = s.unique("STMT-")
    body = {"journal": "BNK1", "date": s.DAY, "reference": reference, "lines": []}
    query = "SELECT count(*) FROM bank_statements WHERE reference = :ref"
    return Shot(
        "/statements", json=body, effect=lambda lv, a: one(lv, query, len(a), ref=reference)
    )


def validate_statement(c: httpx.Client, live: Live) -> Shot:
    st = s.statement(c, ("50.00",), opening_balance="0.00", closing_balance="50.00")
    query = "SELECT state FROM bank_statements WHERE id = :id"
    return Shot(
        f"/statements/{st['id']}/validate",
        effect=lambda lv, _a: one(lv, query, "validated", id=st["id"]),
    )


def fee_line(c: httpx.Client, live: Live) -> tuple[int, int]:
    """An open statement line of -3.00 ("card fee ...") and a rule that books it on 6200."""
    st = s.statement(c, ("-3.00",))
    line = int(st["lines"][0]["id"])
    rule = {
        "name": s.unique("Fees "),
        "label_contains": st["lines"][0]["communication"],
        "account_id": live.company.accounts["6200"],
    }
    return line, int(s.ok(c.post("/reconciliation-rules", json=rule))["id"])


def reconcile_line(c: httpx.Client, live: Live) -> Shot:
    line, rule = fee_line(c, live)
    return Shot(
        f"/statement-lines/{line}/reconcile",
        json={"rule_id": rule},
        effect=lambda lv, _a: one(lv, POSTED_ENTRIES, kind="statement_line", id=line),
    )


def unreconcile_line(c: httpx.Client, live: Live) -> Shot:
    line, rule = fee_line(c, live)
    entry = s.ok(c.post(f"/statement-lines/{line}/reconcile", json={"rule_id": rule}))["entry_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, LINE_STATE, "open", id=line)
        one(lv, REVERSALS, id=entry)

    return Shot(f"/statement-lines/{line}/unreconcile", effect=effect)


def statement_auto(c: httpx.Client, live: Live) -> Shot:
    line, _rule = fee_line(c, live)
    return Shot(
        "/statements/reconcile-auto",
        json={},
        effect=lambda lv, _a: one(lv, POSTED_ENTRIES, kind="statement_line", id=line),
    )


def import_file(c: httpx.Client, live: Live) -> Shot:
    iban = "DE89370400440532013000"
    journal = live.company.journals["BNK1"]
    s.ok(c.patch(f"/journals/{journal}", json={"iban": iban}))
    content = (s.DATA / "camt053_v02_batch_reversal.xml").read_bytes()
    query = (
        "SELECT count(*) FROM statement_lines l JOIN bank_statements b ON b.id = l.statement_id"
        " WHERE l.journal_id = :j AND b.file_format IS NOT NULL"
    )

    def effect(lv: Live, answers: list[httpx.Response]) -> None:
        successes = [a for a in answers if a.is_success]
        reporting_new = [a for a in successes if a.json()["new"]]
        # one import wrote the lines; with one key every success is a replay of one answer
        assert len(reporting_new) <= 1 or len({a.text for a in successes}) == 1
        one(lv, query, 9, j=journal)

    return Shot(
        "/statements/import",
        files={"file": ("march.xml", content, "application/xml")},
        data={"journal": "BNK1"},
        effect=effect,
    )


# ---- purchase and sales orders ------------------------------------------------

ORDER_STATE = "SELECT state FROM {table} WHERE id = :id"


def order_move(kind: str, action: str, target: str, confirmed: bool) -> Callable[..., Shot]:
    table = "purchase_orders" if kind == "purchase" else "sale_orders"
    url = "/purchase-orders" if kind == "purchase" else "/sales-orders"

    def aim(c: httpx.Client, live: Live) -> Shot:
        order = s.order(c, live, kind, confirmed)
        query = ORDER_STATE.format(table=table)
        return Shot(
            f"{url}/{order['id']}/{action}",
            effect=lambda lv, _a: one(lv, query, target, id=order["id"]),
        )

    return aim


def create_order(kind: str) -> Callable[..., Shot]:
    url = "/purchase-orders" if kind == "purchase" else "/sales-orders"
    table = "purchase_orders" if kind == "purchase" else "sale_orders"

    def aim(c: httpx.Client, live: Live) -> Shot:
        body = s.order_body(c, live, kind == "purchase")
        query = f"SELECT count(*) FROM {table} WHERE partner_id = :p"
        return Shot(
            url, json=body, effect=lambda lv, a: one(lv, query, len(a), p=body["partner_id"])
        )

    return aim


def invoice_from_order(kind: str) -> Callable[..., Shot]:
    url = "/purchase-orders" if kind == "purchase" else "/sales-orders"
    action = "create-bill" if kind == "purchase" else "create-invoice"

    def aim(c: httpx.Client, live: Live) -> Shot:
        order = s.order(c, live, kind, confirmed=True)
        query = "SELECT count(*) FROM invoices WHERE partner_id = :p"
        return Shot(
            f"{url}/{order['id']}/{action}",
            json={} if kind == "purchase" else None,
            effect=lambda lv, _a: one(lv, query, p=order["partner_id"]),
        )

    return aim


def movement(kind: str) -> Callable[..., Shot]:
    url = "/receipts" if kind == "purchase" else "/deliveries"
    table = "receipt_lines" if kind == "purchase" else "delivery_lines"

    def aim(c: httpx.Client, live: Live) -> Shot:
        order = s.order(c, live, kind, confirmed=True)
        line = order["lines"][0]["id"]
        body = {
            "order_id": order["id"],
            "date": s.DAY,
            "lines": [{"line_id": line, "quantity": "5"}],
        }
        query = f"SELECT count(*) FROM {table} WHERE order_line_id = :line"
        return Shot(url, json=body, effect=lambda lv, _a: one(lv, query, line=line))

    return aim


def purchase_settings(c: httpx.Client, live: Live) -> Shot:
    query = "SELECT receipt_tolerance_pct FROM purchase_settings WHERE company_id = :c"

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        assert str(lv.sql(query, c=lv.company.id)[0][0]) in ("0", "0.00", "0E-10", "0.0000")

    return Shot("/purchase-settings", json={"receipt_tolerance_pct": "0"}, effect=effect)


# ---- follow-ups ----------------------------------------------------------------


def run_followups(c: httpx.Client, live: Live) -> Shot:
    if not s.ok(c.get("/followups/levels")):
        body = {"sequence": 1, "name": "Letter", "days": 1, "send_letter": True}
        s.ok(c.post("/followups/levels", json=body))
    invoice = s.posted_invoice(c, live)
    partner = s.ok(c.get(f"/invoices/{invoice}"))["partner_id"]
    query = "SELECT count(*) FROM followup_history WHERE partner_id = :p"
    return Shot(
        "/followups/run",
        json={"as_of": "2026-06-01"},
        effect=lambda lv, _a: one(lv, query, p=partner),
    )


def create_level(c: httpx.Client, live: Live) -> Shot:
    n = int(s.unique("")) + 100
    body = {"sequence": n, "name": f"Level {n}", "days": n, "manual_call": True}
    query = "SELECT count(*) FROM followup_levels WHERE days = :d"
    return Shot("/followups/levels", json=body, effect=lambda lv, _a: one(lv, query, d=n))


def seed_levels(c: httpx.Client, live: Live) -> Shot:
    query = "SELECT count(*) - count(DISTINCT days) FROM followup_levels WHERE company_id = :c"
    return Shot(
        "/followups/levels/defaults", effect=lambda lv, _a: one(lv, query, 0, c=lv.company.id)
    )


def new_level(c: httpx.Client) -> int:
    n = int(s.unique("")) + 100
    body = {"sequence": n, "name": f"Level {n}", "days": n, "manual_call": True}
    return int(s.ok(c.post("/followups/levels", json=body))["id"])


def patch_level(c: httpx.Client, live: Live) -> Shot:
    level = new_level(c)
    query = "SELECT name FROM followup_levels WHERE id = :id"
    return Shot(
        f"/followups/levels/{level}",
        json={"name": "Renamed"},
        effect=lambda lv, _a: one(lv, query, "Renamed", id=level),
    )


def delete_level(c: httpx.Client, live: Live) -> Shot:
    level = new_level(c)
    query = "SELECT count(*) FROM followup_levels WHERE id = :id"
    return Shot(f"/followups/levels/{level}", effect=lambda lv, _a: one(lv, query, 0, id=level))


def receivable_item(c: httpx.Client, live: Live) -> int:
    invoice = s.posted_invoice(c, live)
    return int(s.invoice_items(c, invoice)[0]["id"])


DISPUTES = "SELECT count(*) FROM followup_disputes WHERE item_id = :id"
HOLDS = "SELECT count(*) FROM followup_holds WHERE partner_id = :id"


def dispute(c: httpx.Client, live: Live) -> Shot:
    item = receivable_item(c, live)
    return Shot(
        "/followups/disputes",
        json={"item_id": item},
        effect=lambda lv, _a: one(lv, DISPUTES, id=item),
    )


def resolve_dispute(c: httpx.Client, live: Live) -> Shot:
    item = receivable_item(c, live)
    s.ok(c.post("/followups/disputes", json={"item_id": item}))
    return Shot(f"/followups/disputes/{item}", effect=lambda lv, _a: one(lv, DISPUTES, 0, id=item))


def hold(c: httpx.Client, live: Live) -> Shot:
    partner = s.partner(c, live)
    return Shot(
        f"/followups/holds/{partner}",
        json={"note": "x"},
        effect=lambda lv, _a: one(lv, HOLDS, id=partner),
    )


def release(c: httpx.Client, live: Live) -> Shot:
    partner = s.partner(c, live)
    s.ok(c.put(f"/followups/holds/{partner}", json={}))
    return Shot(f"/followups/holds/{partner}", effect=lambda lv, _a: one(lv, HOLDS, 0, id=partner))
