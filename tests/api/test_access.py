"""Authentication and role boundaries through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from asiento.services.access import tokens
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.uow import UnitOfWork
from tests.api.conftest import RoleClient, bearer, entry_body, issue_token
from tests.builders.ledger import post_simple, row_counts

V1 = "/api/v1"


def test_every_api_route_needs_a_token_but_health_and_openapi_do_not(
    client: TestClient, company: SeededCompany
) -> None:
    missing = client.get(f"{V1}/accounts")
    assert (missing.status_code, missing.json()["code"]) == (401, "unauthenticated")
    wrong = client.get(f"{V1}/accounts", headers=bearer("asi_not-a-token"))
    assert (wrong.status_code, wrong.json()["detail"]) == (401, "invalid or revoked API token")
    basic = client.get(f"{V1}/accounts", headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401
    assert client.get("/healthz").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_a_clerk_cannot_post_a_manual_entry_and_nothing_is_written(
    as_role: RoleClient, uow: UnitOfWork
) -> None:
    clerk = as_role("billing_clerk")
    before = row_counts(uow)
    res = clerk.post(f"{V1}/entries?post=true", json=entry_body())
    assert (res.status_code, res.json()["detail"]) == (403, "role billing_clerk may not entry post")
    draft = clerk.post(f"{V1}/entries", json=entry_body())
    assert (draft.status_code, draft.json()["code"]) == (403, "forbidden")
    assert row_counts(uow) == before
    assert clerk.get(f"{V1}/entries").status_code == 200
    partner = clerk.post(f"{V1}/partners", json={"name": "New Customer SL"})
    assert partner.status_code == 201


def test_an_auditor_reads_but_cannot_write(
    as_role: RoleClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    entry = post_simple(uow, company)
    auditor = as_role("auditor")
    assert auditor.get(f"{V1}/entries/{entry.id}").status_code == 200
    before = row_counts(uow)
    for res in (
        auditor.post(f"{V1}/entries/{entry.id}/reverse", json={}),
        auditor.post(f"{V1}/partners", json={"name": "X"}),
        auditor.patch(f"{V1}/companies/{company.id}", json={"lock_date": "2026-01-31"}),
        auditor.post(f"{V1}/currencies", json={"code": "USD"}),
    ):
        assert (res.status_code, res.json()["code"]) == (403, "forbidden")
    assert row_counts(uow) == before


def test_an_accountant_locks_dates_but_cannot_change_settings_or_users(
    as_role: RoleClient, company: SeededCompany
) -> None:
    accountant = as_role("accountant")
    locked = accountant.patch(f"{V1}/companies/{company.id}", json={"lock_date": "2026-01-31"})
    assert (locked.status_code, locked.json()["lock_date"]) == (200, "2026-01-31")
    renamed = accountant.patch(f"{V1}/companies/{company.id}", json={"name": "Renamed"})
    assert renamed.status_code == 403
    user = accountant.post(
        f"{V1}/users", json={"email": "x@y.test", "password": "0123456789", "role": "auditor"}
    )
    assert user.status_code == 403


def test_a_token_of_company_a_never_reads_company_b(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other Co", "EUR")
    theirs = post_simple(uow, other)
    header = {"X-Company-Id": str(other.id)}
    for res in (
        api.get(f"{V1}/entries", headers=header),
        api.get(f"{V1}/companies/{other.id}"),
    ):
        assert (res.status_code, res.json()["code"]) == (403, "forbidden")
    assert api.get(f"{V1}/entries/{theirs.id}").status_code == 404
    assert [c["id"] for c in api.get(f"{V1}/companies").json()["items"]] == [company.id]


def test_tokens_are_shown_once_stored_hashed_narrowed_and_revocable(
    api: TestClient, engine: object, uow: UnitOfWork, company: SeededCompany
) -> None:
    made = api.post(f"{V1}/tokens", json={"role": "auditor", "name": "reporting"})
    assert made.status_code == 201
    secret = made.json()["token"]
    assert secret.startswith("asi_") and made.json()["role"] == "auditor"
    listed = api.get(f"{V1}/tokens").json()["items"]
    assert all("token" not in t for t in listed)
    with uow:
        from sqlalchemy import select

        from asiento.store.tables import ApiToken

        stored = list(uow.session.scalars(select(ApiToken.token_hash)))
    assert tokens.digest(secret) in stored and secret not in stored
    principal = tokens.resolve_token(uow, secret)
    assert principal.role.value == "auditor"
    revoked = api.delete(f"{V1}/tokens/{made.json()['id']}")
    assert revoked.json()["revoked"] is True
    client = api
    again = client.get(f"{V1}/accounts", headers=bearer(secret))
    assert again.status_code == 401


def test_a_clerk_cannot_mint_a_wider_token(as_role: RoleClient, uow: UnitOfWork) -> None:
    clerk = as_role("billing_clerk")
    res = clerk.post(f"{V1}/tokens", json={"role": "admin"})
    assert (res.status_code, res.json()["detail"]) == (
        403,
        "a billing_clerk cannot hold a admin token",
    )


def test_audit_log_records_posting_and_settings_changes_with_the_actor(
    api: TestClient, company: SeededCompany
) -> None:
    posted = api.post(f"{V1}/entries?post=true", json=entry_body())
    assert posted.status_code == 201
    api.patch(f"{V1}/companies/{company.id}", json={"lock_date": "2026-01-31"})
    events = api.get(f"{V1}/audit").json()["items"]
    assert [e["action"] for e in events][:2] == ["company.update", "entry.post"]
    assert events[0]["actor"] == f"admin@c{company.id}.test"
    assert events[0]["after"] == {"lock_date": "2026-01-31"}


def test_an_admin_creates_a_company_and_acts_in_it_with_a_token_for_it(
    api: TestClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    made = api.post(f"{V1}/companies", json={"name": "Nueva SL", "currency": "EUR"})
    assert made.status_code == 201
    new_id, token = made.json()["id"], made.json().pop("token")
    assert api.get(f"{V1}/companies/{new_id}").status_code == 403
    other = api.post(f"{V1}/tokens", json={"company_id": new_id})
    assert (other.status_code, other.json()["code"]) == (403, "forbidden")
    mine = api.get(f"{V1}/companies/{new_id}", headers=bearer(token))
    assert mine.json() == {k: v for k, v in made.json().items() if k != "token"}
    assert tokens.resolve_token(uow, token).role.value == "admin"


def test_issue_token_helper_makes_distinct_users_per_role(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    a = tokens.resolve_token(uow, issue_token(uow, company.id, "auditor"))
    b = tokens.resolve_token(uow, issue_token(uow, company.id, "accountant"))
    assert (a.role.value, b.role.value) == ("auditor", "accountant")
    assert a.user_id != b.user_id


def test_roles_on_invoices_clerk_drafts_accountant_posts_auditor_reads(
    as_role: RoleClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    from tests.api.test_invoices import URL, body
    from tests.builders.invoices import with_catalog

    with_catalog(uow, company)
    clerk, accountant, auditor = (
        as_role("billing_clerk"),
        as_role("accountant"),
        as_role("auditor"),
    )
    draft = clerk.post(URL, json=body())
    assert draft.status_code == 201, draft.text
    invoice_id = draft.json()["id"]
    refused = clerk.post(f"{URL}/{invoice_id}/post")
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "role billing_clerk may not invoice post",
    )
    assert auditor.post(URL, json=body()).status_code == 403
    assert auditor.get(f"{URL}/{invoice_id}").json()["state"] == "draft"
    posted = accountant.post(f"{URL}/{invoice_id}/post")
    assert (posted.status_code, posted.json()["state"]) == (200, "posted")
    batch = clerk.post(f"{URL}/batch/cancel", json={"ids": [invoice_id]})
    assert (batch.status_code, batch.json()["code"]) == (403, "forbidden")
