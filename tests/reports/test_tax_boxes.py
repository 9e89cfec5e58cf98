"""Modelo 303 boxes of a quarter on the Spanish chart, from journal items alone (both databases).

A quarter with sales at 21, 10, 4 and 0 %, a credit note, domestic purchases at
21 and 10 % and an intra-community acquisition (reverse charge: +21 % deductible
and -21 % accrued on the same base), plus a sale of the next quarter that must
not count.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from asiento.domain.commands.partners import NewPartner
from asiento.domain.errors import InvalidInput
from asiento.reports import catalog
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.reference import partners
from asiento.services.reference.companies import CompanyInput, create_company
from asiento.store.tables import Account, Tax
from asiento.store.uow import UnitOfWork

D = Decimal
Q1_END = date(2026, 3, 31)


def _ids(uow: UnitOfWork, cid: int) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    with uow:
        accounts = {
            code: int(aid)
            for code, aid in uow.session.execute(
                select(Account.code, Account.id).where(Account.company_id == cid)
            )
        }
        taxes = {
            (name, usage): tid
            for tid, name, usage in uow.session.execute(
                select(Tax.id, Tax.name, Tax.usage).where(Tax.company_id == cid)
            )
        }
    return accounts, taxes


def _post(
    uow: UnitOfWork, cid: int, kind: str, partner: int, day: date,
    lines: list[tuple[str, int, tuple[int, ...]]],
) -> None:  # fmt: skip
    data = InvoiceInput(
        kind,
        partner,
        tuple(
            InvoiceLineInput(
                description="Line", quantity=D(1), price_unit=D(price), account_id=account,
                tax_ids=taxes,
            )
            for price, account, taxes in lines
        ),
        invoice_date=day,
    )  # fmt: skip
    draft = invoices.create_invoice(uow, cid, data)
    invoices.post_invoice(uow, cid, draft.id)


@pytest.fixture
def quarter(uow: UnitOfWork) -> int:
    cid = create_company(uow, CompanyInput("Ejemplo SL", "EUR", chart="es-pgc-pymes")).id
    acc, tax = _ids(uow, cid)
    client = partners.create_partner(uow, cid, NewPartner(name="Cliente SA", is_customer=True)).id
    supplier = partners.create_partner(
        uow, cid, NewPartner(name="Proveedor GmbH", is_supplier=True)
    ).id
    sale, buy = acc["700000"], acc["600000"]

    def s(rate: str) -> tuple[int, ...]:
        return (tax[(f"IVA {rate}%", "sale")],)

    def p(rate: str) -> tuple[int, ...]:
        return (tax[(f"IVA {rate}%", "purchase")],)

    day = date(2026, 2, 10)
    _post(
        uow,
        cid,
        "customer_invoice",
        client,
        day,
        [
            ("1000.00", sale, s("21")),
            ("500.00", sale, s("10")),
            ("200.00", sale, s("4")),
            ("300.00", sale, s("0")),
        ],
    )
    _post(uow, cid, "customer_credit_note", client, date(2026, 3, 5), [("100.00", sale, s("21"))])
    _post(
        uow, cid, "vendor_bill", supplier, day, [("400.00", buy, p("21")), ("150.00", buy, p("10"))]
    )
    intra = (
        tax[("IVA 21% adquisición intracomunitaria (soportado)", "purchase")],
        tax[("IVA 21% adquisición intracomunitaria (repercutido)", "purchase")],
    )
    _post(uow, cid, "vendor_bill", supplier, date(2026, 3, 20), [("1000.00", buy, intra)])
    _post(uow, cid, "customer_invoice", client, date(2026, 4, 2), [("999.00", sale, s("21"))])
    return cid  # fmt: skip


def _build(uow: UnitOfWork, cid: int, name: str, box: str | None = None) -> object:
    req = catalog.ReportRequest(cid, Q1_END, date_from=date(2026, 1, 1), box=box)
    with uow:
        return catalog.build(uow.session, name, req)


def test_the_303_boxes_of_the_quarter(uow: UnitOfWork, quarter: int) -> None:
    report = _build(uow, quarter, "tax-boxes")
    boxes = {b.box: b.amount for b in report.boxes}  # type: ignore[attr-defined]
    assert boxes == {
        "150": D("300.00"),
        "01": D("200.00"), "03": D("8.00"),
        "04": D("500.00"), "06": D("50.00"),
        "07": D("1000.00"), "09": D("210.00"),
        "10": D("1000.00"), "11": D("210.00"),
        "12": D("0.00"), "13": D("0.00"),
        "14": D("-100.00"), "15": D("-21.00"),
        "27": D("457.00"),
        "28": D("550.00"), "29": D("99.00"),
        "36": D("1000.00"), "37": D("210.00"),
        "40": D("0.00"), "41": D("0.00"),
        "45": D("309.00"),
        "46": D("148.00"),
        "59": D("0.00"),
    }  # fmt: skip


def test_output_input_and_net_of_the_tax_report(uow: UnitOfWork, quarter: int) -> None:
    report = _build(uow, quarter, "tax")
    assert (report.output_tax, report.input_tax, report.net) == (  # type: ignore[attr-defined]
        D("247.00"),
        D("99.00"),
        D("148.00"),
    )


def test_drill_down_lists_the_items_behind_a_box(uow: UnitOfWork, quarter: int) -> None:
    items = _build(uow, quarter, "tax-box-items", box="09")
    assert items.total == D("210.00")  # type: ignore[attr-defined]
    assert [(i.account, i.kind, i.amount) for i in items.items] == [  # type: ignore[attr-defined]
        ("477000", "tax", D("210.00"))
    ]
    corrections = _build(uow, quarter, "tax-box-items", box="14")
    assert [(i.date, i.account, i.kind, i.amount) for i in corrections.items] == [  # type: ignore[attr-defined]
        (date(2026, 3, 5), "700000", "base", D("-100.00"))
    ]
    accrued = _build(uow, quarter, "tax-box-items", box="11")
    assert [(i.account, i.amount) for i in accrued.items] == [("477000", D("210.00"))]  # type: ignore[attr-defined]


def test_an_unknown_box_is_refused(uow: UnitOfWork, quarter: int) -> None:
    with pytest.raises(InvalidInput, match="no tax feeds box '99'"):
        _build(uow, quarter, "tax-box-items", box="99")


def test_the_boxes_over_the_api_and_the_cli(uow: UnitOfWork, quarter: int, db_url: str) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from asiento.app import create_app
    from asiento.cli.main import app as cli_app
    from asiento.store.session import make_engine
    from tests.api.conftest import bearer, issue_token

    engine = make_engine(db_url)
    headers = bearer(issue_token(uow, quarter))
    with TestClient(create_app(engine), headers=headers) as api:
        query = "date_from=2026-01-01&as_of=2026-03-31"
        body = api.get(f"/api/v1/reports/tax-boxes?{query}").json()
        assert {b["box"]: b["amount"] for b in body["boxes"]}["46"] == "148.00"
        items = api.get(f"/api/v1/reports/tax-box-items?{query}&box=37").json()
        assert (items["total"], len(items["items"])) == ("210.00", 1)
    engine.dispose()
    env = {"ASIENTO_DATABASE_URL": db_url, "ASIENTO_COMPANY": str(quarter)}
    shown = CliRunner().invoke(
        cli_app,
        ["report", "tax-box-items", "--from", "2026-01-01", "--to", "2026-03-31",
         "--box", "15", "--format", "csv"],
        env=env,
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[-1].endswith("Total box 15,,,-21.00")
