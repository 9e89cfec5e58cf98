"""How to pay: the structured reference, the EPC and Swiss QR codes, and statement matching.

The EPC code on the Spanish customer's invoice is decoded back from its PNG
(zxing-cpp) to its EPC069-12 fields; a statement line quoting the RF
reference, spaced or not, in its text or reference reconciles the invoice in
the automatic pass.
"""

from __future__ import annotations

import base64
import io
from datetime import date
from decimal import Decimal

import zxingcpp
from PIL import Image

from asiento.domain.commands.bank_accounts import NewBankAccount
from asiento.domain.commands.companies import CompanyChanges
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statement_suggestions import reference_words
from asiento.services.bank.statements import ManualLine, ManualStatement, create_statement
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_documents import invoice_print
from asiento.services.invoicing.payment_reference import (
    is_structured,
    qr_reference,
    references_in,
    rf_reference,
)
from asiento.services.reference import bank_accounts, company_settings
from asiento.services.reference.currencies import enable
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line
from tests.documents.identity_builders import SELLER_IBAN, post_invoice, seller

D = Decimal


def decode_png(data_url: str) -> str:
    png = base64.b64decode(data_url.split(",", 1)[1])
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1
    return str(found[0].text)


def test_rf_and_qr_references_pass_their_schemes() -> None:
    assert rf_reference("INV", "INV/2026/00042") == "RF36INV202600042"
    assert rf_reference("SHOP", "2026-7") == "RF83SHOP20267"
    long = rf_reference("VERYLONGJOURNAL", "VERYLONGJOURNAL/2026/0000000042")
    assert len(long) <= 25 and is_structured(long)
    qrr = qr_reference(3, "INV/2026/00042")
    assert (len(qrr), qrr) == (27, "000000000000030002026000425")
    assert is_structured("00 00000 00000 03000 20260 00425")
    assert not is_structured("RF00INV202600042")


def test_references_are_found_spaced_or_not_in_a_text() -> None:
    text = "Pago factura RF36 INV2 0260 0042, gracias; also RF36INV202600042. RF12 nothing"
    assert references_in(text) == {"RF36INV202600042"}
    assert references_in("QRR 00 00000 00000 03000 20260 00425") == {"000000000000030002026000425"}
    assert references_in("REFUND 12") == set()


def test_the_epc_code_decodes_to_iban_amount_and_reference(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    scenario = seller(uow, company)
    invoice_id = post_invoice(uow, scenario, scenario.spanish)
    doc = invoice_print(uow, company.id, invoice_id)
    assert doc.payment is not None and doc.payment.epc_png is not None
    assert (doc.payment.account, doc.payment.reference) == (
        "DE89 3704 0044 0532 0130 00",
        "RF76 INV2 0260 0001",
    )
    fields = decode_png(doc.payment.epc_png).split("\n")
    # EPC069-12: service tag, version, encoding (2: ISO 8859-1), SCT, BIC, name, IBAN,
    # amount, purpose, structured reference
    assert fields[:10] == [
        "BCD", "002", "2", "SCT", "COBADEFFXXX", "Test Company S.L.", SELLER_IBAN,
        "EUR12290.08", "", "RF76INV202600001",
    ]  # fmt: skip


def test_a_statement_line_quoting_the_reference_reconciles_the_invoice(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    scenario = seller(uow, company)
    first = post_invoice(uow, scenario, scenario.spanish)
    second = post_invoice(uow, scenario, scenario.spanish)  # same amount: the reference decides
    day = date(2026, 3, 20)
    spaced = " ".join(rf_reference("INV", "INV/2026/00002")[i : i + 4] for i in range(0, 16, 4))
    lines = (
        ManualLine(day, D("12290.08"), counterparty_name="Someone", communication=f"Pago {spaced}"),
        ManualLine(day, D("12290.08"), counterparty_name="Someone", reference="RF76INV202600001"),
    )  # fmt: skip
    statement = create_statement(
        uow, company.id, ManualStatement("BNK1", day, "S1", None, None, lines)
    )
    assert rf_reference("INV", "INV/2026/00002") in reference_words(statement.lines[0])
    report = auto_reconcile(uow, company.id)
    assert len(report.matched) == 2, report
    with uow:
        states = {i: uow.session.get_one(Invoice, i).payment_state for i in (first, second)}
    assert set(states.values()) <= {"in_payment", "paid"}


def test_swiss_qr_iban_gets_a_qr_reference_and_a_qr_bill(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with uow:
        enable(uow.session, company.id, "CHF")
        uow.commit()
    swiss = CompanyChanges(legal_name="Test AG", street="Bahnhofstrasse 1",
                           zip="8001", city="Zürich", country="CH")  # fmt: skip
    company_settings.update_company(uow, company.id, swiss)
    bank_accounts.create_bank_account(
        uow,
        company.id,
        NewBankAccount(iban="CH44 3199 9123 0008 8901 2", currency="CHF", is_default=True),
    )
    partner = customer(uow, company, "Kunde GmbH", street="Marktgasse 2", zip="3011",
                       city="Bern", country="CH")  # fmt: skip
    data = invoice_input(partner, line("100.00", account_id=company.accounts["4000"]),
                         currency="CHF", invoice_date=date(2026, 3, 2))  # fmt: skip
    with uow:
        from asiento.store.tables import CurrencyRate

        uow.session.add(CurrencyRate(company_id=company.id, currency="CHF",
                                     date=date(2026, 1, 1), rate=D("1.05")))  # fmt: skip
        uow.commit()
    draft = invoices.create_invoice(uow, company.id, data)
    invoices.post_invoice(uow, company.id, draft.id)
    doc = invoice_print(uow, company.id, draft.id)
    with uow:
        qrr = uow.session.get_one(Invoice, draft.id).structured_reference
    assert qrr is not None and len(qrr) == 27 and is_structured(qrr)
    assert doc.payment is not None and doc.payment.swiss_bill_svg is not None
    assert doc.payment.epc_png is None
    payload = (doc.payment.swiss_payload or "").split("\r\n")
    # Swiss Payments Code: header, IBAN, creditor, amount/currency, debtor, reference type + QRR
    assert payload[:3] == ["SPC", "0200", "1"]
    assert payload[3] == "CH4431999123000889012"
    assert "100.00" in payload and "CHF" in payload and "QRR" in payload and qrr in payload
    assert "Kunde GmbH" in payload


def test_a_draft_shows_the_account_but_no_code_and_a_bill_no_instructions(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    scenario = seller(uow, company)
    draft = invoices.create_invoice(
        uow, company.id,
        invoice_input(scenario.spanish, line("10", account_id=company.accounts["4000"])),
    )  # fmt: skip
    doc = invoice_print(uow, company.id, draft.id)
    assert doc.payment is not None
    assert (doc.payment.account, doc.payment.reference, doc.payment.epc_png) == (
        "DE89 3704 0044 0532 0130 00", None, None,
    )  # fmt: skip
    bill = invoices.create_invoice(
        uow, company.id,
        invoice_input(scenario.spanish, line("10", account_id=company.accounts["6100"]),
                      kind="vendor_bill"),
    )  # fmt: skip
    assert invoice_print(uow, company.id, bill.id).payment is None
