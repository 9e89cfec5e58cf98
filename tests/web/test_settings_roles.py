"""The issue's role boundaries seen from the browser, on the order and settings pages.

Every refused POST carries a valid CSRF token, and the assertions read the
role message, so a 403 here is the role check and never the CSRF check.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from asiento.services.access import tokens, users
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.orders import purchasing
from asiento.services.orders.purchase_bills import create_bill
from asiento.services.reference import companies, payment_terms
from asiento.store.uow import UnitOfWork
from tests.api.conftest import entry_body
from tests.builders.ledger import row_counts
from tests.builders.purchases import po, stock
from tests.web.conftest import WebClient, csrf_of

SECRET = re.compile(r'<code class="secret">([^<]+)</code>')


def post(client: TestClient, url: str, data: dict[str, Any], page: str = "/settings") -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


def test_only_an_admin_opens_or_posts_to_the_users_page(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    for role in ("accountant", "billing_clerk", "auditor"):
        client = as_user(role)
        page = client.get("/settings/users")
        assert page.status_code == 403
        assert f"role {role} may not users" in page.text
        assert "<!doctype html>" in page.text
        assert 'href="/settings/users"' not in client.get("/settings").text
        forced = post(
            client,
            "/settings/users",
            {"email": f"sneaky-{role}@x.test", "password": "long enough pw", "role": "admin"},
        )
        assert forced.status_code == 403
        assert f"role {role} may not users" in forced.text
    emails = {u.email for u in users.list_users(uow, company.id)}
    assert not any(e.startswith("sneaky") for e in emails)
    assert as_user("admin").get("/settings/users").status_code == 200


def test_a_clerk_cannot_post_a_manual_entry_nor_change_settings(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    clerk = as_user("billing_clerk")
    page = clerk.get("/settings").text
    assert "<fieldset disabled>" in page
    assert 'action="/settings/lock-date"' not in page
    issued = post(clerk, "/settings/tokens", {"name": "mine"}, "/settings/tokens")
    secret = SECRET.search(issued.text)
    assert secret
    before = row_counts(uow)
    entry = clerk.post(
        "/api/v1/entries?post=true",
        json=entry_body(),
        headers={"Authorization": f"Bearer {secret.group(1)}"},
    )
    assert (entry.status_code, entry.json()["detail"]) == (
        403,
        "role billing_clerk may not entry post",
    )
    for url, data in (
        ("/settings/company", {"name": "Clerk Co"}),
        ("/settings/lock-date", {"lock_date": "2026-01-31"}),
        ("/settings/journals", {"code": "X", "name": "X", "kind": "general"}),
    ):
        refused = post(clerk, url, data)
        assert refused.status_code == 403, url
        assert "role billing_clerk may not" in refused.text
    assert row_counts(uow) == before
    row = companies.get_company(uow, company.id)
    assert (row.name, row.lock_date) == ("Test Company SL", None)


def test_an_accountant_locks_dates_but_cannot_change_company_settings(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    accountant = as_user("accountant")
    assert post(accountant, "/settings/lock-date", {"lock_date": "2026-01-31"}).status_code == 303
    refused = post(accountant, "/settings/company", {"name": "Accountant Co"})
    assert refused.status_code == 403
    assert "role accountant may not settings" in refused.text
    assert companies.get_company(uow, company.id).name == "Test Company SL"


def test_an_auditor_reads_everything_and_writes_nothing(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    stock(uow, company)
    order = po(uow, company, ("CHAIR", "2"))
    draft = po(uow, company, ("DESK", "1"), confirm=False)
    bill = create_bill(uow, company.id, order.id)
    auditor = as_user("auditor")
    for url in ("/orders", f"/orders/purchase/{order.id}", "/settings", "/settings/audit"):
        assert auditor.get(url).status_code == 200, url
    assert auditor.get("/orders/new?kind=purchase").status_code == 403
    detail = auditor.get(f"/orders/purchase/{order.id}").text
    assert f'action="/orders/purchase/{order.id}/' not in detail  # no action button
    before = row_counts(uow)
    attempts: list[tuple[str, dict[str, Any]]] = [
        (f"/orders/purchase/{draft.id}/confirm", {}),
        (f"/orders/purchase/{order.id}/cancel", {}),
        (f"/orders/purchase/{order.id}/move", {"line_id": [order.lines[0].id], "quantity": ["1"]}),
        (f"/orders/purchase/{order.id}/document", {}),
        (
            f"/orders/purchase/{order.id}/should-be-paid",
            {"bill_id": bill.id, "value": "no", "reason": "x"},
        ),
        (
            "/orders/new",
            {
                "kind": "purchase",
                "partner_id": company.partners["Wood Corner"],
                "order_date": "2026-03-02",
                "product_id": [company.products["CHAIR"]],
                "quantity": ["1"],
            },
        ),
        ("/settings/company", {"name": "Audited"}),
        ("/settings/lock-date", {"lock_date": "2026-01-31"}),
        ("/settings/purchasing", {"bill_policy": "received"}),
        ("/settings/taxes", {"name": "T", "amount": "1", "tax_account_id": "1"}),
        ("/settings/terms", {"name": "T", "lines": "balance"}),
    ]
    for url, data in attempts:
        refused = post(auditor, url, data)
        assert refused.status_code == 403, url
        assert "role auditor may not" in refused.text, url
    assert row_counts(uow) == before
    assert purchasing.get_purchase_order(uow, company.id, draft.id).state == "draft"
    assert companies.get_company(uow, company.id).name == "Test Company SL"


def test_company_a_never_sees_company_b(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = stock(uow, seed_company(uow, "Other Company SA", "EUR"))
    order = po(uow, other, ("CHAIR", "3"))
    bill = create_bill(uow, other.id, order.id)
    term = payment_terms.create_term(
        uow, other.id, {"name": "B only", "lines": [{"kind": "balance", "due": {"days": 30}}]}
    )
    b_token = tokens.create_token(
        uow, other.id, users.create_user(uow, other.id, "b@x.test", "long enough pw", "admin").email
    )
    client = as_user("admin")
    for url in (
        f"/orders/purchase/{order.id}",
        f"/settings/terms/{term.id}",
        f"/settings/terms/{term.id}?amount=100",
    ):
        page = client.get(url)
        assert page.status_code == 404, url
        assert "Other Company" not in page.text
        assert order.name not in page.text
    assert order.name not in client.get("/orders?kind=purchase").text
    assert "b@x.test" not in client.get("/settings/users").text
    assert b_token.view.prefix not in client.get("/settings/tokens").text
    revoke = post(client, f"/settings/tokens/{b_token.view.id}/revoke", {})
    assert revoke.status_code == 404
    sbp = post(
        client,
        f"/orders/purchase/{order.id}/should-be-paid",
        {"bill_id": bill.id, "value": "no", "reason": "x"},
    )
    assert sbp.status_code == 404
    confirm = post(client, f"/orders/purchase/{order.id}/done", {})
    assert confirm.status_code == 404
    assert purchasing.get_purchase_order(uow, other.id, order.id).state == "confirmed"
    assert not tokens.list_tokens(uow, other.id)[0].revoked
