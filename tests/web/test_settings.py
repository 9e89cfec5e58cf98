"""/settings: company, lock date, purchasing, journals, taxes, payment terms, users,
API tokens and the audit log, as an admin (role boundaries in test_settings_roles)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from asiento.services.access import audit, tokens, users
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.orders.purchase_settings import get_settings
from asiento.services.reference import chart, companies, payment_terms
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line
from tests.web.conftest import WebClient, csrf_of

SECRET = re.compile(r'<code class="secret">([^<]+)</code>')


def post(client: TestClient, url: str, data: dict[str, Any], page: str = "/settings") -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


def company_form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "Test Company SL",
        "country": "",
        "tax_id": "",
        "fiscal_year_start_month": "1",
        "fiscal_year_start_day": "1",
        "tax_rounding": "round_per_line",
        "holiday_country": "",
        "holiday_subdivision": "",
        "extra_holidays": "",
        "due_date_roll": "forward",
    }
    return form | changes


def test_admin_changes_company_settings_and_the_audit_log_has_only_the_changes(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    page = client.get("/settings").text
    assert 'value="EUR" readonly' in page
    done = post(
        client,
        "/settings/company",
        company_form(
            name="Renamed SL",
            tax_rounding="round_globally",
            allow_proforma="on",
            weekend_days=["5", "6"],
        ),
    )
    assert done.status_code == 303
    row = companies.get_company(uow, company.id)
    assert (row.name, row.tax_rounding, row.allow_proforma, row.weekend_days) == (
        "Renamed SL",
        "round_globally",
        True,
        "5,6",
    )
    assert row.currency == "EUR"
    event = audit.list_events(uow, company.id, action="company.update")[0]
    assert event.after == {
        "allow_proforma": True,
        "name": "Renamed SL",
        "tax_rounding": "round_globally",
    }
    assert event.actor == "Admin"
    assert "Company settings saved." in client.get("/settings").text


def test_invalid_company_setting_is_shown_with_the_form(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    refused = post(client, "/settings/company", company_form(fiscal_year_start_day="31"))
    assert refused.status_code == 422
    assert "fiscal year start day must be 1..28" in refused.text
    assert companies.get_company(uow, company.id).fiscal_year_start_day == 1


def test_lock_date_and_purchasing_settings(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    assert post(client, "/settings/lock-date", {"lock_date": "2026-01-31"}).status_code == 303
    assert companies.get_company(uow, company.id).lock_date == date(2026, 1, 31)
    saved = post(
        client,
        "/settings/purchasing",
        {"bill_policy": "received", "three_way_matching": "on", "receipt_tolerance_pct": "5"},
    )
    assert saved.status_code == 303
    settings = get_settings(uow, company.id)
    assert (settings.bill_policy, settings.three_way_matching, settings.receipt_tolerance_pct) == (
        "received",
        True,
        5,
    )
    refused = post(
        client, "/settings/purchasing", {"bill_policy": "ordered", "three_way_matching": "on"}
    )
    assert refused.status_code == 422
    assert "so bills must follow received quantities" in refused.text
    assert get_settings(uow, company.id).bill_policy == "received"


def test_three_way_matching_refused_under_ordered_quantities_offers_the_switch(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    asked = {"bill_policy": "ordered", "three_way_matching": "on", "receipt_tolerance_pct": "5"}
    refused = post(client, "/settings/purchasing", asked)
    assert refused.status_code == 422
    assert "bill control is on ordered quantities" in refused.text
    offer = refused.text.split('id="three-way-offer"')[1].split("</form>")[0]
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', offer))
    assert {k: hidden[k] for k in asked} == {**asked, "bill_policy": "received"}
    assert get_settings(uow, company.id).three_way_matching is False
    switched = post(client, "/settings/purchasing", {k: v for k, v in hidden.items()
                                                      if k != "csrf_token"})  # fmt: skip
    assert switched.status_code == 303
    settings = get_settings(uow, company.id)
    assert (settings.bill_policy, settings.three_way_matching) == ("received", True)
    assert settings.receipt_tolerance_pct == 5


def test_journals_list_and_create(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    page = client.get("/settings/journals").text
    assert all(code in page for code in ("INV", "BILL", "BNK1", "CSH", "MISC"))
    created = post(
        client,
        "/settings/journals",
        {
            "code": "BNK2",
            "name": "Second bank",
            "kind": "bank",
            "iban": "DE89 3704 0044 0532 0130 00",
        },
        "/settings/journals",
    )
    assert created.status_code == 303
    journal = {j.code: j for j in chart.list_journals(uow, company.id)}["BNK2"]
    assert (journal.kind, journal.iban) == ("bank", "DE89370400440532013000")
    again = post(
        client,
        "/settings/journals",
        {"code": "BNK2", "name": "Twice", "kind": "bank"},
        "/settings/journals",
    )
    assert again.status_code == 409
    assert "exists already" in again.text
    assert 'value="Twice"' in again.text


def test_taxes_list_and_create(as_user: WebClient, uow: UnitOfWork, company: SeededCompany) -> None:
    client = as_user("admin")
    assert ">VAT 21%</a></td><td>Sale</td>" in client.get("/settings/taxes").text
    created = post(
        client,
        "/settings/taxes",
        {
            "name": "IGIC 7%",
            "usage": "sale",
            "amount_type": "percent",
            "amount": "7",
            "tax_account_id": str(company.accounts["2100"]),
        },
        "/settings/taxes",
    )
    assert created.status_code == 303
    page = client.get("/settings/taxes").text
    assert "Tax IGIC 7% created." in page
    assert "7.00 %" in page
    refused = post(
        client,
        "/settings/taxes",
        {"name": "Too much", "amount": "120", "tax_account_id": str(company.accounts["2100"])},
        "/settings/taxes",
    )
    assert refused.status_code == 422
    assert "a percent tax cannot exceed 100" in refused.text


def test_payment_terms_from_text_lines_and_json_with_preview(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    created = post(
        client,
        "/settings/terms",
        {"name": "30/70 web", "lines": "percent:30\nbalance::days=30", "discount": "2:10"},
        "/settings/terms",
    )
    assert created.status_code == 303, created.text
    url = created.headers["location"]
    preview = client.get(f"{url}?amount=1000&invoice_date=2026-03-01&untaxed=1000")
    assert preview.status_code == 200
    rows = re.findall(
        r"<tr><td>(\d)</td><td>([\d-]+)</td><td class=\"num\">.*?>([\d,.]+)", preview.text
    )
    assert rows == [("1", "2026-03-01", "300.00"), ("2", "2026-03-31", "700.00")]
    from_json = post(
        client,
        "/settings/terms",
        {"definition": '{"name": "Net 45", "lines": [{"kind": "balance", "due": {"days": 45}}]}'},
        "/settings/terms",
    )
    assert from_json.status_code == 303
    names = [v.name for v in payment_terms.list_terms(uow, company.id)[0]]
    assert {"30/70 web", "Net 45"} <= set(names)
    bad = post(
        client,
        "/settings/terms",
        {"name": "Broken", "lines": "percent:120\nbalance"},
        "/settings/terms",
    )
    assert bad.status_code == 422
    assert "line 1" in bad.text
    assert "percent:120" in bad.text  # the typed lines are kept
    assert "Broken" not in [v.name for v in payment_terms.list_terms(uow, company.id)[0]]


def test_users_list_and_add(as_user: WebClient, uow: UnitOfWork, company: SeededCompany) -> None:
    client = as_user("admin")
    assert "admin@c" in client.get("/settings/users").text
    added = post(
        client,
        "/settings/users",
        {
            "email": "new.clerk@x.test",
            "name": "New",
            "password": "long enough pw",
            "role": "billing_clerk",
        },
        "/settings/users",
    )
    assert added.status_code == 303
    found = {u.email: (u.role, u.active) for u in users.list_users(uow, company.id)}
    assert found["new.clerk@x.test"] == ("billing_clerk", True)
    short = post(
        client,
        "/settings/users",
        {"email": "short@x.test", "password": "short", "role": "auditor"},
        "/settings/users",
    )
    assert short.status_code == 422
    assert "at least 10 characters" in short.text


def test_token_is_shown_once_listed_with_last_use_and_revoked(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("accountant")
    issued = post(
        client, "/settings/tokens", {"name": "export", "role": "auditor"}, "/settings/tokens"
    )
    assert issued.status_code == 201
    assert issued.headers["cache-control"] == "no-store"
    secret = SECRET.search(issued.text)
    assert secret and secret.group(1).startswith("asi_")
    assert "shown only once" in issued.text
    page = client.get("/settings/tokens").text
    assert secret.group(1) not in page
    assert secret.group(1)[:12] in page
    assert "never" in page
    api = client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert api.status_code == 200
    (view,) = tokens.list_tokens(uow, company.id)
    assert view.role == "auditor"
    assert view.last_used_at is not None
    assert (
        "never"
        not in client.get("/settings/tokens").text.split('id="tokens"')[1].split("</table>")[0]
    )
    revoked = post(client, f"/settings/tokens/{view.id}/revoke", {}, "/settings/tokens")
    assert revoked.status_code == 303
    assert tokens.list_tokens(uow, company.id)[0].revoked
    again = client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert again.status_code == 401


def test_audit_log_is_filtered_by_object_and_action(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    client = as_user("admin")
    post(client, "/settings/lock-date", {"lock_date": "2026-01-31"})
    post(client, "/settings/tokens", {"name": "t"}, "/settings/tokens")
    everything = client.get("/settings/audit").text
    prefix = tokens.list_tokens(uow, company.id)[0].prefix
    assert '<a href="/settings">changed the lock date</a>' in everything
    assert f'<a href="/settings/tokens">created API token {prefix}…</a>' in everything
    only_company = client.get("/settings/audit?object_kind=company").text
    assert "changed the lock date" in only_company
    assert "created API token" not in only_company
    by_action = client.get("/settings/audit?action=token.").text
    assert "created API token" in by_action
    assert "changed the lock date" not in by_action
    assert 'after: {"lock_date": "2026-01-31"}' in everything
    assert "company.lock" not in everything.split('id="audit"')[1]


def test_audit_log_names_the_document_behind_an_entry_and_links_it(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    tax = company.taxes["VAT 21% sale"]
    data = invoice_input(customer(uow, company), line("100", "1", tax))
    view = invoices.create_invoice(uow, company.id, data)
    number = invoices.post_invoice(uow, company.id, view.id).number
    client = as_user("admin")
    page = client.get("/settings/audit?action=entry.").text
    assert f'<a href="/invoices/{view.id}">posted {number}</a>' in page
    token = csrf_of(page)
    next_page = "/settings/audit?action=entry."
    client.post("/language", data={"lang": "es", "next": next_page, "csrf_token": token})
    spanish = client.get(next_page).text
    assert f'<a href="/invoices/{view.id}">contabilizó {number}</a>' in spanish
