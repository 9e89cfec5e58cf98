"""A German seller with the identity every e-invoice format asks for, and its customers.

``ready_company`` fills the company's identity, electronic address and EUR bank account and adds
exempt, reverse-charge and intra-community taxes next to the chart's 21 % and 10 %; customers
are a German public buyer (Leitweg-ID) and a French business.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from asiento.domain.commands.bank_accounts import NewBankAccount
from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.partners import NewPartner
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import credit_notes, invoices
from asiento.services.invoicing.invoice_inputs import CreditNoteInput
from asiento.services.invoicing.invoice_views import InvoiceView
from asiento.services.reference import bank_accounts, company_settings, partners
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import add_tax, invoice_input, line, posted

D = Decimal
DAY = date(2026, 3, 10)


def ready_company(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    company_settings.update_company(
        uow,
        company.id,
        CompanyChanges(
            legal_name="Beispiel Handel GmbH",
            street="Hauptstraße 1",
            zip="10115",
            city="Berlin",
            country="DE",
            tax_id="DE136695976",
            registration_number="HRB 12345",
            email="rechnung@beispiel.example",
            phone="+49 30 1234567",
            electronic_address="DE136695976",
            electronic_address_scheme="9930",
        ),
    )
    bank_accounts.create_bank_account(uow, company.id, NewBankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX", currency="EUR", holder_name="Beispiel Handel GmbH", is_default=True))  # fmt: skip
    add_tax(uow, company, "Exempt", amount=D(0), legal_mention="exempt",
            exemption_reason="Article 132 (1)(i) VAT Directive", exemption_reason_code="VATEX-EU-132")  # fmt: skip
    add_tax(uow, company, "Reverse charge", amount=D(0), legal_mention="reverse_charge",
            exemption_reason_code="VATEX-EU-AE")  # fmt: skip
    add_tax(uow, company, "Intra-EU", amount=D(0), legal_mention="intra_community",
            exemption_reason_code="VATEX-EU-IC")  # fmt: skip
    return company


def german_buyer(uow: UnitOfWork, company: SeededCompany, **values: Any) -> int:
    fields: dict[str, Any] = {
        "name": "Bundesamt für Beispiele",
        "street": "Amtsweg 5",
        "zip": "53113",
        "city": "Bonn",
        "country": "DE",
        "tax_id": "DE811907980",
        "email": "eingang@amt.example",
        "electronic_address": "991-12345-67",
        "electronic_address_scheme": "0204",
        "buyer_reference": "991-12345-67",
        "receivable_account_id": company.accounts["1100"],
    } | values
    return partners.create_partner(uow, company.id, NewPartner(**fields)).id


def french_buyer(uow: UnitOfWork, company: SeededCompany) -> int:
    return partners.create_partner(uow, company.id, NewPartner(name="Société Exemple SARL", street="1 rue de la Paix", zip="75002", city="Paris", country="FR", tax_id="FR40303265045", electronic_address="FR40303265045", electronic_address_scheme="9957", buyer_reference="PO-778", receivable_account_id=company.accounts["1100"])).id  # fmt: skip


def several_rates(
    uow: UnitOfWork, company: SeededCompany, partner_id: int, **values: Any
) -> InvoiceView:
    """21 % and 10 % lines, one with a 10 % discount, an exempt line: 1000 + 171 + 50 net."""
    t = company.taxes
    return posted(
        uow,
        company,
        invoice_input(
            partner_id,
            line("100", "10", t["VAT 21% sale"], description="Consulting hours"),
            line("45", "4", t["VAT 10% sale"], description="Books", discount=D("5")),
            line("50", "1", t["Exempt"], description="Training (exempt)"),
            invoice_date=DAY,
            **values,
        ),
    )


def credit_note_of(uow: UnitOfWork, company: SeededCompany, invoice_id: int) -> InvoiceView:
    draft = credit_notes.create_credit_note(
        uow, company.id, invoice_id, CreditNoteInput(reason="Returned", date=DAY)
    )
    return invoices.post_invoice(uow, company.id, draft.id)
