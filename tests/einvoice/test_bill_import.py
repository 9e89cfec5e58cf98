"""Received e-invoices become draft vendor bills with the document's figures, or are refused."""

from __future__ import annotations

import hashlib
import threading
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.domain.errors import NotFound
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing.bill_import_views import bill_import, original_file
from asiento.services.invoicing.bill_imports import ReceivedFile, import_bills
from asiento.services.invoicing.invoices import get_invoice
from asiento.services.orders.purchase_settings import update_settings
from asiento.store.tables import Partner
from asiento.store.uow import UnitOfWork
from tests.einvoice.bills import (
    BUYER_VAT,
    DATA,
    bill_count,
    buyer,
    fixture,
    import_one,
    supplier,
)

D = Decimal
UBL = "ubl_invoice_two_rates.xml"
CII_CREDIT = "cii_credit_note_exempt.xml"


@pytest.fixture
def company(uow: UnitOfWork) -> SeededCompany:
    company = buyer(uow)
    supplier(uow, company, "Wood Corner GmbH (old name)", "DE136695976")
    return company


def test_a_ubl_invoice_becomes_a_draft_bill_with_the_documents_lines_taxes_and_totals(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    outcome = import_one(uow, company, fixture(UBL))
    assert outcome.refusal is None and outcome.bill_id is not None
    assert outcome.partner_id == company.partners["Wood Corner GmbH (old name)"]  # by VAT
    bill = get_invoice(uow, company.id, outcome.bill_id)
    assert (bill.kind, bill.state, bill.number) == ("vendor_bill", "draft", None)
    assert (bill.amount_untaxed, bill.amount_tax, bill.amount_total) == (
        D("210.00"),
        D("35.30"),
        D("245.30"),
    )
    assert bill.ref == "WC-2026-0042" and bill.currency == "EUR"
    assert str(bill.invoice_date) == "2026-11-20" and str(bill.manual_due_date) == "2026-12-20"
    assert bill.payment_reference == "RF18539007547034"
    lines = [(ln.quantity, ln.price_unit, ln.discount, ln.tax_ids) for ln in bill.lines]
    assert lines == [
        (D("10"), D("12.5"), D("4"), (company.taxes["VAT 21% purchase"],)),
        (D("2"), D("40"), D("0"), (company.taxes["VAT 10% purchase"],)),
        (D("1"), D("10.00"), D("0"), (company.taxes["VAT 21% purchase"],)),
    ]
    assert [ln.description for ln in bill.lines] == ["Oak plank", "Assembly", "Charge: Freight"]
    assert outcome.differences == ()
    # the order it names does not exist here: said, not guessed
    assert [w["term"] for w in outcome.warnings] == ["BT-13"]


def test_the_original_file_is_kept_byte_for_byte_with_the_payee_account(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    received = fixture(UBL)
    outcome = import_one(uow, company, received)
    assert outcome.bill_id is not None
    stored = original_file(uow, company.id, outcome.bill_id)
    assert stored.content == received.content and stored.name == UBL
    assert stored.media_type == "application/xml"
    view = bill_import(uow, company.id, outcome.bill_id)
    assert view is not None
    assert view.sha256 == hashlib.sha256(received.content).hexdigest()
    assert (view.iban, view.payment_reference, view.syntax) == (
        "DE89370400440532013000",
        "RF18539007547034",
        "ubl",
    )


def test_the_same_document_twice_is_a_duplicate_naming_the_existing_bill(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    first = import_one(uow, company, fixture(UBL))
    renamed = ReceivedFile("again.xml", (DATA / UBL).read_bytes())
    second = import_one(uow, company, renamed)
    assert second.bill_id is None and second.refusal is not None
    assert second.refusal["reason"] == "duplicate" and second.refusal["bill_id"] == first.bill_id
    assert "WC-2026-0042" in second.refusal["message"]
    assert bill_count(uow, company.id) == 1


def test_an_unknown_supplier_is_refused_with_what_to_create_then_created_on_request(
    uow: UnitOfWork,
) -> None:
    company = buyer(uow)
    refused = import_one(uow, company, fixture(UBL))
    assert refused.refusal is not None and refused.refusal["reason"] == "unknown_supplier"
    offer = refused.refusal["offer"]
    assert (offer["name"], offer["tax_id"], offer["country"], offer["city"]) == (
        "Wood Corner GmbH",
        "DE 136 695 976",
        "DE",
        "Berlin",
    )
    assert bill_count(uow) == 0
    created = import_one(uow, company, fixture(UBL), create=True)
    assert created.bill_id is not None and created.partner_name == "Wood Corner GmbH"
    assert "BG-4" in [w["term"] for w in created.warnings]
    again = ReceivedFile("copy.xml", (DATA / UBL).read_bytes())
    assert import_one(uow, company, again).refusal["reason"] == "duplicate"  # type: ignore[index]


def test_a_supplier_without_the_vat_number_is_found_by_its_exact_name(uow: UnitOfWork) -> None:
    company = buyer(uow)
    partner_id = supplier(uow, company, "wood corner gmbh", None)
    outcome = import_one(uow, company, fixture(UBL))
    assert outcome.partner_id == partner_id


def test_a_rate_without_a_purchase_tax_keeps_the_line_untaxed_and_lists_the_difference(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    supplier(uow, company, "Deco Addict", "BE0477472701")
    outcome = import_one(uow, company, fixture(CII_CREDIT))
    assert outcome.bill_id is not None and outcome.kind == "vendor_credit_note"
    bill = get_invoice(uow, company.id, outcome.bill_id)
    assert (bill.amount_untaxed, bill.amount_tax, bill.amount_total) == (
        D("150.00"),
        D("0.00"),
        D("150.00"),
    )
    assert [ln.tax_ids for ln in bill.lines] == [(), ()]
    unmatched = [w["message"] for w in outcome.warnings if w["term"] == "BT-151"]
    assert unmatched == [
        "line 1: no purchase tax for VAT E 0%; the line is kept without tax",
        "line 2: no purchase tax for VAT S 19%; the line is kept without tax",
    ]
    found = [(d["term"], d["where"], d["stated"], d["computed"]) for d in outcome.differences]
    assert found == [
        ("BT-110", "", "9.50", "0.00"),
        ("BT-112", "", "159.50", "150.00"),
        ("BT-117", "VAT S 19%", "9.50", "0"),
    ]


def test_a_buyer_that_is_not_this_company_is_a_warning_or_refused_when_strict(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    supplier(uow, company, "Deco Addict", "BE0477472701")
    flagged = import_one(uow, company, fixture(CII_CREDIT))
    [warning] = [w for w in flagged.warnings if w["term"] == "BT-48"]
    assert "NL809163160B01" in warning["message"] and BUYER_VAT in warning["message"]
    update_settings(uow, company.id, SettingsChanges(einvoice_strict_buyer=True))
    other = ReceivedFile("cn.xml", (DATA / CII_CREDIT).read_bytes().replace(b"CN-77", b"CN-78"))
    refused = import_one(uow, company, other)
    assert refused.refusal is not None and refused.refusal["reason"] == "buyer_mismatch"
    assert bill_count(uow, company.id) == 1


def test_a_bill_naming_a_purchase_order_is_linked_to_it_for_three_way_matching(
    uow: UnitOfWork,
) -> None:
    from tests.builders.purchases import po, stock

    company = stock(uow, buyer(uow), bill_policy="received", three_way_matching=True)
    order = po(uow, company, ("CHAIR", "10"))
    content = (DATA / UBL).read_bytes().replace(b"P00001", order.name.encode())
    outcome = import_one(uow, company, ReceivedFile("po.xml", content))
    assert outcome.bill_id is not None and "BT-13" not in [w["term"] for w in outcome.warnings]
    from asiento.store.tables import Invoice

    with uow:
        row = uow.session.get(Invoice, outcome.bill_id)
        assert row is not None and row.purchase_order_id == order.id
        assert row.should_be_paid is not None  # the 3-way verdict was taken


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed.xml", "malformed"),
        ("xxe_attempt.xml", "malformed"),
        ("ubl_order_not_invoice.xml", "not_an_invoice"),
        ("ubl_schema_error.xml", "schema_error"),
    ],
)
def test_bad_files_are_refused_naming_the_file_and_change_nothing(
    uow: UnitOfWork, company: SeededCompany, name: str, reason: str
) -> None:
    outcome = import_one(uow, company, fixture(name))
    assert outcome.refusal is not None and outcome.refusal["reason"] == reason
    assert outcome.refusal["message"].startswith(f"{name}: ")
    assert "root:" not in outcome.refusal["message"]  # no entity was expanded
    assert bill_count(uow) == 0


def test_one_refused_file_does_not_undo_the_others(uow: UnitOfWork, company: SeededCompany) -> None:
    from asiento.services.invoicing.bill_imports import import_bills

    outcomes = import_bills(uow, company.id, [fixture("malformed.xml"), fixture(UBL)])
    assert [o.created for o in outcomes] == [False, True]
    assert bill_count(uow, company.id) == 1


def test_tenant_walls_another_company_sees_neither_the_supplier_nor_the_file(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    mine = import_one(uow, company, fixture(UBL))
    assert mine.bill_id is not None
    other = buyer(uow, "Other Company SL")
    theirs = import_one(uow, other, fixture(UBL))
    assert theirs.refusal is not None and theirs.refusal["reason"] == "unknown_supplier"
    with pytest.raises(NotFound):
        original_file(uow, other.id, mine.bill_id)
    assert bill_import(uow, other.id, mine.bill_id) is None


def test_deleting_the_draft_lets_the_document_be_imported_again(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    from asiento.services.invoicing.invoices import delete_invoice

    first = import_one(uow, company, fixture(UBL))
    assert first.bill_id is not None
    delete_invoice(uow, company.id, first.bill_id)
    assert bill_import(uow, company.id, first.bill_id) is None
    again = import_one(uow, company, fixture(UBL))
    assert again.bill_id is not None and again.refusal is None


@pytest.mark.pg
def test_documents_of_one_new_supplier_imported_at_once_create_it_once(
    engine: Engine, uow: UnitOfWork
) -> None:
    """Four imports at once, two documents of a supplier nobody knows yet: one supplier."""
    if engine.dialect.name != "postgresql":
        pytest.skip("races are proven on PostgreSQL")
    company = buyer(uow)
    original = (DATA / UBL).read_bytes()
    files = [
        ReceivedFile(f"{n}.xml", original.replace(b"WC-2026-0042", f"WC-2026-09{n}".encode()))
        for n in (1, 2, 1, 2)
    ]
    barrier = threading.Barrier(len(files))
    failures: list[BaseException] = []

    def worker(received: ReceivedFile) -> None:
        mine = UnitOfWork.from_engine(engine)
        barrier.wait()
        try:
            import_bills(mine, company.id, [received], create_supplier=True)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with uow:
        suppliers = uow.session.scalars(
            select(Partner.name).where(Partner.company_id == company.id, Partner.is_supplier)
        ).all()
    assert suppliers == ["Wood Corner GmbH"]
    assert bill_count(uow, company.id) == 2
