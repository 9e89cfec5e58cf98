"""/settings/year-end: the checklist, closing, re-opening (admin only) in the browser."""

from __future__ import annotations

from datetime import date
from typing import Any

from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger import entries as ledger
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple, simple_entry
from tests.web.conftest import WebClient, post_form

PAGE = "/settings/year-end?year=2026"


def test_the_checklist_lists_a_draft_and_closing_waits_for_it(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company, debit_account="1000", credit_account="4000", amount="120.00")
    draft = ledger.create_entry(uow, company.id, simple_entry(day=date(2026, 4, 4), ref="dep"))
    admin = as_user("admin")
    page = admin.get(PAGE)
    assert page.status_code == 200
    assert f'href="/entries/{draft.id}">draft entry MISC dep</a>' in page.text
    assert "120.00 EUR" in page.text
    refused: Any = post_form(admin, "/settings/year-end/close", {"year": "2026"}, PAGE)
    assert refused.status_code == 409
    assert "fiscal year 2026 cannot be closed: 1 document(s) block it" in refused.text
    ledger.delete_entry(uow, company.id, draft.id)
    done: Any = post_form(admin, "/settings/year-end/close", {"year": "2026"}, PAGE)
    assert done.status_code == 303
    closed = admin.get(PAGE).text
    assert 'id="year-state">closed<' in closed and "MISC/2026/" in closed


def test_an_accountant_closes_but_cannot_reopen(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company)
    accountant = as_user("accountant")
    done: Any = post_form(accountant, "/settings/year-end/close", {"year": "2026"}, PAGE)
    assert done.status_code == 303
    assert "Re-open the fiscal year" not in accountant.get(PAGE).text
    refused: Any = post_form(accountant, "/settings/year-end/reopen", {"year": "2026"}, PAGE)
    assert refused.status_code == 403


def test_the_page_in_spanish(as_user: WebClient, company: SeededCompany) -> None:
    admin = as_user("admin")
    post_form(admin, "/language", {"lang": "es", "next": PAGE}, PAGE)
    assert "Cierre del ejercicio" in admin.get(PAGE).text
