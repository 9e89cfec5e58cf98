"""/settings/imports: upload -> preview with every problem -> confirm; export links."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from asiento.services.demo.seed import SeededCompany
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.web.conftest import WebClient, csrf_of

PAGE = "/settings/imports"
BAD = b"code,name,email\nA1,Acme,ap@acme.test\nB1,Bee,not-an-email\n"
GOOD = b"code,name,email\nA1,Acme,ap@acme.test\nB1,Bee,bee@bee.test\n"


def preview(client: TestClient, content: bytes, kind: str = "partners") -> str:
    token = csrf_of(client.get(PAGE).text)
    r = client.post(
        f"{PAGE}/preview",
        data={"kind": kind, "csrf_token": token},
        files={"file": ("partners.csv", content, "text/csv")},
    )
    assert r.status_code == 200, r.text
    return r.text


def test_a_preview_lists_each_problem_and_offers_no_import(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    admin = as_user("admin")
    before = row_counts(uow)
    page = preview(admin, BAD)
    assert "1 problem(s): nothing will be imported" in page
    assert re.search(r'<td class="num">3</td><td>email</td><td>[^<]*not-an-email', unescape(page))
    assert 'id="confirm-form"' not in page
    assert row_counts(uow) == before


def test_a_clean_preview_is_confirmed_and_imports_everything(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    admin = as_user("admin")
    page = preview(admin, GOOD)
    assert "2 rows: 2 to create, 0 to update, 0 to post, 0 refused." in page
    content = re.search(r'name="content" value="([^"]+)"', page)
    assert content
    r = admin.post(
        f"{PAGE}/confirm",
        data={
            "kind": "partners",
            "filename": "partners.csv",
            "content": content.group(1),
            "csrf_token": csrf_of(page),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "Imported 2 rows: 2 created, 0 updated." in admin.get(PAGE).text
    exported = admin.get(f"{PAGE}/export/partners?format=csv")
    assert [line.split(",")[:2] for line in exported.text.splitlines()[1:]] == [
        ["A1", "Acme"],
        ["B1", "Bee"],
    ]


def test_a_clerk_may_not_import_the_chart(as_user: WebClient, company: SeededCompany) -> None:
    clerk = as_user("billing_clerk")
    token = csrf_of(clerk.get(PAGE).text)
    r = clerk.post(
        f"{PAGE}/preview",
        data={"kind": "chart", "csrf_token": token},
        files={"file": ("c.csv", b"code,name,kind\n7000,Sales,income\n")},
    )
    assert r.status_code == 403


def test_the_page_in_spanish(as_user: WebClient, company: SeededCompany) -> None:
    admin = as_user("admin")
    token = csrf_of(admin.get(PAGE).text)
    admin.post("/language", data={"lang": "es", "next": PAGE, "csrf_token": token})
    assert "Importar y exportar" in admin.get(PAGE).text
