"""The demo company's identity, bank account, and customers in Spanish and Chinese.

Loaded last by ``load_demo`` so that the ids of everything the base demo
creates stay as they were. The EUR account is the IBAN the demo bank
statements are addressed to, and the bank journal BNK1 points at it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from asiento.domain.commands.bank_accounts import NewBankAccount
from asiento.domain.commands.chart import JournalChanges
from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.domain.commands.taxes import TaxChanges
from asiento.services.reference import bank_accounts, chart, partners
from asiento.services.reference.company_settings import update_company
from asiento.store.uow import UnitOfWork

if TYPE_CHECKING:
    from asiento.services.demo.seed import SeededCompany

COMPANY_IDENTITY = CompanyChanges(
    legal_name="Asiento Demo S.L.",
    trade_name="Asiento",
    street="Calle Mayor 1",
    zip="28013",
    city="Madrid",
    region="Madrid",
    tax_id="ESB12345674",
    registration_number="Registro Mercantil de Madrid, tomo 1234, folio 56, hoja M-7890",
    email="facturas@asiento-demo.example",
    phone="+34 910 000 000",
    website="https://asiento-demo.example",
)
DEMO_ACCOUNT = NewBankAccount(
    is_default=True,
    iban="DE89370400440532013000",
    bic="COBADEFFXXX",
    bank_name="Commerzbank",
    currency="EUR",
    holder_name="Asiento Demo S.L.",
)
SPANISH_CUSTOMER = PartnerChanges(
    street="Avenida Diagonal 640",
    zip="08017",
    city="Barcelona",
    region="Cataluña",
    language="es",
)
CHINESE_CUSTOMER = NewPartner(
    is_customer=True,
    name="上海明辉贸易有限公司",
    street="浦东新区世纪大道100号",
    zip="200120",
    city="上海",
    region="上海市",
    country="CN",
    tax_id="91110108551385082Q",
    email="finance@minghui.example",
    invoice_email="ap@minghui.example",
    language="zh",
)


def load_demo_identity(uow: UnitOfWork, seeded: SeededCompany) -> None:
    """Fill the seller's identity, its EUR account (BNK1's) and two foreign-language customers."""
    update_company(uow, seeded.id, COMPANY_IDENTITY)
    account = bank_accounts.create_bank_account(uow, seeded.id, DEMO_ACCOUNT)
    chart.update_journal(
        uow, seeded.id, seeded.journals["BNK1"], JournalChanges(bank_account_id=account.id)
    )
    azure = seeded.partners["Azure Interior"]
    partners.update_partner(uow, seeded.id, azure, SPANISH_CUSTOMER)
    bank_accounts.create_bank_account(
        uow,
        seeded.id,
        NewBankAccount(partner_id=azure, iban="ES9121000418450200051332", bic="CAIXESBBXXX"),
    )
    acc = seeded.accounts
    chinese = partners.create_partner(
        uow,
        seeded.id,
        replace(
            CHINESE_CUSTOMER, receivable_account_id=acc["1100"], payable_account_id=acc["2000"]
        ),
    )
    seeded.partners[chinese.name] = chinese.id
    for rate in ("21", "10", "0"):
        chart.update_tax(
            uow,
            seeded.id,
            seeded.taxes[f"VAT {rate}% sale"],
            TaxChanges(
                name_translations={"es": f"IVA {rate} %", "zh": f"增值税 {rate}%"},
                legal_mention="exempt" if rate == "0" else None,
            ),
        )
