"""/recurring-invoices: list, form, detail with produced invoices, run, archive (both databases)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from asiento.domain.commands.partners import NewPartner
from asiento.domain.commands.products import NewProduct
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import recurring_templates
from asiento.services.invoicing.invoice_inputs import InvoiceLineInput
from asiento.services.reference import partners, products
from asiento.store.uow import UnitOfWork
from tests.builders.recurring import monthly_template, subscriber
from tests.web.conftest import WebClient, csrf_of, post_form

PAGE = "/recurring-invoices"


def form(partner: int, vat: int, **values: str) -> dict[str, str]:
    return {
        "name": "Hosting", "partner": str(partner), "frequency": "monthly", "day": "31",
        "start_date": "2026-01-01", "count": "", "end_date": "", "payment_term": "", "ref": "",
        "post": "1", "lines-0-description": "Hosting", "lines-0-quantity": "1",
        "lines-0-price_unit": "100.00", "lines-0-taxes": str(vat), "lines-0-auto": "1",
        "lines-1-description": "", "lines-1-quantity": "1", "lines-1-price_unit": "",
    } | values  # fmt: skip


def test_create_from_the_form_run_and_see_the_invoices_linked_by_number(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    accountant = as_user("accountant")
    page = accountant.get(PAGE)
    assert page.status_code == 200 and "No recurring invoices." in page.text
    assert 'id="recurring-link"' in accountant.get("/invoices").text
    created: Any = post_form(accountant, PAGE, form(partner, company.taxes["VAT 21% sale"]), PAGE)
    assert created.status_code == 303, created.text
    detail_url = created.headers["location"]
    detail = accountant.get(detail_url).text
    assert 'id="next-date">2026-01-31<' in detail and "VAT 21%" in detail
    ran: Any = post_form(accountant, f"{detail_url}/run", {"until": "2026-02-28"}, detail_url)
    assert ran.status_code == 303, ran.text
    shown = accountant.get(ran.headers["location"]).text
    assert "Invoices created: 2" in shown
    [summary] = recurring_templates.list_templates(uow, company.id)
    view = recurring_templates.get_template(uow, company.id, summary.id)
    links = [f'<a href="/invoices/{p.invoice_id}">{p.number}</a>' for p in view.produced]
    assert [p.number for p in view.produced] == ["INV/2026/00002", "INV/2026/00001"]
    assert all(link in shown for link in links)
    listed = accountant.get(PAGE).text
    assert f'<a href="{detail_url}">Hosting</a>' in listed and "2026-03-31" in listed


def test_a_refused_form_keeps_what_was_typed(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    clerk = as_user("billing_clerk")
    sent = form(partner, company.taxes["VAT 21% sale"], day="40", name="Typed name")
    refused: Any = post_form(clerk, PAGE, sent, PAGE)
    assert refused.status_code == 422
    assert "day: the day of the period is 1 to 31" in refused.text
    assert 'value="Typed name"' in refused.text and 'value="100.00"' in refused.text
    assert recurring_templates.list_templates(uow, company.id) == []


def test_archive_and_delete_from_the_detail(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    unused = monthly_template(uow, company, partner, name="Unused", start=date(2030, 1, 1))
    admin = as_user("admin")
    url = f"{PAGE}/{unused.id}"
    deleted: Any = post_form(admin, f"{url}/delete", {}, url)
    assert deleted.status_code == 303
    assert admin.get(url).status_code == 404
    used = monthly_template(uow, company, partner)
    url = f"{PAGE}/{used.id}"
    post_form(admin, f"{url}/run", {"until": "2026-01-31"}, url)
    assert "/delete" not in admin.get(url).text
    archived: Any = post_form(admin, f"{url}/archive", {}, url)
    assert archived.status_code == 303
    page = admin.get(url).text
    assert "Run now" not in page and "archived" in page


def test_an_auditor_reads_but_cannot_change_and_the_page_in_spanish(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    template = monthly_template(uow, company, subscriber(uow, company))
    auditor = as_user("auditor")
    url = f"{PAGE}/{template.id}"
    page = auditor.get(url).text
    assert "Run now" not in page and "Archive" not in page
    refused: Any = post_form(auditor, f"{url}/run", {"until": "2026-01-31"}, url)
    assert refused.status_code == 403
    token = csrf_of(auditor.get(PAGE).text)
    auditor.post("/language", data={"lang": "es", "next": PAGE, "csrf_token": token})
    assert "Facturas recurrentes" in auditor.get(PAGE).text


def test_another_company_gets_404(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    theirs = monthly_template(uow, other, subscriber(uow, other))
    admin = as_user("admin")
    assert admin.get(f"{PAGE}/{theirs.id}").status_code == 404
    refused: Any = post_form(admin, f"{PAGE}/{theirs.id}/run", {"until": "2026-12-31"}, PAGE)
    assert refused.status_code == 404
    assert "Hosting" not in admin.get(PAGE).text


def test_edit_from_the_detail_keeps_lines_and_changes_the_next_invoices(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    template = monthly_template(uow, company, subscriber(uow, company), day=31)
    admin = as_user("admin")
    url = f"{PAGE}/{template.id}"
    page = admin.get(url).text
    assert 'value="Hosting"' in page and 'value="100.00"' in page
    vat = company.taxes["VAT 21% sale"]
    edited = form(template.partner_id, vat, day="15", **{"lines-0-price_unit": "80.00"})
    saved: Any = post_form(admin, url, edited, url)
    assert saved.status_code == 303, saved.text
    view = recurring_templates.get_template(uow, company.id, template.id)
    assert (view.day, view.next_date, view.lines[0].price_unit) == (
        15,
        date(2026, 1, 15),
        Decimal("80.00"),
    )
    refused: Any = post_form(admin, url, edited | {"start_date": "someday"}, url)
    assert refused.status_code == 422 and 'value="someday"' in refused.text


def test_the_form_picks_partner_and_products_instead_of_listing_them_all(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    """Pickers search as you type: the page carries the chosen partner and products only."""
    chosen = subscriber(uow, company)
    product = products.create_product(
        uow, company.id, NewProduct(code="HOST", name="Hosting plan")
    ).id
    partners.create_partner(
        uow, company.id, NewPartner(name="Unrelated Customer SL", is_customer=True)
    )
    products.create_product(uow, company.id, NewProduct(code="OTHER", name="Unrelated product"))
    line = InvoiceLineInput(product_id=product, quantity=Decimal(1), price_unit=Decimal(9))
    template = monthly_template(uow, company, chosen, lines=(line,))
    admin = as_user("admin")
    blank = admin.get(PAGE).text
    assert "Unrelated" not in blank and f'<option value="{chosen}"' not in blank
    assert 'hx-get="/pick/customer?to=template-partner"' in blank
    detail = admin.get(f"{PAGE}/{template.id}").text
    assert "Unrelated" not in detail
    assert 'id="template-partner-q"' in detail and 'value="Subscriber SL"' in detail
    assert f'name="lines-0-product" id="t0-product" value="{product}"' in detail
    assert 'value="HOST Hosting plan"' in detail
