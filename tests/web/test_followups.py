"""Follow-up pages: preview (a dry run writes nothing), run, history, disputes and holds."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from asiento.services.demo.seed import SeededCompany
from asiento.services.followups.followup_levels import seed_default_levels
from asiento.store.tables import FollowupDispute, FollowupHistory, FollowupHold
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer
from tests.followups.conftest import AS_OF, Smtp, invoice_item, smtp  # noqa: F401
from tests.web.conftest import WebClient, csrf_of
from tests.web.test_bank import assert_form_tokens


@pytest.fixture
def overdue(uow: UnitOfWork, company: SeededCompany) -> dict[str, int]:
    """Default levels; Smith owes 100.00 (20 days overdue) and 50.00 (not yet due)."""
    seed_default_levels(uow, company.id)
    partner = customer(uow, company, "Smith and Offspring")
    first = invoice_item(uow, company, partner, "100.00", 20, ref="INV-A")
    invoice_item(uow, company, partner, "50.00", -5, ref="INV-B")
    return {"partner": partner, "item": first}


def count(uow: UnitOfWork, table: type) -> int:
    with uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)) or 0)


def test_preview_lists_who_gets_what_and_writes_nothing(
    as_user: WebClient, uow: UnitOfWork, overdue: dict[str, int]
) -> None:
    client = as_user("accountant")
    page = client.get("/followups")
    assert "Friendly reminder" in page.text and "Final notice" in page.text
    preview = client.post(
        "/followups/preview", data={"as_of": AS_OF.isoformat(), "csrf_token": csrf_of(page.text)}
    )
    assert preview.status_code == 200
    assert_form_tokens(preview.text)
    assert_form_tokens(page.text)
    card = re.search(r'id="partner-\d+">(.*?)</section>', preview.text, re.S)
    assert card is not None
    assert "Smith and Offspring · Friendly reminder" in card.group(1)
    assert re.findall(r"<small>(INV-[AB])</small>", card.group(1)) == ["INV-A", "INV-B"]
    assert re.search(r'class="num net-total"><span class="num">150.00 <small>EUR', card.group(1))
    assert count(uow, FollowupHistory) == 0


def test_run_records_the_history_per_partner(
    as_user: WebClient,
    uow: UnitOfWork,
    overdue: dict[str, int],
    smtp: Smtp,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASIENTO_SMTP_URL", smtp.url)
    client = as_user("accountant")
    token = csrf_of(client.get("/followups").text)
    done = client.post(
        "/followups/run",
        data={"as_of": AS_OF.isoformat(), "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    history = client.get(done.headers["location"]).text
    assert "1 reminders: 1 sent, 0 not sent, 0 calls to make" in history
    assert len(smtp.inbox.messages) == 1
    mine = client.get(f"/followups/history?partner_id={overdue['partner']}").text
    assert re.search(
        r"Friendly reminder</td>\s*<td>Email</td><td><span class=\"badge\">Sent<", mine
    )
    assert count(uow, FollowupHistory) == 1


def test_disputed_items_and_held_partners_are_left_out(
    as_user: WebClient, uow: UnitOfWork, overdue: dict[str, int]
) -> None:
    client = as_user("billing_clerk")
    token = csrf_of(client.get("/followups").text)
    disputed = client.post(
        "/followups/disputes",
        data={"item_id": str(overdue["item"]), "note": "wrong price", "csrf_token": token},
        follow_redirects=False,
    )
    assert disputed.status_code == 303
    page = client.get("/followups").text
    assert "Item marked disputed" in page
    disputes = page.split('id="disputes"', 1)[1]
    assert f"#{overdue['item']}<" not in disputes
    assert '<td><a href="/entries/' in disputes or '<td><a href="/invoices/' in disputes
    assert count(uow, FollowupDispute) == 1
    held = client.post(
        "/followups/holds",
        data={"partner_id": str(overdue["partner"]), "csrf_token": token},
        follow_redirects=False,
    )
    assert held.status_code == 303
    assert count(uow, FollowupHold) == 1
    released = client.post(
        f"/followups/holds/{overdue['partner']}/release",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert released.status_code == 303
    assert count(uow, FollowupHold) == 0
    accountant = as_user("accountant")
    preview = accountant.post(
        "/followups/preview",
        data={"as_of": AS_OF.isoformat(), "csrf_token": csrf_of(accountant.get("/followups").text)},
    )
    assert "No customer has reached a follow-up level on this date." in preview.text
    assert "Disputed items 1" in preview.text


def test_roles_auditor_reads_clerk_cannot_run(
    as_user: WebClient, uow: UnitOfWork, overdue: dict[str, int]
) -> None:
    auditor = as_user("auditor")
    page = auditor.get("/followups")
    assert page.status_code == 200
    assert 'action="/followups/holds"' not in page.text
    token = csrf_of(page.text)
    hold = auditor.post("/followups/holds", data={"partner_id": "1", "csrf_token": token})
    assert hold.status_code == 200  # refused: back to the page with the reason
    assert "role auditor may not invoice write" in hold.text
    assert count(uow, FollowupHold) == 0
    clerk = as_user("billing_clerk")
    refused = clerk.post(
        "/followups/preview",
        data={"as_of": AS_OF.isoformat(), "csrf_token": csrf_of(clerk.get("/followups").text)},
    )
    assert refused.status_code == 403
    assert "role billing_clerk may not invoice post" in refused.text


def test_no_levels_is_said_on_the_page(as_user: WebClient, company: SeededCompany) -> None:
    client = as_user("accountant")
    page = client.get("/followups")
    assert "No follow-up levels yet" in page.text
    refused = client.post(
        "/followups/preview", data={"as_of": "2026-06-30", "csrf_token": csrf_of(page.text)}
    )
    assert refused.status_code == 422
    assert "no follow-up levels: create some" in refused.text
