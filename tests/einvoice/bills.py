"""Builders for bill import tests: a buyer company with a VAT number, its suppliers, files."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.commands.partners import NewPartner
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing.bill_imports import ImportOutcome, ReceivedFile, import_bills
from asiento.services.reference import partners
from asiento.services.reference.company_settings import update_company
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork

DATA = Path(__file__).resolve().parents[1] / "data" / "einvoice"
BUYER_VAT = "ESB58378431"


def buyer(uow: UnitOfWork, name: str = "Test Company SL", vat: str = BUYER_VAT) -> SeededCompany:
    """A EUR company rounding VAT per document (as EN 16931 does), with a VAT number."""
    company = seed_company(uow, name, "EUR", tax_rounding="round_globally")
    update_company(uow, company.id, CompanyChanges(tax_id=vat))
    return company


def supplier(uow: UnitOfWork, company: SeededCompany, name: str, vat: str | None) -> int:
    partner = partners.create_partner(
        uow, company.id, NewPartner(name=name, tax_id=vat, is_supplier=True, is_customer=False)
    )
    company.partners[name] = partner.id
    return partner.id


def fixture(name: str) -> ReceivedFile:
    return ReceivedFile(name, (DATA / name).read_bytes())


def import_one(
    uow: UnitOfWork, company: SeededCompany, received: ReceivedFile, create: bool = False
) -> ImportOutcome:
    [outcome] = import_bills(uow, company.id, [received], create_supplier=create)
    return outcome


def bill_count(uow: UnitOfWork, company_id: int | None = None) -> int:
    with uow:
        stmt = select(func.count()).select_from(Invoice)
        if company_id is not None:
            stmt = stmt.where(Invoice.company_id == company_id)
        return int(uow.session.scalar(stmt) or 0)
