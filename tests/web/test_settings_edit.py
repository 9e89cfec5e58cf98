"""Journals, taxes and payment terms edited and archived in the browser (both databases):
the API's refusals shown in words with the database unchanged; another company's records
are not reachable."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.reference import payment_terms, reads
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.web.conftest import WebClient, csrf_of

TERM = {"name": "30 days", "lines": [{"kind": "balance", "due": {"days": 30}}]}


def post(client: TestClient, url: str, data: dict[str, str], page: str) -> object:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False)


def test_a_journal_is_renamed_refused_a_bad_currency_archived_and_restored(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    admin = as_user("admin")
    misc = company.journals["MISC"]
    url = f"/settings/journals/{misc}"
    assert f'href="{url}"' in admin.get("/settings/journals").text
    saved = post(admin, url, {"name": "Adjustments", "default_account_id": ""}, url)
    assert saved.status_code == 303  # type: ignore[attr-defined]
    assert reads.get_journal(uow, company.id, misc).name == "Adjustments"
    before = row_counts(uow)
    bad = post(admin, url, {"name": "Adjustments", "currency": "ZZZ"}, url)
    assert bad.status_code == 422  # type: ignore[attr-defined]
    assert "unknown currency &#39;ZZZ&#39;" in bad.text  # type: ignore[attr-defined]
    assert row_counts(uow) == before
    post(admin, f"{url}/archive", {}, url)
    assert reads.get_journal(uow, company.id, misc).active is False
    assert "Restore" in admin.get(url).text
    post(admin, f"{url}/restore", {}, url)
    assert reads.get_journal(uow, company.id, misc).active is True
    assert post(admin, f"{url}/delete", {}, url).status_code == 422  # type: ignore[attr-defined]


def test_a_tax_is_edited_refused_out_of_range_and_archived(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    admin = as_user("admin")
    tax = company.taxes["VAT 10% sale"]
    url = f"/settings/taxes/{tax}"
    assert f'href="{url}"' in admin.get("/settings/taxes").text
    form = {"name": "VAT 10% sale", "amount": "10", "tax_account_id": str(company.accounts["2100"]),
            "tax_group": "VAT"}  # fmt: skip
    assert post(admin, url, form | {"amount": "12"}, url).status_code == 303  # type: ignore[attr-defined]
    assert reads.get_tax(uow, company.id, tax).amount == Decimal("12")
    before = row_counts(uow)
    for amount, words in (("150", "a percent tax cannot exceed 100"), ("x", "is not a number")):
        bad = post(admin, url, form | {"amount": amount}, url)
        assert bad.status_code == 422 and words in bad.text  # type: ignore[attr-defined]
    assert row_counts(uow) == before
    post(admin, f"{url}/archive", {}, url)
    assert reads.get_tax(uow, company.id, tax).active is False
    clerk = as_user("billing_clerk")
    assert post(clerk, f"{url}/restore", {}, "/").status_code == 403  # type: ignore[attr-defined]
    assert reads.get_tax(uow, company.id, tax).active is False


def test_a_payment_term_is_archived_and_restored(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    term = payment_terms.create_term(uow, company.id, TERM)
    admin = as_user("admin")
    url = f"/settings/terms/{term.id}"
    assert 'id="archive-term"' in admin.get(url).text
    post(admin, f"{url}/archive", {}, url)
    assert payment_terms.get_term(uow, company.id, term.id).active is False
    post(admin, f"{url}/restore", {}, url)
    assert payment_terms.get_term(uow, company.id, term.id).active is True


def test_another_companys_journal_tax_and_term_are_not_reachable(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL")
    term = payment_terms.create_term(uow, other.id, TERM)
    admin = as_user("admin")
    before = row_counts(uow)
    for url in (f"/settings/journals/{other.journals['MISC']}",
                f"/settings/taxes/{other.taxes['VAT 10% sale']}",
                f"/settings/terms/{term.id}"):  # fmt: skip
        assert admin.get(url).status_code == 404
        assert post(admin, f"{url}/archive", {}, "/settings").status_code == 404  # type: ignore[attr-defined]
    assert row_counts(uow) == before
