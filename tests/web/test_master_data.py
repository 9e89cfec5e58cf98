"""Master data in the browser (HTTP, both databases): products, the chart of accounts and
currencies with their rates; refusals in words with the database unchanged; tenant walls."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from asiento.domain.commands.products import NewProduct
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.reference import currencies, product_taxes, products, reads
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.ledger import post_simple, row_counts
from tests.web.conftest import WebClient, csrf_of


def post(client: TestClient, url: str, data: dict[str, object], page: str, **kw: object) -> object:
    token = csrf_of(client.get(page).text)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=False, **kw)  # type: ignore[arg-type]


def product_form(company: SeededCompany, **values: object) -> dict[str, object]:
    form: dict[str, object] = {
        "code": "WID-1", "name": "Widget", "unit": "box", "sale_price": "12.50",
        "purchase_price": "7.25", "income_account_id": str(company.accounts["4000"]),
        "expense_account_id": str(company.accounts["5000"]), "bill_policy": "received",
        "invoice_policy": "", "tax_ids": [str(company.taxes["VAT 21% sale"])],
    }  # fmt: skip
    return form | values


def test_a_product_is_created_with_its_taxes_and_policy_found_edited_and_archived(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    admin = as_user("admin")
    created = post(admin, "/products/new", product_form(company), "/products/new")
    product_id = int(created.headers["location"].rsplit("/", 1)[1])  # type: ignore[attr-defined]
    product = reads.get_product(uow, company.id, product_id)
    assert (product.unit, product.sale_price, product.purchase_price) == (
        "box", Decimal("12.50"), Decimal("7.25"),
    )  # fmt: skip
    assert (product.bill_policy, product.invoice_policy) == ("received", None)
    assert product_taxes.tax_ids_of(uow, [product_id])[product_id] == [
        company.taxes["VAT 21% sale"]
    ]
    assert f'href="/products/{product_id}">WID-1</a>' in admin.get("/products?q=widg").text
    assert "WID-1" in admin.get("/products", params={"q": "WID"}).text
    page = admin.get(f"/products/{product_id}").text
    assert "4000 Sales of goods" in page and "VAT 21%" in page
    edited = product_form(company, sale_price="15", tax_ids=[])
    post(admin, f"/products/{product_id}", edited, f"/products/{product_id}")
    assert reads.get_product(uow, company.id, product_id).sale_price == Decimal("15")
    assert product_taxes.tax_ids_of(uow, [product_id])[product_id] == []
    post(admin, f"/products/{product_id}/archive", {}, f"/products/{product_id}")
    assert "WID-1" not in admin.get("/products").text
    assert "WID-1" in admin.get("/products", params={"archived": "1"}).text
    again = post(admin, f"/products/{product_id}/archive", {}, f"/products/{product_id}")
    assert again.status_code == 409  # type: ignore[attr-defined]
    assert "already archived" in again.text  # type: ignore[attr-defined]
    post(admin, f"/products/{product_id}/restore", {}, f"/products/{product_id}")
    assert reads.get_product(uow, company.id, product_id).active is True


def test_the_product_page_lists_the_invoices_it_was_sold_on(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    product = products.create_product(uow, company.id, NewProduct(code="SRV", name="Service"))
    acme = customer(uow, company, "Acme SL")
    sold = line("40.00", account_id=company.accounts["4000"], product_id=product.id)
    invoice = posted(uow, company, invoice_input(acme, sold))
    page = as_user("auditor").get(f"/products/{product.id}").text
    assert f'<a href="/invoices/{invoice.id}">{invoice.number}</a>' in page


def test_bad_product_input_is_refused_in_words_and_writes_nothing(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    products.create_product(uow, company.id, NewProduct(code="TAKEN", name="Taken"))
    admin, clerk = as_user("admin"), as_user("billing_clerk")
    before = row_counts(uow)
    cases = [
        (product_form(company, sale_price="abc"), 422, "sale_price: &#39;abc&#39; is not a number"),
        (product_form(company, purchase_price="-1"), 422, "purchase_price cannot be negative"),
        (product_form(company, sale_price="1e20"), 422, "sale_price must be below 10^15"),
        (product_form(company, bill_policy="weekly"), 422, "is not &#39;ordered&#39;"),
        (product_form(company, code="TAKEN"), 409, "exists already"),
        (product_form(company, tax_ids=["999999"]), 404, "tax 999999 not found"),
    ]
    for form, status, words in cases:
        answer = post(admin, "/products/new", form, "/products/new")
        assert answer.status_code == status, answer.text  # type: ignore[attr-defined]
        assert words in answer.text  # type: ignore[attr-defined]
    assert post(clerk, "/products/new", product_form(company), "/products").status_code == 403  # type: ignore[attr-defined]
    assert row_counts(uow) == before


def test_another_companys_product_and_account_are_not_there(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL")
    theirs = products.create_product(uow, other.id, NewProduct(code="THEIRS", name="Theirs"))
    admin = as_user("admin")
    assert admin.get(f"/products/{theirs.id}").status_code == 404
    archived = post(admin, f"/products/{theirs.id}/archive", {}, "/products")
    assert archived.status_code == 404  # type: ignore[attr-defined]
    edit = post(admin, f"/products/{theirs.id}", product_form(company), "/products")
    assert edit.status_code == 404  # type: ignore[attr-defined]
    assert reads.get_product(uow, other.id, theirs.id).active is True
    assert ">THEIRS</a>" not in admin.get("/products", params={"q": "THEIRS"}).text
    account = other.accounts["6300"]
    assert admin.get(f"/settings/chart/{account}").status_code == 404
    gone = post(admin, f"/settings/chart/{account}/archive", {}, "/settings/chart")
    assert gone.status_code == 404  # type: ignore[attr-defined]
    assert reads.get_account(uow, other.id, account).active is True


def test_the_chart_is_a_tree_by_code(as_user: WebClient, company: SeededCompany) -> None:
    admin = as_user("admin")
    for code, name in (("4", "Income"), ("41", "Services")):
        form = {"code": code, "name": name, "kind": "income"}
        assert post(admin, "/settings/chart", form, "/settings/chart").status_code == 303  # type: ignore[attr-defined]
    page = admin.get("/settings/chart").text
    assert 'id="account-4" data-depth="0"' in page
    assert 'id="account-4000" data-depth="1"' in page
    assert 'id="account-41" data-depth="1"' in page
    assert 'id="account-4100" data-depth="2"' in page
    assert 'id="account-6300" data-depth="0"' in page


def test_changes_that_would_break_posted_data_are_refused_in_words(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company, debit_account="6300", credit_account="3000", amount="100.00")
    admin = as_user("admin")
    salaries = company.accounts["6300"]
    url = f"/settings/chart/{salaries}"
    before = row_counts(uow)
    kind = post(admin, url, {"code": "6300", "name": "Salaries", "kind": "equity"}, url)
    assert kind.status_code == 409  # type: ignore[attr-defined]
    assert "account 6300 has journal items: its type cannot change" in kind.text  # type: ignore[attr-defined]
    flag = post(admin, url, {"code": "6300", "name": "Salaries", "kind": "expense",
                             "reconcilable": "on"}, url)  # fmt: skip
    assert "its reconcile flag cannot change" in flag.text  # type: ignore[attr-defined]
    balance = post(admin, f"{url}/archive", {}, url)
    assert balance.status_code == 409  # type: ignore[attr-defined]
    assert "open balance of 100.00 EUR" in balance.text  # type: ignore[attr-defined]
    receivable = company.accounts["1100"]
    used = post(admin, f"/settings/chart/{receivable}/archive", {}, url)
    assert "used by the company&#39;s receivable account" in used.text  # type: ignore[attr-defined]
    assert row_counts(uow) == before
    assert reads.get_account(uow, company.id, salaries).kind == "expense"
    renamed = post(admin, url, {"code": "6300", "name": "Wages", "kind": "expense"}, url)
    assert renamed.status_code == 303  # type: ignore[attr-defined]
    rent = company.accounts["6000"]
    post(admin, f"/settings/chart/{rent}/archive", {}, url)
    assert reads.get_account(uow, company.id, rent).active is False
    assert 'id="account-6000"' not in admin.get("/settings/chart").text
    post(admin, f"/settings/chart/{rent}/restore", {}, url)
    assert reads.get_account(uow, company.id, rent).active is True


def test_a_bad_account_is_refused_and_accountants_only_read(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    admin, accountant = as_user("admin"), as_user("accountant")
    before = row_counts(uow)
    bad = post(admin, "/settings/chart", {"code": "7", "name": "X", "kind": "nonsense"},
               "/settings/chart")  # fmt: skip
    assert bad.status_code == 422 and "kind must be one of" in bad.text  # type: ignore[attr-defined]
    taken = post(admin, "/settings/chart", {"code": "6300", "name": "X", "kind": "expense"},
                 "/settings/chart")  # fmt: skip
    assert taken.status_code == 409  # type: ignore[attr-defined]
    assert "New account" not in accountant.get("/settings/chart").text
    forced = post(accountant, "/settings/chart", {"code": "7", "name": "X", "kind": "income"},
                  "/settings/chart")  # fmt: skip
    assert forced.status_code == 403  # type: ignore[attr-defined]
    assert row_counts(uow) == before


def test_a_currency_is_enabled_and_its_rates_read_in_words(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    admin = as_user("admin")
    page = "/settings/currencies"
    assert post(admin, page, {"code": "usd"}, page).status_code == 303  # type: ignore[attr-defined]
    rate = {"currency": "USD", "rate": "0.92", "date": "2026-01-02"}
    assert post(admin, f"{page}/rates", rate, page).status_code == 303  # type: ignore[attr-defined]
    shown = admin.get(page).text
    assert "1 USD = 0.92 EUR" in shown
    twice = post(admin, f"{page}/rates", rate, page)
    assert twice.status_code == 409 and "exists already" in twice.text  # type: ignore[attr-defined]
    bad = post(admin, f"{page}/rates", rate | {"rate": "-1", "date": "2026-01-03"}, page)
    assert bad.status_code == 422 and "rate must be positive" in bad.text  # type: ignore[attr-defined]
    unknown = post(admin, page, {"code": "XYZ"}, page)
    assert unknown.status_code == 422  # type: ignore[attr-defined]


def test_rates_are_imported_from_a_csv_file_all_or_nothing(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany
) -> None:
    currencies.enable_currency(uow, company.id, "USD")
    admin = as_user("admin")
    page = "/settings/currencies"
    wrong = b"date,currency,rate\n2026-01-02,USD,0.92\n2026-01-03,USD,-1\n2026-01-04,GBP,1.1\n"
    before = row_counts(uow)
    refused = post(admin, f"{page}/import", {}, page, files={"file": ("r.csv", wrong)})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "row 3: rate &#39;-1&#39; must be above 0" in refused.text  # type: ignore[attr-defined]
    assert "row 4: currency GBP is not enabled" not in refused.text  # type: ignore[attr-defined]
    assert row_counts(uow) == before
    good = b"date,currency,rate\n2026-01-02,USD,0.92\n2026-01-05,usd,0.93\n"
    done = post(admin, f"{page}/import", {}, page, files={"file": ("r.csv", good)})
    assert done.status_code == 303  # type: ignore[attr-defined]
    rates = [(r.date.isoformat(), r.rate) for r in currencies.list_rates(uow, company.id)]
    assert rates == [("2026-01-02", Decimal("0.92")), ("2026-01-05", Decimal("0.93"))]
    not_enabled = b"2026-02-01,GBP,1.15\n2026-02-01,EUR,1\n"
    answer = post(admin, f"{page}/import", {}, page, files={"file": ("r.csv", not_enabled)})
    assert "row 1: currency GBP is not enabled" in answer.text  # type: ignore[attr-defined]
    assert "row 2: EUR is the company currency" in answer.text  # type: ignore[attr-defined]
