"""Targets of the routes added after the harness: users and passwords, statement edits,
CSV profiles, accounting settings, bank accounts, the company logo, mark-sent."""

from __future__ import annotations

import io
from typing import Any

import httpx
from PIL import Image

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live
from tests.concurrency.shots import Shot, one

AUDIT = "SELECT count(*) FROM audit_events WHERE action = :a AND object_id = :id"
PASSWORD = "correct horse battery"

# ---- users and passwords -----------------------------------------------------


def member(c: httpx.Client, role: str = "accountant") -> tuple[int, str]:
    """A new member of the harness company: (user id, email)."""
    email = f"{s.unique('member')}@harness.test"
    body = {"email": email, "password": PASSWORD, "role": role}
    return int(s.ok(c.post("/users", json=body))["id"]), email


def patch_user(c: httpx.Client, live: Live) -> Shot:
    user, _email = member(c)
    query = "SELECT role FROM memberships WHERE user_id = :id AND company_id = :c"
    return Shot(
        f"/users/{user}",
        json={"role": "auditor"},
        effect=lambda lv, _a: one(lv, query, "auditor", id=user, c=lv.company.id),
    )


def reset_password(c: httpx.Client, live: Live) -> Shot:
    """Each reset is one new password, shown once (the last one stays): one audit row each."""
    user, _email = member(c)
    return Shot(
        f"/users/{user}/password-reset",
        effect=lambda lv, a: one(lv, AUDIT, len(a), a="user.password_reset", id=user),
    )


def change_own_password(c: httpx.Client, live: Live) -> Shot:
    """N changes from the same current password: the first wins, the others 403 (wrong)."""
    user, email = member(c)
    token = s.ok(c.post("/tokens", json={"email": email, "name": s.unique("own ")}))["token"]
    body = {"current_password": PASSWORD, "new_password": s.unique("new password ")}
    return Shot(
        "/me/password",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        effect=lambda lv, _a: one(lv, AUDIT, a="user.password_change", id=user),
    )


# ---- statement edits -----------------------------------------------------------

STATEMENT = "SELECT {column} FROM bank_statements WHERE id = :id"


def patch_statement(c: httpx.Client, live: Live) -> Shot:
    st = s.statement(c, ("50.00",))
    query = STATEMENT.format(column="closing_balance")
    return Shot(
        f"/statements/{st['id']}",
        json={"closing_balance": "50.00"},
        effect=lambda lv, _a: one(lv, query, 5000, id=st["id"]),
    )


def delete_statement(c: httpx.Client, live: Live) -> Shot:
    st = s.statement(c, ("50.00", "7.00"))
    query = "SELECT count(*) FROM bank_statements WHERE id = :id"
    lines = "SELECT count(*) FROM statement_lines WHERE statement_id = :id"

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, query, 0, id=st["id"])
        one(lv, lines, 0, id=st["id"])

    return Shot(f"/statements/{st['id']}", effect=effect)


def patch_line(c: httpx.Client, live: Live) -> Shot:
    line = s.statement(c, ("50.00",))["lines"][0]["id"]
    query = "SELECT counterparty_name FROM statement_lines WHERE id = :id"
    name = s.unique("Payer ")
    return Shot(
        f"/statement-lines/{line}",
        json={"counterparty_name": name},
        effect=lambda lv, _a: one(lv, query, name, id=line),
    )


def delete_line(c: httpx.Client, live: Live) -> Shot:
    st = s.statement(c, ("50.00", "7.00"))
    line = st["lines"][0]["id"]
    query = "SELECT count(*) FROM statement_lines WHERE statement_id = :id"
    return Shot(f"/statement-lines/{line}", effect=lambda lv, _a: one(lv, query, 1, id=st["id"]))


# ---- CSV profiles --------------------------------------------------------------

PROFILE: dict[str, Any] = {
    "columns": {"date": ["Date"], "amount": ["Amount"], "communication": ["Text"]},
    "delimiter": ";",
    "date_formats": ["%d.%m.%Y"],
    "decimal_separator": ",",
    "thousands_separator": ".",
}
PROFILES = "SELECT count(*) FROM csv_profiles WHERE journal_id = :j AND name = :n"


def save_profile(c: httpx.Client, live: Live) -> Shot:
    journal, name = live.company.journals["BNK1"], s.unique("profile-")
    return Shot(
        f"/journals/{journal}/csv-profiles/{name}",
        json=PROFILE,
        effect=lambda lv, _a: one(lv, PROFILES, j=journal, n=name),
    )


