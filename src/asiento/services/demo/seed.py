"""Demo data and the standard company set-up that tests build on.

``seed_company`` creates a company from the ``generic`` chart template
(``services.reference.chart_templates``): a sensible chart of accounts, the
five journal kinds with their account settings, the company's accounting
settings and VAT 21 %, 10 % and 0 % (sale and purchase). ``load_demo``
adds customers (among them "Smith and Offspring"), suppliers, products and a
handful of posted manual entries, only when the database has no company yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from asiento.domain.access import Permission
from asiento.domain.commands.partners import NewPartner
from asiento.domain.commands.products import NewProduct
from asiento.services.access import principal as access
from asiento.services.bank.statements import load_statements_demo
from asiento.services.followups import followup_levels
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryInput, LineInput
from asiento.services.reference import partners, payment_terms, products
from asiento.services.reference.chart_templates import apply_template_in, load_template
from asiento.services.reference.companies import CompanyInput, create_company_in
from asiento.store.tables import Company
from asiento.store.uow import UnitOfWork

D = Decimal

CHART: tuple[tuple[str, str, str], ...] = tuple(
    (str(code), name, kind) for code, name, kind, *_ in load_template("generic")["accounts"]
)
"""The generic template's accounts (code, name, kind): the demo's chart."""


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
    """A company set up from the ``generic`` chart template (no payment terms), ready to post."""
    cmd = CompanyInput(name=name, currency=currency, **settings)  # type: ignore[arg-type]
    access.require(Permission.SETTINGS)
    with uow:
        company = create_company_in(uow.session, cmd)
        applied = apply_template_in(uow.session, company.id, "generic", with_terms=False)
        uow.commit()
        return SeededCompany(
            company.id, currency, applied.accounts, applied.journals, applied.taxes
        )


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
            NewPartner(
                name=name,
                email=email,
                country=country,
                tax_id=tax_id,
                is_customer=not is_supplier,
                is_supplier=is_supplier,
                receivable_account_id=acc["1100"],
                payable_account_id=acc["2000"],
            ),
        )
        seeded.partners[name] = partner.id
    for code, name, unit, sale, buy, income, expense, rate in PRODUCTS:
        product = products.create_product(
            uow,
            seeded.id,
            NewProduct(
                code=code,
                name=name,
                unit=unit,
                sale_price=D(sale),
                purchase_price=D(buy),
                income_account_id=acc[income],
                expense_account_id=acc[expense],
                tax_ids=(seeded.taxes[f"VAT {rate}% sale"], seeded.taxes[f"VAT {rate}% purchase"]),
            ),
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
