"""Demo data and the standard company set-up that tests build on.

``seed_company`` creates a company with a sensible chart of accounts, the five
journal kinds and VAT 21 %, 10 % and 0 % (sale and purchase). ``load_demo``
adds customers (among them "Smith and Offspring"), suppliers, products and a
handful of posted manual entries, only when the database has no company yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from asiento.services.bank.statements import load_statements_demo
from asiento.services.followups import followup_levels
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.services.reference import chart, partners, payment_terms
from asiento.services.reference.companies import CompanyInput, create_company
from asiento.store.tables import Company
from asiento.store.uow import UnitOfWork

D = Decimal

CHART: tuple[tuple[str, str, str], ...] = (
    ("1000", "Bank", "bank"),
    ("1010", "Cash", "cash"),
    ("1020", "Outstanding receipts", "current_asset"),
    ("1030", "Outstanding payments", "current_asset"),
    ("1090", "Bank suspense", "current_asset"),
    ("1100", "Accounts receivable", "receivable"),
    ("1200", "Inventory", "current_asset"),
    ("1300", "VAT receivable", "current_asset"),
    ("1500", "Equipment", "fixed_asset"),
    ("2000", "Accounts payable", "payable"),
    ("2100", "VAT payable", "current_liability"),
    ("2200", "Accrued liabilities", "current_liability"),
    ("3000", "Share capital", "equity"),
    ("3100", "Retained earnings", "equity"),
    ("4000", "Sales of goods", "income"),
    ("4100", "Sales of services", "income"),
    ("4900", "Other income", "other_income"),
    ("4950", "Exchange gains", "other_income"),
    ("4960", "Cash discounts received", "other_income"),
    ("5000", "Cost of goods sold", "cost_of_revenue"),
    ("6000", "Rent", "expense"),
    ("6100", "Office supplies", "expense"),
    ("6200", "Bank fees", "expense"),
    ("6300", "Salaries", "expense"),
    ("6900", "Exchange losses", "expense"),
    ("6950", "Cash discounts granted", "expense"),
)
RECONCILABLE = {"1020", "1030", "1100", "2000"}
JOURNALS: tuple[tuple[str, str, str, str | None], ...] = (
    ("INV", "Customer invoices", "sale", "4000"),
    ("BILL", "Vendor bills", "purchase", "6100"),
    ("BNK1", "Bank", "bank", "1000"),
    ("CSH", "Cash", "cash", "1010"),
    ("MISC", "Miscellaneous operations", "general", None),
)
VAT_RATES = (("21", "VAT 21%"), ("10", "VAT 10%"), ("0", "VAT 0%"))


@dataclass
class SeededCompany:
    """Ids of what ``seed_company`` created, by account code, journal code and tax name."""

    id: int
    currency: str
    accounts: dict[str, int] = field(default_factory=dict)
    journals: dict[str, int] = field(default_factory=dict)
    taxes: dict[str, int] = field(default_factory=dict)
    partners: dict[str, int] = field(default_factory=dict)
    products: dict[str, int] = field(default_factory=dict)


def seed_company(
    uow: UnitOfWork, name: str = "Asiento Demo SL", currency: str = "EUR", **settings: object
) -> SeededCompany:
    """A company with chart, journals and VAT taxes, ready to post."""
    company = create_company(uow, CompanyInput(name=name, currency=currency, **settings))  # type: ignore[arg-type]
    seeded = SeededCompany(company.id, currency)
    for code, label, kind in CHART:
        acc = chart.create_account(
            uow, company.id, code=code, name=label, kind=kind, reconcilable=code in RECONCILABLE
        )
        seeded.accounts[code] = acc.id
    for code, label, kind, default in JOURNALS:
        journal = chart.create_journal(
            uow,
            company.id,
            code=code,
            name=label,
            kind=kind,
            default_account_id=seeded.accounts[default] if default else None,
        )
        seeded.journals[code] = journal.id
    _seed_taxes(uow, seeded)
    return seeded


def _seed_taxes(uow: UnitOfWork, seeded: SeededCompany) -> None:
    for rate, label in VAT_RATES:
        for usage, account in (("sale", "2100"), ("purchase", "1300")):
            tax = chart.create_tax(
                uow,
                seeded.id,
                name=label,
                usage=usage,
                amount_type="percent",
                amount=D(rate),
                tax_account_id=seeded.accounts[account],
                tax_group=label,
            )
            seeded.taxes[f"{label} {usage}"] = tax.id


CUSTOMERS = (
    ("Smith and Offspring", "accounts@smith-offspring.example", "GB", None),
    ("Azure Interior", "billing@azure-interior.example", "ES", "ESB58378431"),
    ("Deco Addict", "ap@deco-addict.example", "BE", "BE0477472701"),
)
SUPPLIERS = (
    ("Wood Corner", "invoices@woodcorner.example", "DE", "DE136695976"),
    ("Ready Mat", "billing@readymat.example", "NL", None),
    ("Gemini Furniture", "ar@gemini-furniture.example", "FR", None),
)
PRODUCTS = (
    ("CHAIR", "Office chair", "unit", "149.00", "82.50", "4000", "5000", "21"),
    ("DESK", "Standing desk", "unit", "489.90", "301.00", "4000", "5000", "21"),
    ("CONS", "Consulting hour", "hour", "95.00", "0", "4100", "6100", "21"),
    ("BOOK", "Accounting handbook", "unit", "39.50", "21.00", "4000", "5000", "10"),
)


def seed_partners_and_products(uow: UnitOfWork, seeded: SeededCompany) -> None:
    acc = seeded.accounts
    for name, email, country, tax_id in CUSTOMERS + SUPPLIERS:
        is_supplier = (name, email, country, tax_id) in SUPPLIERS
        partner = partners.create_partner(
            uow,
            seeded.id,
            name=name,
            email=email,
            country=country,
            tax_id=tax_id,
            is_customer=not is_supplier,
            is_supplier=is_supplier,
            receivable_account_id=acc["1100"],
            payable_account_id=acc["2000"],
        )
        seeded.partners[name] = partner.id
    for code, name, unit, sale, buy, income, expense, rate in PRODUCTS:
        product = partners.create_product(
            uow,
            seeded.id,
            code=code,
            name=name,
            unit=unit,
            sale_price=D(sale),
            purchase_price=D(buy),
            income_account_id=acc[income],
            expense_account_id=acc[expense],
            tax_ids=[seeded.taxes[f"VAT {rate}% sale"], seeded.taxes[f"VAT {rate}% purchase"]],
        )
        seeded.products[code] = product.id


def demo_entries(year: int) -> list[EntryInput]:
    """A handful of plausible manual entries for the demo year."""

    def e(day: date, ref: str, *lines: LineInput, journal: str = "MISC") -> EntryInput:
        return EntryInput(journal=journal, date=day, ref=ref, lines=lines)

    return [
        e(
            date(year, 1, 2),
            "Capital contribution",
            LineInput("1000", debit=D("50000.00"), label="Founders' capital"),
            LineInput("3000", credit=D("50000.00"), label="Founders' capital"),
            journal="BNK1",
        ),
        e(
            date(year, 1, 5),
            "January rent",
            LineInput("6000", debit=D("1200.00"), label="Office rent January"),
            LineInput("1000", credit=D("1200.00"), label="Office rent January"),
            journal="BNK1",
        ),
        e(
            date(year, 1, 31),
            "Bank fees January",
            LineInput("6200", debit=D("18.40"), label="Account maintenance"),
            LineInput("1000", credit=D("18.40"), label="Account maintenance"),
            journal="BNK1",
        ),
        e(
            date(year, 2, 1),
            "Equipment purchase",
            LineInput("1500", debit=D("3000.00"), label="Laptops"),
            LineInput("1300", debit=D("630.00"), label="VAT 21% on laptops"),
            LineInput("1000", credit=D("3630.00"), label="Laptops"),
        ),
        e(
            date(year, 2, 28),
            "February salaries",
            LineInput("6300", debit=D("8400.00"), label="Salaries February"),
            LineInput("2200", credit=D("1260.00"), label="Withholding"),
            LineInput("1000", credit=D("7140.00"), label="Net salaries"),
        ),
    ]


def database_is_empty(uow: UnitOfWork) -> bool:
    with uow:
        return uow.session.scalar(select(Company.id).limit(1)) is None


def load_demo(uow: UnitOfWork, year: int = 2026, documents: bool = True) -> SeededCompany | None:
    """Load the demo company when the database has none; returns None when it already had one.

    ``documents``: also invoices, a bill, payments and a bank statement dated
    relative to today (``services.demo_documents``), so every page has data.
    """
    if not database_is_empty(uow):
        return None
    seeded = seed_company(uow, "Asiento Demo SL", "EUR", country="ES", allow_proforma=True)
    seed_partners_and_products(uow, seeded)
    payment_terms.load_demo_terms(uow, seeded.id, seeded.partners)
    for entry in demo_entries(year):
        ledger.create_entry(uow, seeded.id, entry, post=True)
    followup_levels.seed_default_levels(uow, seeded.id)
    load_statements_demo(uow, seeded.id)
    if documents:
        from asiento.services.demo.demo_documents import load_demo_documents

        load_demo_documents(uow, seeded)
    from asiento.services.demo.demo_identity import load_demo_identity

    load_demo_identity(uow, seeded)
    return seeded
