"""Harness operations of recurring invoices: the run bills each period once, whoever races."""

from __future__ import annotations

from typing import Any

import httpx

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live
from tests.concurrency.shots import Shot, one

URL = "/recurring-invoices"


def template_body(c: httpx.Client, live: Live, name: str, **values: Any) -> dict[str, Any]:
    """A monthly posted template on the 28th from January 2026, for a fresh partner."""
    line = {"description": "Hosting", "price_unit": "100.00",
            "account": live.company.accounts["4000"], "taxes": []}  # fmt: skip
    return {"name": name, "partner": s.partner(c, live), "lines": [line], "day": 28,
            "start_date": "2026-01-01", "post": True} | values  # fmt: skip


def template(c: httpx.Client, live: Live, **values: Any) -> int:
    body = template_body(c, live, s.unique("Plan "), **values)
    return int(s.ok(c.post(URL, json=body))["id"])


def run(c: httpx.Client, live: Live) -> Shot:
    """N runs of one template up to June: every answer 200, six invoices, one per month."""
    target = template(c, live)
    periods = "SELECT count(DISTINCT period) FROM recurring_occurrences WHERE template_id = :t"
    billed = (
        "SELECT count(*) FROM invoices i JOIN recurring_occurrences o ON o.invoice_id = i.id"
        " WHERE o.template_id = :t AND i.state = 'posted'"
    )

    def effect(lv: Live, _answers: list[httpx.Response]) -> None:
        one(lv, periods, 6, t=target)
        one(lv, billed, 6, t=target)

    return Shot(f"{URL}/run", json={"until": "2026-06-30", "template_id": target}, effect=effect)


def create(c: httpx.Client, live: Live) -> Shot:
    """The same name N times: one template, the others 409 (the name is taken)."""
    name = s.unique("Same ")
    query = "SELECT count(*) FROM recurring_invoices WHERE name = :n AND company_id = :c"
    return Shot(URL, json=template_body(c, live, name),
                effect=lambda lv, _a: one(lv, query, n=name, c=lv.company.id))  # fmt: skip


def replace(c: httpx.Client, live: Live) -> Shot:
    """The same PUT N times: every answer 200, the day written once and for all."""
    target = template(c, live)
    body = template_body(c, live, s.unique("Put "), day=15)
    query = "SELECT day FROM recurring_invoices WHERE id = :t"
    return Shot(f"{URL}/{target}", json=body, effect=lambda lv, _a: one(lv, query, 15, t=target))


def archive(c: httpx.Client, live: Live) -> Shot:
    target = template(c, live)
    query = "SELECT count(*) FROM recurring_invoices WHERE id = :t AND state = 'archived'"
    return Shot(f"{URL}/{target}/archive", effect=lambda lv, _a: one(lv, query, t=target))


def delete(c: httpx.Client, live: Live) -> Shot:
    target = template(c, live, start_date="2030-01-01")
    query = "SELECT count(*) FROM recurring_invoices WHERE id = :t"
    return Shot(f"{URL}/{target}", effect=lambda lv, _a: one(lv, query, 0, t=target))
