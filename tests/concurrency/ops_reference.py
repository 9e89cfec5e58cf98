"""Targets of reference data, company, user and token operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live
from tests.concurrency.shots import Shot, one

# ---- reference data, companies, users and tokens --------------------------------


def create_unique(
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


def create_each(
    url: str, table: str, column: str, body: Callable[[str], dict[str, Any]]
) -> Callable[..., Shot]:
    """A create without a natural key or Idempotency-Key: one record per request."""

    def aim(c: httpx.Client, live: Live) -> Shot:
        value = s.unique("Each ")
        query = f"SELECT count(*) FROM {table} WHERE {column} = :v"
        return Shot(url, json=body(value), effect=lambda lv, a: one(lv, query, len(a), v=value))

    return aim


def patch(
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


def account(value: str) -> dict[str, Any]:
    return {"code": value, "name": "Harness", "kind": "expense"}


def journal(value: str) -> dict[str, Any]:
    return {"code": value[:16], "name": "Harness", "kind": "general"}


def tax(value: str) -> dict[str, Any]:
    return {"name": value, "amount": "5", "tax_account_id": 0}


def term(value: str) -> dict[str, Any]:
    return {"name": value, "lines": [{"kind": "balance", "due": {"days": 30}}]}


def rule(value: str) -> dict[str, Any]:
    return {"name": value, "label_contains": "nothing-matches-this", "account_id": 0}


def made(url: str, body: Callable[[str], dict[str, Any]]) -> Callable[[httpx.Client, Live], int]:
    return lambda c, live: int(s.ok(c.post(url, json=fill(live, body(s.unique("K")))))["id"])


def fill(live: Live, body: dict[str, Any]) -> dict[str, Any]:
    """Account ids the body builders cannot know (0 stands for a default account)."""
    accounts = live.company.accounts
    if body.get("tax_account_id") == 0:
        body["tax_account_id"] = accounts["2100"]
    if body.get("account_id") == 0:
        body["account_id"] = accounts["6200"]
    return body


def with_ids(aim: Callable[..., Shot]) -> Callable[..., Shot]:
    def wrapped(c: httpx.Client, live: Live) -> Shot:
        shot = aim(c, live)
        if isinstance(shot.json, dict):
            shot.json = fill(live, shot.json)
        return shot

    return wrapped


def enable_currency(c: httpx.Client, live: Live) -> Shot:
    query = "SELECT count(*) FROM currencies WHERE code = 'CHF' AND company_id = :c"
    return Shot(
        "/currencies", json={"code": "CHF"}, effect=lambda lv, _a: one(lv, query, c=lv.company.id)
    )


def add_rate(c: httpx.Client, live: Live) -> Shot:
    s.ok(c.post("/currencies", json={"code": "USD"})) if not enabled(c, "USD") else None
    day = f"2025-{(int(s.unique('')) % 12) + 1:02d}-{(int(s.unique('')) % 28) + 1:02d}"
    query = "SELECT count(*) FROM currency_rates WHERE currency = 'USD' AND date = :d"
    return Shot(
        "/currencies/USD/rates",
        json={"date": day, "rate": "1.10"},
        effect=lambda lv, _a: one(lv, query, d=day),
    )


def import_rates(c: httpx.Client, live: Live) -> Shot:
    """The same file N times at once: one import writes both rates, the others find them
    (422 naming the rows; the enabled currency rows are locked while checking)."""
    s.ok(c.post("/currencies", json={"code": "USD"})) if not enabled(c, "USD") else None
    year = 2000 + int(s.unique("")) % 20
    content = f"date,currency,rate\n{year}-03-01,USD,1.1\n{year}-03-02,USD,1.2\n".encode()
    query = (
        "SELECT count(*) FROM currency_rates WHERE currency = 'USD' AND date >= :d AND date <= :e"
    )
    return Shot(
        "/currencies/rates/import",
        files={"file": ("rates.csv", content, "text/csv")},
        effect=lambda lv, _a: one(lv, query, 2, d=f"{year}-03-01", e=f"{year}-03-02"),
    )


def enabled(c: httpx.Client, code: str) -> bool:
    return any(x["code"] == code for x in s.ok(c.get("/currencies"))["items"])


def create_company(c: httpx.Client, live: Live) -> Shot:
    name = s.unique("Company ")
    query = "SELECT count(*) FROM companies WHERE name = :n"
    return Shot(
        "/companies",
        json={"name": name, "currency": "EUR"},
        effect=lambda lv, a: one(lv, query, len(a), n=name),
    )


def patch_company(c: httpx.Client, live: Live) -> Shot:
    query = "SELECT allow_proforma FROM companies WHERE id = :id"
    return Shot(
        f"/companies/{live.company.id}",
        json={"allow_proforma": True},
        effect=lambda lv, _a: one(lv, query, True, id=lv.company.id),
    )


def create_user(c: httpx.Client, live: Live) -> Shot:
    email = f"{s.unique('user')}@harness.test"
    body = {"email": email, "password": "correct horse battery", "role": "accountant"}

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT count(*) FROM users WHERE email = :e", e=email)
        members = (
            "SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = :e"
        )
        one(lv, members, e=email)

    return Shot("/users", json=body, effect=effect)


def create_token(c: httpx.Client, live: Live) -> Shot:
    name = s.unique("token ")
    query = "SELECT count(*) FROM api_tokens WHERE name = :n"
    return Shot("/tokens", json={"name": name}, effect=lambda lv, a: one(lv, query, len(a), n=name))


def revoke_token(c: httpx.Client, live: Live) -> Shot:
    token = s.ok(c.post("/tokens", json={"name": s.unique("revoked ")}))["id"]
    query = "SELECT count(*) FROM api_tokens WHERE id = :id AND revoked_at IS NOT NULL"
    return Shot(f"/tokens/{token}", effect=lambda lv, _a: one(lv, query, id=token))


def deleted(
    c: httpx.Client, live: Live, url: str, table: str, body: Callable[[str], dict[str, Any]]
) -> Shot:
    target = made(url, body)(c, live)
    query = f"SELECT count(*) FROM {table} WHERE id = :id"
    return Shot(f"{url}/{target}", effect=lambda lv, _a: one(lv, query, 0, id=target))


def import_partners(c: httpx.Client, live: Live) -> Shot:
    """The same new partner imported N times at once: one creates it, the others update it.

    Imports of one company run one after the other (the company row is locked
    before the stored keys are read), so the code names one partner.
    """
    code = s.unique("IMP")
    content = f"code,name,city\n{code},Imported {code},Madrid\n".encode()
    query = "SELECT count(*) FROM partners WHERE ref = :v AND company_id = :c"
    return Shot(
        "/imports/partners",
        files={"file": ("partners.csv", content, "text/csv")},
        effect=lambda lv, _a: one(lv, query, v=code, c=lv.company.id),
    )
