"""Web invoice pages: the live-totals request and the list page, through the whole HTTP stack.

Prints JSON lines per database:
- ``web_preview``: N ``POST /invoices/preview`` of a 20-line invoice (products, a discount,
  VAT) by a logged-in clerk: session cookie, CSRF, role check, defaults and totals by the
  drafting code, the draft created and rolled back, the totals block rendered;
  ``ratio`` = its throughput / the baseline's, the baseline being ``preview_totals`` called
  directly (no HTTP, no template).
- ``web_list``: N ``GET /invoices?state=posted`` (50 rows a page) over ``BENCH_DOCS`` posted
  invoices (default 2,000).
``BENCH_N`` sets N (default 100); ``BENCH_DATABASES`` the databases.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal

from common import databases, emit, fresh_database, timed
from fastapi.testclient import TestClient

from asiento.app import create_app
from asiento.services.access import users
from asiento.services.demo.seed import SeededCompany, seed_company, seed_partners_and_products
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_form import preview_totals
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.store.uow import UnitOfWork

N = int(os.environ.get("BENCH_N", "100"))
DOCS = int(os.environ.get("BENCH_DOCS", "2000"))
LINES = 20
CODES = ("CHAIR", "DESK", "CONS", "BOOK")


def form(company: SeededCompany) -> dict[str, str]:
    data = {"kind": "customer_invoice", "partner": str(company.partners["Azure Interior"])}
    for n in range(LINES):
        data |= {
            f"lines-{n}-product": str(company.products[CODES[n % 4]]),
            f"lines-{n}-quantity": str(1 + n % 7),
            f"lines-{n}-discount": "5" if n % 3 == 0 else "0",
            f"lines-{n}-auto": "1",
        }
    return data


def command(company: SeededCompany) -> InvoiceInput:
    lines = tuple(
        InvoiceLineInput(
            product_id=company.products[CODES[n % 4]],
            quantity=Decimal(1 + n % 7),
            discount=Decimal(5 if n % 3 == 0 else 0),
        )
        for n in range(LINES)
    )
    return InvoiceInput("customer_invoice", company.partners["Azure Interior"], lines)


def log_in(client: TestClient, email: str, password: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    client.post("/login", data={"email": email, "password": password, "csrf_token": token[1]})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/invoices").text)
    assert csrf
    return csrf[1]


def posted_invoices(uow: UnitOfWork, company: SeededCompany, count: int) -> None:
    partner = company.partners["Deco Addict"]
    line = InvoiceLineInput(product_id=company.products["BOOK"])
    for _ in range(count):
        draft = invoices.create_invoice(
            uow, company.id, InvoiceInput("customer_invoice", partner, (line,))
        )
        invoices.post_invoice(uow, company.id, draft.id)


def run(kind: str) -> None:
    os.environ.setdefault("ASIENTO_SECRET_KEY", "bench-secret-key-0123456789abcdef")
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        seed_partners_and_products(uow, company)
        password = "bench password long enough"
        users.create_user(uow, company.id, "clerk@bench.test", password, "billing_clerk")
        cmd = command(company)
        base_s, view = timed(lambda: [preview_totals(uow, company.id, cmd) for _ in range(N)])
        with TestClient(create_app(engine)) as client:
            csrf = log_in(client, "clerk@bench.test", password)
            data, headers = form(company), {"X-CSRF-Token": csrf}
            total = f"{view[0].amount_total:,}"

            def previews() -> None:
                for _ in range(N):
                    response = client.post("/invoices/preview", data=data, headers=headers)
                    assert response.status_code == 200 and total in response.text

            web_s, _ = timed(previews)
            emit(f"web_preview[{kind}]", N, web_s, base_s, lines=LINES, total=total)
            posted_invoices(uow, company, DOCS)

            def lists() -> None:
                for _ in range(N):
                    page = client.get("/invoices?state=posted")
                    assert page.text.count('id="row-') == 50

            list_s, _ = timed(lists)
            emit(f"web_list[{kind}]", N, list_s, None, documents=DOCS, rows=50)


if __name__ == "__main__":
    for kind in databases():
        run(kind)
