"""A seller with its identity and EUR account, and Spanish and Chinese customers with
invoices of two tax rates and two installments (the issue's acceptance scenario)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from pypdf import PdfReader

from asiento.domain.commands.bank_accounts import NewBankAccount
from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.taxes import TaxChanges
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.reference import bank_accounts, chart, company_settings
from asiento.store.tables import PaymentTerm
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer

D = Decimal
SELLER_IBAN = "DE89370400440532013000"
TERM = {
    "name": "Half in 30 days, rest in 60",
    "lines": [
        {"kind": "percent", "value": "50", "due": {"days": 30}},
        {"kind": "balance", "due": {"days": 60}},
    ],
    "discount": {"percent": "2", "days": 10, "tax_treatment": "reduce_on_early_payment"},
}
LINES = (("Standing desk", "20", "489.90", "21"), ("Accounting handbook", "10", "39.50", "10"))
"""9,798.00 at 21 % (2,057.58) and 395.00 at 10 % (39.50): untaxed 10,193.00, tax 2,097.08,
total 12,290.08; installments 6,145.04 and 6,145.04; 2 % off by day 10: 12,044.28."""


@dataclass
class Scenario:
    company: SeededCompany
    spanish: int
    chinese: int
    term_id: int


def seller(uow: UnitOfWork, company: SeededCompany) -> Scenario:
    company_settings.update_company(
        uow,
        company.id,
        CompanyChanges(
            legal_name="Test Company S.L.",
            street="Calle Mayor 1",
            zip="28013",
            city="Madrid",
            country="ES",
            tax_id="ESB12345674",
            registration_number="RM Madrid M-7890",
            email="billing@test.example",
        ),
    )
    bank_accounts.create_bank_account(uow, company.id, NewBankAccount(iban=SELLER_IBAN, bic="COBADEFFXXX", bank_name="Commerzbank", currency="EUR", is_default=True))  # fmt: skip
    chart.update_tax(uow, company.id, company.taxes["VAT 21% sale"], TaxChanges(name_translations={"es": "IVA 21 %", "zh": "增值税 21%"}))  # fmt: skip
    chart.update_tax(uow, company.id, company.taxes["VAT 10% sale"], TaxChanges(name_translations={"es": "IVA 10 %", "zh": "增值税 10%"}))  # fmt: skip
    spanish = customer(
        uow, company, "Azure Interior S.A.", street="Avenida Diagonal 640", zip="08017",
        city="Barcelona", country="ES", tax_id="ESB58378431", language="es",
        email="billing@azure.example", invoice_email="ap@azure.example",
    )  # fmt: skip
    chinese = customer(
        uow, company, "上海明辉贸易有限公司", street="浦东新区世纪大道100号", zip="200120",
        city="上海", country="CN", tax_id="91110108551385082Q", language="zh",
        email="finance@minghui.example",
    )  # fmt: skip
    with uow:
        row = PaymentTerm(company_id=company.id, name=TERM["name"], definition=json.dumps(TERM),
                          created_at=datetime.now(UTC))  # fmt: skip
        uow.session.add(row)
        uow.commit()
        term_id = row.id
    return Scenario(company, spanish, chinese, term_id)


def post_invoice(uow: UnitOfWork, scenario: Scenario, partner_id: int) -> int:
    company = scenario.company
    data = InvoiceInput(
        kind="customer_invoice",
        partner_id=partner_id,
        invoice_date=date(2026, 3, 2),
        payment_term_id=scenario.term_id,
        lines=tuple(
            InvoiceLineInput(
                description=text,
                quantity=D(qty),
                price_unit=D(price),
                account_id=company.accounts["4000"],
                tax_ids=(company.taxes[f"VAT {rate}% sale"],),
            )
            for text, qty, price, rate in LINES
        ),
    )
    draft = invoices.create_invoice(uow, company.id, data)
    return invoices.post_invoice(uow, company.id, draft.id).id


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def font_names(pdf: bytes) -> set[str]:
    """The base fonts the PDF embeds (``/AAAAAA+Noto-Sans-CJK-SC`` -> after the ``+``)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return names
