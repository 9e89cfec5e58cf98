"""The payment advice a supplier receives, in its language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from asiento.domain.commands.bank_accounts import NewBankAccount
from asiento.domain.errors import InvalidInput
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.remittance import remittance_pdf
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference import bank_accounts
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line
from tests.documents.identity_builders import pdf_text, seller

D = Decimal


def test_a_spanish_supplier_gets_its_payment_advice_in_spanish(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    seller(uow, company)
    supplier = customer(uow, company, "Maderas del Norte S.L.", country="ES", language="es",
                        is_supplier=True, tax_id="ESB58378431")  # fmt: skip
    bank_accounts.create_bank_account(
        uow, company.id, NewBankAccount(partner_id=supplier, iban="ES9121000418450200051332")
    )
    bills = []
    for ref, price in (("F-2026-118", "1000.00"), ("F-2026-131", "2500.50")):
        draft = invoices.create_invoice(uow, company.id, invoice_input(
            supplier, line(price, account_id=company.accounts["6100"]), kind="vendor_bill",
            ref=ref, invoice_date=date(2026, 3, 2)))  # fmt: skip
        bills.append(invoices.post_invoice(uow, company.id, draft.id).id)
    result = register_payment(uow, company.id, bills, RegisterPaymentInput(date(2026, 3, 20)))
    payment_id = result.payments[0].id
    name, pdf = remittance_pdf(uow, company.id, payment_id)
    text = "".join(pdf_text(pdf).split())
    assert name == f"payment-advice-{payment_id}.pdf"
    for expected in ("Avisodepago", "Fechadepago:20mar2026", "PagadoA:".lower(),
                     "F-2026-118", "1.000,00€", "F-2026-131", "2.500,50€", "Totalpagado3.500,50€",
                     "ES9121000418450200051332", "MaderasdelNorteS.L.", "TestCompanyS.L."):  # fmt: skip
        assert expected.lower() in text.lower(), expected
    with pytest.raises(InvalidInput, match="not a posted payment to a supplier"):
        inbound = customer(uow, company, "Cliente")
        draft = invoices.create_invoice(uow, company.id, invoice_input(
            inbound, line("10", account_id=company.accounts["4000"])))  # fmt: skip
        invoices.post_invoice(uow, company.id, draft.id)
        paid = register_payment(
            uow, company.id, [draft.id], RegisterPaymentInput(date(2026, 3, 20))
        )
        remittance_pdf(uow, company.id, paid.payments[0].id)
