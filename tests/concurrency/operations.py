"""The harness table: every state-changing API operation, its target and its one effect.

Each ``Op`` names a route exactly as the OpenAPI document spells it, how to
aim at a fresh target (``aim`` returns the ``Shot``: path, body, and the check
of the effect) and what N identical simultaneous requests must answer:

- ``once``: exactly one 2xx, every other answer in ``losers`` (409 with the
  current state, or the documented refusal of a cap: 422, or 404 once deleted);
- ``same``: an idempotent write (PATCH/PUT, validate, automatic passes):
  every answer 2xx, and the effect is there once;
- ``keyed``: a creating operation, every request with the same
  ``Idempotency-Key``: 2xx replays (or 409 while the first is in flight), one
  document;
- ``each``: a creating operation without an Idempotency-Key (reference data,
  orders): each request creates its own record, by design; no 5xx.

A new state-changing route joins the harness by being listed here (or in
``EXCLUDED`` with the reason); ``test_every_state_changing_route_is_listed``
fails otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live

Effect = Callable[[Live, list[httpx.Response]], None]


def nothing(_live: Live, _answers: list[httpx.Response]) -> None:
    """No effect beyond the answers (checked by the expectation and the invariants)."""


@dataclass
class Shot:
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    headers: dict[str, str] | None = None
    files: Any = None
    data: Any = None
    effect: Effect = nothing

    def kwargs(self) -> dict[str, Any]:
        out = {"json": self.json, "params": self.params, "headers": self.headers}
        out |= {"files": self.files, "data": self.data}
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True)
class Op:
    method: str
    route: str
    aim: Callable[[httpx.Client, Live], Shot]
    expect: str = "once"
    losers: frozenset[int] = field(default_factory=lambda: frozenset({409}))

    @property
    def id(self) -> str:
        return f"{self.method} {self.route}"


def one(live: Live, query: str, expected: Any = 1, **params: Any) -> None:
    """Assert that ``query`` (one value) gives ``expected``."""
    got = live.sql(query, **params)[0][0]
    assert got == expected, f"{query} {params}: {got!r} != {expected!r}"


def key(name: str) -> dict[str, str]:
    return {"Idempotency-Key": s.unique(f"{name}-")}


POSTED_ENTRIES = (
    "SELECT count(*) FROM journal_entries WHERE origin_kind = :kind AND origin_id = :id"
    " AND state = 'posted' AND reversal_of_id IS NULL"
)
REVERSALS = "SELECT count(*) FROM journal_entries WHERE reversal_of_id = :id"


# ---- invoices, bills, credit notes ------------------------------------------


def _post_invoice(c: httpx.Client, live: Live) -> Shot:
    invoice = s.draft_invoice(c, live)
    return Shot(
        f"/invoices/{invoice}/post",
        effect=lambda lv, _a: one(lv, POSTED_ENTRIES, kind="invoice", id=invoice),
    )


def _batch_post(c: httpx.Client, live: Live) -> Shot:
    invoice = s.draft_invoice(c, live)

    def effect(lv: Live, answers: list[httpx.Response]) -> None:
        assert sum(invoice in a.json()["done"] for a in answers) == 1
        one(lv, POSTED_ENTRIES, kind="invoice", id=invoice)

    return Shot("/invoices/batch/post", json={"ids": [invoice]}, effect=effect)


def _create_invoice(c: httpx.Client, live: Live) -> Shot:
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


def _patch_invoice(c: httpx.Client, live: Live) -> Shot:
    invoice = s.draft_invoice(c, live)
    ref = s.unique("PATCHED-")

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT ref FROM invoices WHERE id = :id", ref, id=invoice)
        one(lv, "SELECT count(*) FROM invoice_lines WHERE invoice_id = :id", 1, id=invoice)

    return Shot(f"/invoices/{invoice}", json={"ref": ref}, effect=effect)


def _delete_invoice(c: httpx.Client, live: Live) -> Shot:
    invoice = s.draft_invoice(c, live)
    query = "SELECT count(*) FROM invoices WHERE id = :id"
    return Shot(f"/invoices/{invoice}", effect=lambda lv, _a: one(lv, query, 0, id=invoice))


def _allow_proforma(c: httpx.Client, live: Live) -> None:
    s.ok(c.patch(f"/companies/{live.company.id}", json={"allow_proforma": True}))


def _proforma(c: httpx.Client, live: Live) -> Shot:
    _allow_proforma(c, live)
    invoice = s.draft_invoice(c, live)
    query = "SELECT state FROM invoices WHERE id = :id"
    return Shot(
        f"/invoices/{invoice}/proforma",
        effect=lambda lv, _a: one(lv, query, "proforma", id=invoice),
    )


def _reset_to_draft(c: httpx.Client, live: Live) -> Shot:
    _allow_proforma(c, live)
    invoice = s.draft_invoice(c, live)
    s.ok(c.post(f"/invoices/{invoice}/proforma"))
    query = "SELECT state FROM invoices WHERE id = :id"
    return Shot(
        f"/invoices/{invoice}/reset-to-draft",
        effect=lambda lv, _a: one(lv, query, "draft", id=invoice),
    )


def _credit_note(c: httpx.Client, live: Live) -> Shot:
    invoice = s.posted_invoice(c, live)
    query = "SELECT count(*) FROM invoices WHERE origin_invoice_id = :id"
    return Shot(
        f"/invoices/{invoice}/credit-note",
        json={"reason": "harness"},
        effect=lambda lv, _a: one(lv, query, id=invoice),
    )


def _cancel_invoice(c: httpx.Client, live: Live) -> Shot:
    invoice = s.posted_invoice(c, live)
    entry = s.ok(c.get(f"/invoices/{invoice}"))["entry_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT state FROM invoices WHERE id = :id", "cancelled", id=invoice)
        one(lv, REVERSALS, id=entry)

    return Shot(f"/invoices/{invoice}/cancel", json={"reason": "harness"}, effect=effect)


def _should_be_paid(c: httpx.Client, live: Live) -> Shot:
    bill = s.posted_invoice(c, live, "in_invoice")
    query = "SELECT should_be_paid FROM invoices WHERE id = :id"
    return Shot(
        f"/bills/{bill}/should-be-paid",
        json={"should_be_paid": "no", "reason": "harness"},
        effect=lambda lv, _a: one(lv, query, "no", id=bill),
    )


# ---- payments and reconciliation --------------------------------------------

PAYMENTS_OF = "SELECT count(*) FROM payments WHERE partner_id = :partner AND state = 'posted'"


def _register_payment(c: httpx.Client, live: Live) -> Shot:
    invoice = s.posted_invoice(c, live)
    partner = s.ok(c.get(f"/invoices/{invoice}"))["partner_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, PAYMENTS_OF, partner=partner)
        one(lv, "SELECT amount_residual FROM invoices WHERE id = :id", 0, id=invoice)

    return Shot(f"/invoices/{invoice}/register-payment", json={"date": s.DAY}, effect=effect)


def _create_payment(c: httpx.Client, live: Live) -> Shot:
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


def _post_payment(c: httpx.Client, live: Live) -> Shot:
    payment = s.draft_payment(c, live)
    return Shot(
        f"/payments/{payment}/post",
        effect=lambda lv, _a: one(lv, POSTED_ENTRIES, kind="payment", id=payment),
    )


def _cancel_payment(c: httpx.Client, live: Live) -> Shot:
    payment = s.draft_payment(c, live)
    entry = s.ok(c.post(f"/payments/{payment}/post"))["entry_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT state FROM payments WHERE id = :id", "cancelled", id=payment)
        one(lv, REVERSALS, id=entry)

    return Shot(f"/payments/{payment}/cancel", effect=effect)


def _open_pair(c: httpx.Client, live: Live) -> tuple[int, list[int]]:
    """A posted invoice and a posted payment of 200.00 of one partner: the partner, its items."""
    invoice = s.posted_invoice(c, live)
    partner = int(s.ok(c.get(f"/invoices/{invoice}"))["partner_id"])
    payment = s.draft_payment(c, live, partner)
    s.ok(c.post(f"/payments/{payment}/post"))
    items = s.ok(c.get(f"/partners/{partner}/open-items"))
    return partner, [int(i["id"]) for i in items]


PARTIALS_ON = (
    "SELECT count(*) FROM partial_reconciles WHERE debit_item_id IN :ids OR credit_item_id IN :ids"
)


def _partials(live: Live, items: list[int], expected: int) -> None:
    placeholders = ", ".join(str(int(i)) for i in items)
    query = PARTIALS_ON.replace(":ids", f"({placeholders})")
    one(live, query, expected)


def _reconcile(c: httpx.Client, live: Live) -> Shot:
    _partner, items = _open_pair(c, live)
    return Shot(
        "/reconciliations", json={"item_ids": items}, effect=lambda lv, _a: _partials(lv, items, 1)
    )


def _reconciled_pair(c: httpx.Client, live: Live) -> tuple[list[int], dict[str, Any]]:
    _partner, items = _open_pair(c, live)
    return items, s.ok(c.post("/reconciliations", json={"item_ids": items}))


def _unreconcile_partials(c: httpx.Client, live: Live) -> Shot:
    items, result = _reconciled_pair(c, live)
    return Shot(
        "/reconciliations",
        params={"partial_id": result["partial_ids"]},
        effect=lambda lv, _a: _partials(lv, items, 0),
    )


def _unreconcile_full(c: httpx.Client, live: Live) -> Shot:
    items, result = _reconciled_pair(c, live)
    assert result["full_reconcile_id"] is not None
    return Shot(
        f"/reconciliations/{result['full_reconcile_id']}",
        effect=lambda lv, _a: _partials(lv, items, 0),
    )


def _auto_reconcile(c: httpx.Client, live: Live) -> Shot:
    partner, items = _open_pair(c, live)
    return Shot(
        "/reconcile/auto",
        json={"partner_id": partner},
        effect=lambda lv, _a: _partials(lv, items, 1),
    )


# ---- journal entries ----------------------------------------------------------


def _create_entry(c: httpx.Client, live: Live) -> Shot:
    ref = s.unique("ENTRY-")
    query = "SELECT count(*) FROM journal_entries WHERE ref = :ref"
    return Shot(
        "/entries",
        json=s.entry_body(ref=ref),
        params={"post": "true"},
        headers=key("entry"),
        effect=lambda lv, _a: one(lv, query, ref=ref),
    )


def _items_of(entry: int, count: int) -> Effect:
    query = "SELECT count(*) FROM journal_items WHERE entry_id = :id"
    return lambda lv, _a: one(lv, query, count, id=entry)


def _replace_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.draft_entry(c)
    return Shot(f"/entries/{entry}", json=s.entry_body("15.00"), effect=_items_of(entry, 2))


def _patch_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.draft_entry(c)
    body = {"lines": s.entry_body("15.00")["lines"]}
    return Shot(f"/entries/{entry}", json=body, effect=_items_of(entry, 2))


def _delete_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.draft_entry(c)
    query = "SELECT count(*) FROM journal_entries WHERE id = :id"
    return Shot(f"/entries/{entry}", effect=lambda lv, _a: one(lv, query, 0, id=entry))


def _post_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.draft_entry(c)

    def effect(lv: Live, answers: list[httpx.Response]) -> None:
        one(lv, "SELECT state FROM journal_entries WHERE id = :id", "posted", id=entry)
        assert len({a.json()["number"] for a in answers if a.is_success}) == 1

    return Shot(f"/entries/{entry}/post", effect=effect)


def _reverse_entry(c: httpx.Client, live: Live) -> Shot:
    entry = s.posted_entry(c)
    return Shot(
        f"/entries/{entry}/reverse",
        json={"reason": "harness"},
        effect=lambda lv, _a: one(lv, REVERSALS, id=entry),
    )


# ---- bank statements ---------------------------------------------------------

LINE_STATE = "SELECT state FROM statement_lines WHERE id = :id"


def _create_statement(c: httpx.Client, live: Live) -> Shot:
    reference = s.unique("STMT-")
    body = {"journal": "BNK1", "date": s.DAY, "reference": reference, "lines": []}
    query = "SELECT count(*) FROM bank_statements WHERE reference = :ref"
    return Shot(
        "/statements", json=body, effect=lambda lv, a: one(lv, query, len(a), ref=reference)
    )


def _validate_statement(c: httpx.Client, live: Live) -> Shot:
    st = s.statement(c, ("50.00",), opening_balance="0.00", closing_balance="50.00")
    query = "SELECT state FROM bank_statements WHERE id = :id"
    return Shot(
        f"/statements/{st['id']}/validate",
        effect=lambda lv, _a: one(lv, query, "validated", id=st["id"]),
    )


def _fee_line(c: httpx.Client, live: Live) -> tuple[int, int]:
    """An open statement line of -3.00 ("card fee ...") and a rule that books it on 6200."""
    st = s.statement(c, ("-3.00",))
    line = int(st["lines"][0]["id"])
    rule = {
        "name": s.unique("Fees "),
        "label_contains": st["lines"][0]["communication"],
        "account_id": live.company.accounts["6200"],
    }
    return line, int(s.ok(c.post("/reconciliation-rules", json=rule))["id"])


def _reconcile_line(c: httpx.Client, live: Live) -> Shot:
    line, rule = _fee_line(c, live)
    return Shot(
        f"/statement-lines/{line}/reconcile",
        json={"rule_id": rule},
        effect=lambda lv, _a: one(lv, POSTED_ENTRIES, kind="statement_line", id=line),
    )


def _unreconcile_line(c: httpx.Client, live: Live) -> Shot:
    line, rule = _fee_line(c, live)
    entry = s.ok(c.post(f"/statement-lines/{line}/reconcile", json={"rule_id": rule}))["entry_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, LINE_STATE, "open", id=line)
        one(lv, REVERSALS, id=entry)

    return Shot(f"/statement-lines/{line}/unreconcile", effect=effect)


def _statement_auto(c: httpx.Client, live: Live) -> Shot:
    line, _rule = _fee_line(c, live)
    return Shot(
        "/statements/reconcile-auto",
        json={},
        effect=lambda lv, _a: one(lv, POSTED_ENTRIES, kind="statement_line", id=line),
    )


def _import(c: httpx.Client, live: Live) -> Shot:
    iban = "DE89370400440532013000"
    journal = live.company.journals["BNK1"]
    s.ok(c.patch(f"/journals/{journal}", json={"iban": iban}))
    content = (s.DATA / "camt053_v02_batch_reversal.xml").read_bytes()
    query = (
        "SELECT count(*) FROM statement_lines l JOIN bank_statements b ON b.id = l.statement_id"
        " WHERE l.journal_id = :j AND b.file_format IS NOT NULL"
    )

    def effect(lv: Live, answers: list[httpx.Response]) -> None:
        assert sum(a.json()["new"] for a in answers if a.is_success) == 9
        one(lv, query, 9, j=journal)

    return Shot(
        "/statements/import",
        files={"file": ("march.xml", content, "application/xml")},
        data={"journal": "BNK1"},
        effect=effect,
    )


# ---- purchase and sales orders ------------------------------------------------

ORDER_STATE = "SELECT state FROM {table} WHERE id = :id"


def _order_move(kind: str, action: str, target: str, confirmed: bool) -> Callable[..., Shot]:
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


def _create_order(kind: str) -> Callable[..., Shot]:
    url = "/purchase-orders" if kind == "purchase" else "/sales-orders"
    table = "purchase_orders" if kind == "purchase" else "sale_orders"

    def aim(c: httpx.Client, live: Live) -> Shot:
        body = s.order_body(c, live, kind == "purchase")
        query = f"SELECT count(*) FROM {table} WHERE partner_id = :p"
        return Shot(
            url, json=body, effect=lambda lv, a: one(lv, query, len(a), p=body["partner_id"])
        )

    return aim


def _invoice_from_order(kind: str) -> Callable[..., Shot]:
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


def _movement(kind: str) -> Callable[..., Shot]:
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


def _purchase_settings(c: httpx.Client, live: Live) -> Shot:
    query = "SELECT receipt_tolerance_pct FROM purchase_settings WHERE company_id = :c"

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        assert str(lv.sql(query, c=lv.company.id)[0][0]) in ("0", "0.00", "0E-10", "0.0000")

    return Shot("/purchase-settings", json={"receipt_tolerance_pct": "0"}, effect=effect)


# ---- follow-ups ----------------------------------------------------------------


def _run_followups(c: httpx.Client, live: Live) -> Shot:
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


def _create_level(c: httpx.Client, live: Live) -> Shot:
    n = int(s.unique("")) + 100
    body = {"sequence": n, "name": f"Level {n}", "days": n, "manual_call": True}
    query = "SELECT count(*) FROM followup_levels WHERE days = :d"
    return Shot("/followups/levels", json=body, effect=lambda lv, _a: one(lv, query, d=n))


def _seed_levels(c: httpx.Client, live: Live) -> Shot:
    query = "SELECT count(*) - count(DISTINCT days) FROM followup_levels WHERE company_id = :c"
    return Shot(
        "/followups/levels/defaults", effect=lambda lv, _a: one(lv, query, 0, c=lv.company.id)
    )


def _level(c: httpx.Client) -> int:
    n = int(s.unique("")) + 100
    body = {"sequence": n, "name": f"Level {n}", "days": n, "manual_call": True}
    return int(s.ok(c.post("/followups/levels", json=body))["id"])


def _patch_level(c: httpx.Client, live: Live) -> Shot:
    level = _level(c)
    query = "SELECT name FROM followup_levels WHERE id = :id"
    return Shot(
        f"/followups/levels/{level}",
        json={"name": "Renamed"},
        effect=lambda lv, _a: one(lv, query, "Renamed", id=level),
    )


def _delete_level(c: httpx.Client, live: Live) -> Shot:
    level = _level(c)
    query = "SELECT count(*) FROM followup_levels WHERE id = :id"
    return Shot(f"/followups/levels/{level}", effect=lambda lv, _a: one(lv, query, 0, id=level))


def _receivable_item(c: httpx.Client, live: Live) -> int:
    invoice = s.posted_invoice(c, live)
    return int(s.invoice_items(c, invoice)[0]["id"])


DISPUTES = "SELECT count(*) FROM followup_disputes WHERE item_id = :id"
HOLDS = "SELECT count(*) FROM followup_holds WHERE partner_id = :id"


def _dispute(c: httpx.Client, live: Live) -> Shot:
    item = _receivable_item(c, live)
    return Shot(
        "/followups/disputes",
        json={"item_id": item},
        effect=lambda lv, _a: one(lv, DISPUTES, id=item),
    )


def _resolve_dispute(c: httpx.Client, live: Live) -> Shot:
    item = _receivable_item(c, live)
    s.ok(c.post("/followups/disputes", json={"item_id": item}))
    return Shot(f"/followups/disputes/{item}", effect=lambda lv, _a: one(lv, DISPUTES, 0, id=item))


def _hold(c: httpx.Client, live: Live) -> Shot:
    partner = s.partner(c, live)
    return Shot(
        f"/followups/holds/{partner}",
        json={"note": "x"},
        effect=lambda lv, _a: one(lv, HOLDS, id=partner),
    )


def _release(c: httpx.Client, live: Live) -> Shot:
    partner = s.partner(c, live)
    s.ok(c.put(f"/followups/holds/{partner}", json={}))
    return Shot(f"/followups/holds/{partner}", effect=lambda lv, _a: one(lv, HOLDS, 0, id=partner))


# ---- reference data, companies, users and tokens --------------------------------


def _create_unique(
    url: str, table: str, column: str, body: Callable[[str], dict[str, Any]]
) -> Callable[..., Shot]:
    """A create whose natural key is unique: one 201, the others 409."""

    def aim(c: httpx.Client, live: Live) -> Shot:
        value = s.unique("K")
        query = f"SELECT count(*) FROM {table} WHERE {column} = :v AND company_id = :c"
        return Shot(
            url, json=body(value), effect=lambda lv, _a: one(lv, query, v=value, c=lv.company.id)
        )

    return aim


def _create_each(
    url: str, table: str, column: str, body: Callable[[str], dict[str, Any]]
) -> Callable[..., Shot]:
    """A create without a natural key or Idempotency-Key: one record per request."""

    def aim(c: httpx.Client, live: Live) -> Shot:
        value = s.unique("Each ")
        query = f"SELECT count(*) FROM {table} WHERE {column} = :v"
        return Shot(url, json=body(value), effect=lambda lv, a: one(lv, query, len(a), v=value))

    return aim


def _patch(
    url: str, table: str, column: str, make: Callable[[httpx.Client, Live], int]
) -> Callable[..., Shot]:
    """The same PATCH N times: every answer 200, the value written once and for all."""

    def aim(c: httpx.Client, live: Live) -> Shot:
        target = make(c, live)
        value = s.unique("Renamed ")
        query = f"SELECT {column} FROM {table} WHERE id = :id"
        return Shot(
            f"{url}/{target}",
            json={column: value},
            effect=lambda lv, _a: one(lv, query, value, id=target),
        )

    return aim


def _account(value: str) -> dict[str, Any]:
    return {"code": value, "name": "Harness", "kind": "expense"}


def _journal(value: str) -> dict[str, Any]:
    return {"code": value[:16], "name": "Harness", "kind": "general"}


def _tax(value: str) -> dict[str, Any]:
    return {"name": value, "amount": "5", "tax_account_id": 0}


def _term(value: str) -> dict[str, Any]:
    return {"name": value, "lines": [{"kind": "balance", "due": {"days": 30}}]}


def _rule(value: str) -> dict[str, Any]:
    return {"name": value, "label_contains": "nothing-matches-this", "account_id": 0}


def _made(url: str, body: Callable[[str], dict[str, Any]]) -> Callable[[httpx.Client, Live], int]:
    return lambda c, live: int(s.ok(c.post(url, json=_fill(live, body(s.unique("K")))))["id"])


def _fill(live: Live, body: dict[str, Any]) -> dict[str, Any]:
    """Account ids the body builders cannot know (0 stands for a default account)."""
    accounts = live.company.accounts
    if body.get("tax_account_id") == 0:
        body["tax_account_id"] = accounts["2100"]
    if body.get("account_id") == 0:
        body["account_id"] = accounts["6200"]
    return body


def _with_ids(aim: Callable[..., Shot]) -> Callable[..., Shot]:
    def wrapped(c: httpx.Client, live: Live) -> Shot:
        shot = aim(c, live)
        if isinstance(shot.json, dict):
            shot.json = _fill(live, shot.json)
        return shot

    return wrapped


def _enable_currency(c: httpx.Client, live: Live) -> Shot:
    query = "SELECT count(*) FROM currencies WHERE code = 'CHF' AND company_id = :c"
    return Shot(
        "/currencies", json={"code": "CHF"}, effect=lambda lv, _a: one(lv, query, c=lv.company.id)
    )


def _add_rate(c: httpx.Client, live: Live) -> Shot:
    s.ok(c.post("/currencies", json={"code": "USD"})) if not _enabled(c, "USD") else None
    day = f"2025-{(int(s.unique('')) % 12) + 1:02d}-{(int(s.unique('')) % 28) + 1:02d}"
    query = "SELECT count(*) FROM currency_rates WHERE currency = 'USD' AND date = :d"
    return Shot(
        "/currencies/USD/rates",
        json={"date": day, "rate": "1.10"},
        effect=lambda lv, _a: one(lv, query, d=day),
    )


def _enabled(c: httpx.Client, code: str) -> bool:
    return any(x["code"] == code for x in s.ok(c.get("/currencies"))["items"])


def _create_company(c: httpx.Client, live: Live) -> Shot:
    name = s.unique("Company ")
    query = "SELECT count(*) FROM companies WHERE name = :n"
    return Shot(
        "/companies",
        json={"name": name, "currency": "EUR"},
        effect=lambda lv, a: one(lv, query, len(a), n=name),
    )


def _patch_company(c: httpx.Client, live: Live) -> Shot:
    query = "SELECT allow_proforma FROM companies WHERE id = :id"
    return Shot(
        f"/companies/{live.company.id}",
        json={"allow_proforma": True},
        effect=lambda lv, _a: one(lv, query, True, id=lv.company.id),
    )


def _create_user(c: httpx.Client, live: Live) -> Shot:
    email = f"{s.unique('user')}@harness.test"
    body = {"email": email, "password": "correct horse battery", "role": "accountant"}

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT count(*) FROM users WHERE email = :e", e=email)
        members = (
            "SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = :e"
        )
        one(lv, members, e=email)

    return Shot("/users", json=body, effect=effect)


def _create_token(c: httpx.Client, live: Live) -> Shot:
    name = s.unique("token ")
    query = "SELECT count(*) FROM api_tokens WHERE name = :n"
    return Shot("/tokens", json={"name": name}, effect=lambda lv, a: one(lv, query, len(a), n=name))


def _revoke_token(c: httpx.Client, live: Live) -> Shot:
    token = s.ok(c.post("/tokens", json={"name": s.unique("revoked ")}))["id"]
    query = "SELECT count(*) FROM api_tokens WHERE id = :id AND revoked_at IS NOT NULL"
    return Shot(f"/tokens/{token}", effect=lambda lv, _a: one(lv, query, id=token))


# ---- the table ---------------------------------------------------------------------

GONE = frozenset({404})
CAPPED = frozenset({409, 422})  # 409 state, 422 a cap (nothing left to credit, receive, bill)
RECONCILED = frozenset({409, 404, 422})

OPS: tuple[Op, ...] = (
    # invoices, bills, credit notes
    Op("POST", "/api/v1/invoices", _create_invoice, "keyed"),
    Op("PATCH", "/api/v1/invoices/{invoice_id}", _patch_invoice, "same"),
    Op("DELETE", "/api/v1/invoices/{invoice_id}", _delete_invoice, losers=GONE),
    Op("POST", "/api/v1/invoices/{invoice_id}/proforma", _proforma),
    Op("POST", "/api/v1/invoices/{invoice_id}/reset-to-draft", _reset_to_draft),
    Op("POST", "/api/v1/invoices/{invoice_id}/post", _post_invoice),
    Op("POST", "/api/v1/invoices/batch/{action}", _batch_post, "same"),
    Op("POST", "/api/v1/invoices/{invoice_id}/credit-note", _credit_note, losers=CAPPED),
    Op("POST", "/api/v1/invoices/{invoice_id}/cancel", _cancel_invoice),
    Op("PUT", "/api/v1/bills/{bill_id}/should-be-paid", _should_be_paid, "same"),
    # payments and reconciliation
    Op("POST", "/api/v1/invoices/{invoice_id}/register-payment", _register_payment),
    Op("POST", "/api/v1/payments", _create_payment, "keyed"),
    Op("POST", "/api/v1/payments/{payment_id}/post", _post_payment),
    Op("POST", "/api/v1/payments/{payment_id}/cancel", _cancel_payment),
    Op("POST", "/api/v1/reconciliations", _reconcile),
    Op("DELETE", "/api/v1/reconciliations", _unreconcile_partials, losers=RECONCILED),
    Op(
        "DELETE",
        "/api/v1/reconciliations/{full_reconcile_id}",
        _unreconcile_full,
        losers=RECONCILED,
    ),
    Op("POST", "/api/v1/reconcile/auto", _auto_reconcile, "same"),
    # journal entries
    Op("POST", "/api/v1/entries", _create_entry, "keyed"),
    Op("PUT", "/api/v1/entries/{entry_id}", _replace_entry, "same"),
    Op("PATCH", "/api/v1/entries/{entry_id}", _patch_entry, "same"),
    Op("DELETE", "/api/v1/entries/{entry_id}", _delete_entry, losers=GONE),
    Op("POST", "/api/v1/entries/{entry_id}/post", _post_entry),
    Op("POST", "/api/v1/entries/{entry_id}/reverse", _reverse_entry),
    # bank statements
    Op("POST", "/api/v1/statements", _create_statement, "each"),
    Op("POST", "/api/v1/statements/import", _import, "settle"),
    Op("POST", "/api/v1/statements/{statement_id}/validate", _validate_statement, "same"),
    Op("POST", "/api/v1/statements/reconcile-auto", _statement_auto, "same"),
    Op("POST", "/api/v1/statement-lines/{line_id}/reconcile", _reconcile_line),
    Op("POST", "/api/v1/statement-lines/{line_id}/unreconcile", _unreconcile_line),
    # purchase and sales orders
    Op("POST", "/api/v1/purchase-orders", _create_order("purchase"), "each"),
    Op(
        "POST",
        "/api/v1/purchase-orders/{order_id}/confirm",
        _order_move("purchase", "confirm", "confirmed", False),
    ),
    Op(
        "POST",
        "/api/v1/purchase-orders/{order_id}/cancel",
        _order_move("purchase", "cancel", "cancelled", False),
    ),
    Op(
        "POST",
        "/api/v1/purchase-orders/{order_id}/done",
        _order_move("purchase", "done", "done", True),
    ),
    Op(
        "POST",
        "/api/v1/purchase-orders/{order_id}/create-bill",
        _invoice_from_order("purchase"),
        losers=CAPPED,
    ),
    Op("POST", "/api/v1/receipts", _movement("purchase"), losers=CAPPED),
    Op("PATCH", "/api/v1/purchase-settings", _purchase_settings, "same"),
    Op("POST", "/api/v1/sales-orders", _create_order("sales"), "each"),
    Op(
        "POST",
        "/api/v1/sales-orders/{order_id}/confirm",
        _order_move("sales", "confirm", "confirmed", False),
    ),
    Op(
        "POST",
        "/api/v1/sales-orders/{order_id}/cancel",
        _order_move("sales", "cancel", "cancelled", False),
    ),
    Op(
        "POST",
        "/api/v1/sales-orders/{order_id}/create-invoice",
        _invoice_from_order("sales"),
        losers=CAPPED,
    ),
    Op("POST", "/api/v1/deliveries", _movement("sales"), losers=CAPPED),
    # follow-ups
    Op("POST", "/api/v1/followups/run", _run_followups, "same"),
    Op("POST", "/api/v1/followups/levels", _create_level, losers=CAPPED),
    Op("POST", "/api/v1/followups/levels/defaults", _seed_levels, "settle"),
    Op("PATCH", "/api/v1/followups/levels/{level_id}", _patch_level, "same"),
    Op("DELETE", "/api/v1/followups/levels/{level_id}", _delete_level, losers=GONE),
    Op("POST", "/api/v1/followups/disputes", _dispute, "same"),
    Op("DELETE", "/api/v1/followups/disputes/{item_id}", _resolve_dispute, losers=GONE),
    Op("PUT", "/api/v1/followups/holds/{partner_id}", _hold, "same"),
    Op("DELETE", "/api/v1/followups/holds/{partner_id}", _release, losers=GONE),
    # reference data
    Op("POST", "/api/v1/accounts", _create_unique("/accounts", "accounts", "code", _account)),
    Op(
        "PATCH",
        "/api/v1/accounts/{account_id}",
        _patch("/accounts", "accounts", "name", _made("/accounts", _account)),
        "same",
    ),
    Op("POST", "/api/v1/journals", _create_unique("/journals", "journals", "code", _journal)),
    Op(
        "PATCH",
        "/api/v1/journals/{journal_id}",
        _patch("/journals", "journals", "name", _made("/journals", _journal)),
        "same",
    ),
    Op("POST", "/api/v1/taxes", _with_ids(_create_unique("/taxes", "taxes", "name", _tax))),
    Op(
        "PATCH",
        "/api/v1/taxes/{tax_id}",
        _patch("/taxes", "taxes", "name", _made("/taxes", _tax)),
        "same",
    ),
    Op(
        "POST",
        "/api/v1/products",
        _create_unique("/products", "products", "code", lambda v: {"code": v, "name": "Widget"}),
    ),
    Op(
        "PATCH",
        "/api/v1/products/{product_id}",
        _patch("/products", "products", "name", s.product),
        "same",
    ),
    Op(
        "POST",
        "/api/v1/partners",
        _create_each("/partners", "partners", "name", lambda v: {"name": v}),
        "each",
    ),
    Op(
        "PATCH",
        "/api/v1/partners/{partner_id}",
        _patch("/partners", "partners", "name", s.partner),
        "same",
    ),
    Op(
        "POST",
        "/api/v1/payment-terms",
        _create_unique("/payment-terms", "payment_terms", "name", _term),
    ),
    Op(
        "PATCH",
        "/api/v1/payment-terms/{term_id}",
        _patch("/payment-terms", "payment_terms", "note", _made("/payment-terms", _term)),
        "same",
    ),
    Op(
        "DELETE",
        "/api/v1/payment-terms/{term_id}",
        lambda c, lv: _deleted(c, lv, "/payment-terms", "payment_terms", _term),
        losers=GONE,
    ),
    Op("POST", "/api/v1/currencies", _enable_currency, "settle"),
    Op("POST", "/api/v1/currencies/{code}/rates", _add_rate),
    Op(
        "POST",
        "/api/v1/reconciliation-rules",
        _with_ids(_create_unique("/reconciliation-rules", "reconciliation_rules", "name", _rule)),
    ),
    Op(
        "PATCH",
        "/api/v1/reconciliation-rules/{rule_id}",
        _patch(
            "/reconciliation-rules",
            "reconciliation_rules",
            "name",
            _made("/reconciliation-rules", _rule),
        ),
        "same",
    ),
    Op(
        "DELETE",
        "/api/v1/reconciliation-rules/{rule_id}",
        lambda c, lv: _deleted(c, lv, "/reconciliation-rules", "reconciliation_rules", _rule),
        losers=GONE,
    ),
    # companies, users, tokens
    Op("POST", "/api/v1/companies", _create_company, "each"),
    Op("PATCH", "/api/v1/companies/{company_id}", _patch_company, "same"),
    Op("POST", "/api/v1/users", _create_user, "settle"),
    Op("POST", "/api/v1/tokens", _create_token, "each"),
    Op("DELETE", "/api/v1/tokens/{token_id}", _revoke_token, "same"),
)


def _deleted(
    c: httpx.Client, live: Live, url: str, table: str, body: Callable[[str], dict[str, Any]]
) -> Shot:
    target = _made(url, body)(c, live)
    query = f"SELECT count(*) FROM {table} WHERE id = :id"
    return Shot(f"{url}/{target}", effect=lambda lv, _a: one(lv, query, 0, id=target))


EXCLUDED: dict[str, str] = {
    "POST /api/v1/invoices/{invoice_id}/send": (
        "sending again is allowed by design (each request is one email to the customer) and "
        "needs an SMTP server; the invoice row only records the last sent_at"
    ),
    "POST /api/v1/payment-terms/{term_id}/preview": "computes a schedule, writes nothing",
}