def delete_profile(c: httpx.Client, live: Live) -> Shot:
    journal, name = live.company.journals["BNK1"], s.unique("profile-")
    s.ok(c.put(f"/journals/{journal}/csv-profiles/{name}", json=PROFILE))
    return Shot(
        f"/journals/{journal}/csv-profiles/{name}",
        effect=lambda lv, _a: one(lv, PROFILES, 0, j=journal, n=name),
    )


# ---- accounting settings -------------------------------------------------------


def patch_settings(c: httpx.Client, live: Live) -> Shot:
    account = live.company.accounts["6200"]
    query = "SELECT writeoff_account_id FROM accounting_settings WHERE company_id = :c"
    return Shot(
        "/accounting-settings",
        json={"writeoff_account_id": account},
        effect=lambda lv, _a: one(lv, query, account, c=lv.company.id),
    )


def patch_term_accounts(c: httpx.Client, live: Live) -> Shot:
    body = {"name": s.unique("Term "), "lines": [{"kind": "balance", "due": {"days": 30}}]}
    term = s.ok(c.post("/payment-terms", json=body))["id"]
    account = live.company.accounts["6200"]
    query = "SELECT discount_granted_account_id FROM payment_terms WHERE id = :id"
    return Shot(
        f"/accounting-settings/payment-terms/{term}",
        json={"discount_granted_account_id": account},
        effect=lambda lv, _a: one(lv, query, account, id=term),
    )


# ---- bank accounts -------------------------------------------------------------

BANK_ACCOUNTS = "SELECT count(*) FROM bank_accounts WHERE holder_name = :h"


def create_bank_account(partner: bool) -> Any:
    """No natural key (a person may list one IBAN twice): one account per request."""

    def aim(c: httpx.Client, live: Live) -> Shot:
        holder = s.unique("Holder ")
        body = {"holder_name": holder, "iban": "DE89370400440532013000", "currency": "EUR"}
        url = f"/partners/{s.partner(c, live)}/bank-accounts" if partner else "/bank-accounts"
        return Shot(url, json=body, effect=lambda lv, a: one(lv, BANK_ACCOUNTS, len(a), h=holder))

    return aim


def bank_account(c: httpx.Client) -> tuple[int, str]:
    holder = s.unique("Holder ")
    body = {"holder_name": holder, "iban": "DE89370400440532013000", "currency": "EUR"}
    return int(s.ok(c.post("/bank-accounts", json=body))["id"]), holder


def patch_bank_account(c: httpx.Client, live: Live) -> Shot:
    account, _holder = bank_account(c)
    name = s.unique("Bank ")
    query = "SELECT bank_name FROM bank_accounts WHERE id = :id"
    return Shot(
        f"/bank-accounts/{account}",
        json={"bank_name": name},
        effect=lambda lv, _a: one(lv, query, name, id=account),
    )


def delete_bank_account(c: httpx.Client, live: Live) -> Shot:
    account, holder = bank_account(c)
    return Shot(
        f"/bank-accounts/{account}", effect=lambda lv, _a: one(lv, BANK_ACCOUNTS, 0, h=holder)
    )


# ---- company logo, invoices marked as sent -------------------------------------


def _png() -> bytes:
    """A 1x1 PNG made with Pillow (the library the service checks logos with)."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


PNG = _png()
LOGO = "SELECT logo_type FROM companies WHERE id = :id"


def put_logo(c: httpx.Client, live: Live) -> Shot:
    return Shot(
        f"/companies/{live.company.id}/logo",
        files={"file": ("logo.png", PNG, "image/png")},
        effect=lambda lv, _a: one(lv, LOGO, "image/png", id=lv.company.id),
    )


def delete_logo(c: httpx.Client, live: Live) -> Shot:
    files = {"file": ("logo.png", PNG, "image/png")}
    s.ok(c.put(f"/companies/{live.company.id}/logo", files=files))
    return Shot(
        f"/companies/{live.company.id}/logo",
        effect=lambda lv, _a: one(lv, LOGO, None, id=lv.company.id),
    )


def mark_sent(c: httpx.Client, live: Live) -> Shot:
    """Marking again records the same fact again: every answer 2xx, the invoice sent."""
    invoice = s.posted_invoice(c, live)
    query = "SELECT is_sent FROM invoices WHERE id = :id"
    return Shot(
        f"/invoices/{invoice}/mark-sent", effect=lambda lv, _a: one(lv, query, True, id=invoice)
    )
