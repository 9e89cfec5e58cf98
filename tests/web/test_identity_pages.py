"""The identity sections of /settings and the partner pages."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import bank_accounts, companies, partner_contacts, partners
from asiento.store.uow import UnitOfWork
from tests.web.conftest import WebClient, csrf_of, post_form


def test_admin_saves_identity_logo_and_a_bank_account(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    web = as_user("admin")
    saved = post_form(
        web,
        "/settings/identity",
        {
            "legal_name": "Test Company S.L.",
            "street": "Calle Mayor 1",
            "country": "ES",
            "tax_id": "ESB12345674",
            "language": "es",
            "email": "billing@test.example",
        },
        "/settings",
    )
    assert saved.status_code == 303  # type: ignore[attr-defined]
    got = companies.get_company(uow, company.id)
    assert (got.legal_name, got.tax_id, got.language) == ("Test Company S.L.", "ESB12345674", "es")
    bad = post_form(web, "/settings/identity", {"tax_id": "ESB12345675"}, "/settings")
    assert bad.status_code == 422  # type: ignore[attr-defined]
    assert "ESB12345675" in bad.text  # type: ignore[attr-defined]
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="PNG")
    token = csrf_of(web.get("/settings").text)
    up = web.post(
        "/settings/logo",
        data={"csrf_token": token},
        files={"logo": ("l.png", out.getvalue(), "image/png")},
        follow_redirects=False,
    )
    assert up.status_code == 303
    assert web.get("/settings/logo").content == out.getvalue()
    added = post_form(
        web,
        "/settings/bank-accounts",
        {"iban": "DE89370400440532013000", "currency": "EUR", "is_default": "on"},
        "/settings",
    )
    assert added.status_code == 303  # type: ignore[attr-defined]
    page = web.get("/settings").text
    assert "DE89 3704 0044 0532 0130 00" in page and 'id="logo-preview"' in page
    assert [a.is_default for a in bank_accounts.list_bank_accounts(uow, company.id)] == [True]


def test_an_auditor_sees_the_identity_but_cannot_change_it(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    web = as_user("auditor")
    page = web.get("/settings")
    assert page.status_code == 200 and "Identity on documents" in page.text
    refused = post_form(web, "/settings/identity", {"legal_name": "X"}, "/settings")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    assert companies.get_company(uow, company.id).legal_name is None


def test_partner_page_edits_address_language_and_accounts(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    web = as_user("billing_clerk")
    made = post_form(
        web, "/partners/new", {"name": "Azure Interior", "is_customer": "1"}, "/partners/new"
    )
    assert made.status_code == 303  # type: ignore[attr-defined]
    pid = int(made.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
    saved = post_form(
        web,
        f"/partners/{pid}/identity",
        {
            "street": "Avenida Diagonal 640",
            "zip": "08017",
            "city": "Barcelona",
            "country": "ES",
            "tax_id": "ESB58378431",
            "language": "es",
            "invoice_email": "ap@azure.example",
        },
        f"/partners/{pid}",
    )
    assert saved.status_code == 303  # type: ignore[attr-defined]
    p = partners.update_partner(uow, company.id, pid, PartnerChanges())
    assert (p.name, p.city, p.language, p.invoice_email, p.is_customer) == (
        "Azure Interior",
        "Barcelona",
        "es",
        "ap@azure.example",
        True,
    )
    bad = post_form(web, f"/partners/{pid}/identity", {"tax_id": "ESB58378432"}, f"/partners/{pid}")
    assert bad.status_code == 422  # type: ignore[attr-defined]
    post_form(
        web,
        f"/partners/{pid}/bank-accounts",
        {"iban": "ES9121000418450200051332"},
        f"/partners/{pid}",
    )
    page = web.get(f"/partners/{pid}").text
    assert "ES91 2100 0418 4502 0005 1332" in page
    assert "Azure Interior" in web.get("/partners").text


def test_partner_page_adds_and_removes_contacts(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    web = as_user("billing_clerk")
    pid = partners.create_partner(uow, company.id, NewPartner(name="Azure Interior")).id
    page = f"/partners/{pid}"
    assert "No contacts." in web.get(page).text
    person = {"name": " Ana  García ", "role": "Accounts payable", "email": "ana@azure.example",
              "phone": "+34 93 000 00 00"}  # fmt: skip
    added: Any = post_form(web, f"{page}/contacts", person, page)
    assert added.status_code == 303
    (contact,) = partner_contacts.list_contacts(uow, company.id, pid)
    assert (contact.name, contact.role, contact.email, contact.phone) == (
        "Ana García", "Accounts payable", "ana@azure.example", "+34 93 000 00 00")  # fmt: skip
    shown = web.get(page).text
    assert "Ana García" in shown and 'href="mailto:ana@azure.example"' in shown
    refused: Any = post_form(web, f"{page}/contacts", {"name": "Bob", "email": "bob@"}, page)
    assert refused.status_code == 422 and "email &#39;bob@&#39; is not an address" in refused.text
    assert len(partner_contacts.list_contacts(uow, company.id, pid)) == 1
    removed: Any = post_form(web, f"{page}/contacts/{contact.id}/delete", {}, page)
    assert removed.status_code == 303
    assert partner_contacts.list_contacts(uow, company.id, pid) == []
    auditor = as_user("auditor")
    assert 'id="contact-form"' not in auditor.get(page).text
    forced: Any = post_form(auditor, f"{page}/contacts", {"name": "Eve"}, page)
    assert forced.status_code == 403
