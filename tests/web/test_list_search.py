"""The search box of the payments, orders, statements and recurring lists (issue 21).

Each list finds by number, partner name and exact amount (an order or recurring
template by its stored total), keeps its other
filters, never shows another company's rows, and takes odd text (LIKE
wildcards, quotes, a very long text) as a literal. SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from asiento.domain.commands.partners import NewPartner
from asiento.domain.commands.products import NewProduct
from asiento.services.bank import statements as bank_statements
from asiento.services.bank.statements import ManualLine, ManualStatement
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.orders import purchasing, sales
from asiento.services.orders.orders import OrderInput, OrderLineInput
from asiento.services.payments import payment_docs
from asiento.services.reference import partners, products
from asiento.store.tables import JournalEntry, StatementLine
from asiento.store.uow import UnitOfWork
from tests.builders.recurring import monthly_template
from tests.web.conftest import WebClient

DAY = dt.date(2026, 3, 2)
ODD = ("%", "_", "'\"", "100%_off", "x" * 5000, "\\", "12.345.678,901")


def _partner(uow: UnitOfWork, seeded: SeededCompany, name: str) -> int:
    acc = seeded.accounts
    return partners.create_partner(
        uow,
        seeded.id,
        NewPartner(
            name=name,
            is_customer=True,
            is_supplier=True,
            receivable_account_id=acc["1100"],
            payable_account_id=acc["2000"],
        ),
    ).id


@pytest.fixture
def other(uow: UnitOfWork) -> SeededCompany:
    return seed_company(uow, "Other Company SA", "EUR")


def _pay(uow: UnitOfWork, company_id: int, partner_id: int, amount: str, memo: str = "") -> str:
    cmd = payment_docs.PaymentInput("inbound", partner_id, Decimal(amount), DAY, communication=memo)
    view = payment_docs.create_payment(uow, company_id, cmd, post=True)
    return str(view.id)


def _entry_number(uow: UnitOfWork, company_id: int, payment_id: int) -> str:
    entry_id = payment_docs.get_payment(uow, company_id, payment_id).entry_id
    with uow:
        entry = uow.session.get(JournalEntry, entry_id)
        assert entry is not None and entry.number
        return entry.number


def _ids(html: str, prefix: str) -> set[str]:
    return set(re.findall(rf'href="/{prefix}/(\d+)"', html))


def test_payments_list_finds_by_number_partner_reference_and_amount(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    acme = _partner(uow, company, "Acme Rockets")
    zeta = _partner(uow, company, "Zeta Tools")
    first = _pay(uow, company.id, acme, "1234.50", "ORDER-77")
    second = _pay(uow, company.id, zeta, "99.00")
    foreign = _pay(uow, other.id, _partner(uow, other, "Acme Rockets"), "1234.50", "ORDER-77")
    number = _entry_number(uow, company.id, int(first))
    client = as_user("accountant")

    def found(**params: str) -> set[str]:
        response = client.get("/payments", params=params)
        assert response.status_code == 200
        return _ids(response.text, "payments")

    assert found() == {first, second}
    assert found(q="acme") == {first}
    assert found(q="1234.50") == found(q="1.234,5") == {first}
    assert found(q="123450") == set()  # cents are no amount of EUR
    assert found(q="ORDER-77") == {first}
    assert number and found(q=number) == {first}
    assert found(q="zeta", state="posted") == {second}
    assert found(q="zeta", state="draft") == set()
    assert found(q="acme", partner=str(zeta)) == set()
    assert foreign not in found(q="acme") | found(q="1234.50")
    assert 'value="acme"' in client.get("/payments", params={"q": "acme"}).text
    assert found(partner=str(zeta)) == {second}
    filtered = client.get("/payments", params={"partner": str(zeta)}).text
    assert f'id="filter-partner" value="{zeta}"' in filtered  # a picker, not a <select>
    assert 'value="Zeta Tools"' in filtered and '<select name="partner"' not in filtered
    for text in ODD:
        assert found(q=text) == set()


def _order(uow: UnitOfWork, company: SeededCompany, partner_id: int, ref: str, sale: bool) -> Any:
    product = products.create_product(uow, company.id, NewProduct(code=f"P{partner_id}-{ref}", name="Bolt", sale_price=Decimal(5), purchase_price=Decimal(3))).id  # fmt: skip
    line = OrderLineInput(product_id=product, quantity=Decimal(2))
    cmd = OrderInput(partner_id=partner_id, order_date=DAY, lines=(line,), ref=ref)
    if sale:
        return sales.create_sales_order(uow, company.id, cmd)
    return purchasing.create_purchase_order(uow, company.id, cmd)


@pytest.mark.parametrize("kind", ["purchase", "sale"])
def test_orders_list_finds_by_number_partner_reference_and_total(
    kind: str,
    as_user: WebClient,
    uow: UnitOfWork,
    company: SeededCompany,
    other: SeededCompany,
) -> None:
    sale = kind == "sale"
    acme = _partner(uow, company, "Acme Rockets")
    first = _order(uow, company, acme, "REF-1", sale)
    second = _order(uow, company, _partner(uow, company, "Zeta Tools"), "REF-2", sale)
    foreign = _order(uow, other, _partner(uow, other, "Acme Rockets"), "REF-1", sale)
    client = as_user("accountant")

    def found(**params: str) -> set[str]:
        response = client.get("/orders", params={"kind": kind, **params})
        assert response.status_code == 200
        return _ids(response.text, f"orders/{kind}")

    assert found() == {str(first.id), str(second.id)}
    assert found(q=first.name) == {str(first.id)}
    assert found(q=first.name.lower()) == {str(first.id)}
    assert found(q="acme") == found(q="REF-1") == {str(first.id)}
    assert found(q="zeta", state="draft") == {str(second.id)}
    assert found(q="zeta", state="done") == set()
    total = "10.00" if sale else "6.00"  # two bolts at 5.00 (sold) or 3.00 (bought), no tax
    assert found(q=total) == found(q=total.replace(".", ",")) == {str(first.id), str(second.id)}
    assert found(q=total, state="done") == set()
    assert found(q="4.00" if sale else "10.00") == set()
    assert str(foreign.id) not in found(q="acme") | found(q=foreign.name) | found(q=total)
    assert 'value="acme"' in client.get("/orders", params={"kind": kind, "q": "acme"}).text
    for text in ODD:
        assert found(q=text) == set()


def _statement(uow: UnitOfWork, company_id: int, ref: str, *lines: tuple[str, str]) -> str:
    rows = tuple(
        ManualLine(DAY, Decimal(amount), counterparty_name=name, reference=f"TX-{ref}-{n}")
        for n, (amount, name) in enumerate(lines)
    )
    data = ManualStatement("BNK1", DAY, ref, Decimal(0), Decimal("500.00"), rows)
    return str(bank_statements.create_statement(uow, company_id, data).id)


def test_statements_list_finds_by_reference_partner_and_line_amount(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    march = _statement(uow, company.id, "2026-03", ("1234.50", "Acme Rockets"))
    april = _statement(uow, company.id, "2026-04", ("-99.00", "Z. Tools Ltd"))
    foreign = _statement(uow, other.id, "2026-03", ("1234.50", "Acme Rockets"))
    zeta = _partner(uow, company, "Zeta Tools")
    with uow:  # the line's partner as a reconciliation would have recognised it
        line = uow.session.scalars(
            select(StatementLine).where(StatementLine.statement_id == int(april))
        ).one()
        line.partner_id = zeta
        uow.commit()
    client = as_user("accountant")

    def found(**params: str) -> set[str]:
        response = client.get("/statements", params=params)
        assert response.status_code == 200
        return _ids(response.text, "statements")

    assert found() == {march, april}
    assert found(q="2026-03") == found(q="2026") - {april} == {march}
    assert found(q="1234.50") == found(q="1.234,50") == found(q="Acme Rockets") == {march}
    assert found(q="99") == found(q="-99.00") == found(q="zeta") == {april}
    assert found(q="500") == {march, april}  # the closing balance
    assert found(q="TX-2026-04-0") == {april}
    assert found(q="zeta", journal_id=str(company.journals["CSH"])) == set()
    assert foreign not in found(q="2026-03") | found(q="1234.50")
    assert 'value="zeta"' in client.get("/statements", params={"q": "zeta"}).text
    for text in ODD:
        assert found(q=text) == set()


def test_recurring_list_finds_by_name_partner_reference_and_total(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    acme = _partner(uow, company, "Acme Rockets")
    hosting = str(monthly_template(uow, company, acme, name="Hosting Gold", ref="CONTRACT-9").id)
    support = monthly_template(uow, company, _partner(uow, company, "Zeta Tools"), name="Support")
    foreign = monthly_template(uow, other, _partner(uow, other, "Acme Rockets"), name="Hosting")
    client = as_user("accountant")

    def found(**params: str) -> set[str]:
        response = client.get("/recurring-invoices", params=params)
        assert response.status_code == 200
        return _ids(response.text, "recurring-invoices")

    assert found() == {hosting, str(support.id)}
    assert found(q="gold") == found(q="HOSTING") == found(q="acme") == {hosting}
    assert found(q="CONTRACT-9") == {hosting}
    assert found(q="zeta") == {str(support.id)}
    assert found(q="121.00") == {hosting, str(support.id)}  # 100.00 hosting + VAT 21 %
    assert found(q="100.00") == set()
    assert str(foreign.id) not in found(q="hosting") | found(q="acme") | found(q="121")
    assert 'value="gold"' in client.get("/recurring-invoices", params={"q": "gold"}).text
    for text in ODD:
        assert found(q=text) == set()


def test_payments_search_keeps_its_text_from_page_to_page(
    as_user: WebClient, uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("asiento.web.pages.payments.PAGE_SIZE", 1)
    acme = _partner(uow, company, "Acme Rockets")
    older, newer = _pay(uow, company.id, acme, "10.00"), _pay(uow, company.id, acme, "20.00")
    _pay(uow, company.id, _partner(uow, company, "Zeta Tools"), "30.00")
    client = as_user("accountant")
    first = client.get("/payments", params={"q": "acme", "state": "posted"}).text
    assert _ids(first, "payments") == {newer}
    link = re.search(r'href="(/payments\?[^"]*cursor=[^"]*)"', first)
    assert link and "q=acme" in link.group(1) and "state=posted" in link.group(1)
    assert _ids(client.get(link.group(1).replace("&amp;", "&")).text, "payments") == {older}
