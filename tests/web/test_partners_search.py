"""Partner pages and search in the browser (HTTP): list, create, archive, page; pickers;
the header's global search; deleting a partner with documents is refused."""

from __future__ import annotations

import pytest

from asiento.domain.errors import StateConflict
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import partner_pages
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.web.conftest import WebClient, post_form


def test_a_partner_is_created_found_archived_and_shows_its_documents(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    clerk = as_user("billing_clerk")
    created = post_form(
        clerk, "/partners/new", {"name": "Nuevo Cliente SL", "is_customer": "1"}, "/partners/new"
    )
    location = created.headers["location"]  # type: ignore[attr-defined]
    partner_id = int(location.rsplit("/", 1)[1])
    assert "Nuevo Cliente SL" in clerk.get("/partners", params={"q": "nuevo"}).text
    invoice = posted(
        uow, company, invoice_input(partner_id, line("50.00", account_id=company.accounts["4000"]))
    )
    page = clerk.get(f"/partners/{partner_id}").text
    assert f'href="/invoices/{invoice.id}">{invoice.number}</a>' in page
    assert 'id="open-balance"' in page and "50.00" in page
    post_form(clerk, f"/partners/{partner_id}/archive", {}, f"/partners/{partner_id}")
    assert "Nuevo Cliente SL" not in clerk.get("/partners", params={"q": "nuevo"}).text
    assert "Nuevo Cliente SL" not in clerk.get("/pick/customer", params={"q": "nuevo"}).text
    with pytest.raises(StateConflict, match="archive it instead"):
        partner_pages.delete_partner(uow, company.id, partner_id)


def test_pickers_answer_html_options_or_json(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company, "Acme SL")
    clerk = as_user("billing_clerk")
    html = clerk.get("/pick/customer", params={"q": "acm", "to": "partner"}).text
    assert f'data-id="{acme}" data-label="Acme SL"' in html
    answer = clerk.get("/pick/partner", params={"q": "acm"}, headers={"accept": "application/json"})
    assert answer.json() == {
        "q": "acm",
        "hits": [{"kind": "partner", "id": acme, "label": "Acme SL", "detail": ""}],
    }
    assert clerk.get("/pick/nonsense", params={"q": "a"}).status_code == 404


def test_the_header_search_finds_an_invoice_by_amount(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company, "Acme SL")
    invoice = posted(
        uow, company, invoice_input(acme, line("432.10", account_id=company.accounts["4000"]))
    )
    clerk = as_user("auditor")
    found = clerk.get("/search", params={"q": "432,10"}, headers={"hx-request": "true"}).text
    assert f'<a href="/invoices/{invoice.id}">{invoice.number}</a>' in found
    assert "<html" not in found


def test_the_invoice_list_searches_by_amount_and_filters_by_a_picked_partner(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company, "Acme SL")
    beta = customer(uow, company, "Beta SA")
    one = posted(
        uow, company, invoice_input(acme, line("10.00", account_id=company.accounts["4000"]))
    )
    two = posted(
        uow, company, invoice_input(beta, line("20.00", account_id=company.accounts["4000"]))
    )
    clerk = as_user("billing_clerk")
    listed = clerk.get("/invoices", params={"q": "20"}).text
    assert f'href="/invoices/{two.id}"' in listed and f'href="/invoices/{one.id}"' not in listed
    by_partner = clerk.get("/invoices", params={"partner": str(acme)}).text
    assert f'href="/invoices/{one.id}"' in by_partner
    assert f'href="/invoices/{two.id}"' not in by_partner
    assert 'id="filter-partner-q" class="picker-q refills" value="Acme SL"' in by_partner
    by_name = clerk.get("/invoices", params={"q": "beta"}).text
    assert f'href="/invoices/{two.id}"' in by_name and f'href="/invoices/{one.id}"' not in by_name
