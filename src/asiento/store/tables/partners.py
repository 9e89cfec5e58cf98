"""Partners (customers, suppliers) and products."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, company_fk, tax_links
from asiento.store.types import ExactDecimal


class Partner(CompanyScoped, Base):
    __tablename__ = "partners"
    __table_args__ = (
        company_fk("receivable_account_id", "accounts"),
        company_fk("payable_account_id", "accounts"),
        company_fk("customer_payment_term_id", "payment_terms"),
        company_fk("supplier_payment_term_id", "payment_terms"),
    )

    name: Mapped[str] = mapped_column(String(200), index=True)
    ref: Mapped[str | None] = mapped_column(String(64))
    is_customer: Mapped[bool] = mapped_column(Boolean, default=True)
    is_supplier: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str | None] = mapped_column(String(254))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    zip: Mapped[str | None] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    # documents sent to this partner are in this language (en, es, zh); NULL:
    # the company's language
    language: Mapped[str | None] = mapped_column(String(5))
    # where invoices go; NULL: ``email``
    invoice_email: Mapped[str | None] = mapped_column(String(254))
    tax_id: Mapped[str | None] = mapped_column(String(64))
    # e-invoices: electronic address with its EAS scheme (BT-49), buyer reference or
    # Leitweg-ID (BT-10), and the format they get (None: the company's default)
    electronic_address: Mapped[str | None] = mapped_column(String(254))
    electronic_address_scheme: Mapped[str | None] = mapped_column(String(4))
    buyer_reference: Mapped[str | None] = mapped_column(String(100))
    einvoice_format: Mapped[str | None] = mapped_column(String(16))
    iban: Mapped[str | None] = mapped_column(String(34))
    receivable_account_id: Mapped[int | None] = mapped_column(IdType)
    payable_account_id: Mapped[int | None] = mapped_column(IdType)
    customer_payment_term_id: Mapped[int | None] = mapped_column(IdType)
    supplier_payment_term_id: Mapped[int | None] = mapped_column(IdType)
    # days of the month the partner pays on ("5,20"); empty: any day
    payment_days: Mapped[str] = mapped_column(String(64), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PartnerContact(CompanyScoped, Base):
    """A person at a partner (accounts payable, a buyer): name, role, e-mail, phone.

    Deleted with its partner row (a partner with documents is archived, never deleted).
    """

    __tablename__ = "partner_contacts"
    __table_args__ = (company_fk("partner_id", "partners", ondelete="CASCADE"),)

    partner_id: Mapped[int] = mapped_column(IdType, index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))


product_taxes = tax_links("product_taxes", "product_id", "products")


class Product(CompanyScoped, Base):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("company_id", "code"),
        company_fk("income_account_id", "accounts"),
        company_fk("expense_account_id", "accounts"),
    )

    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(16), default="unit")
    # UN/ECE Recommendation 20 unit of e-invoices (BT-130); C62 = "one"
    unit_code: Mapped[str] = mapped_column(String(3), default="C62", server_default="C62")
    sale_price: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    purchase_price: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    income_account_id: Mapped[int | None] = mapped_column(IdType)
    expense_account_id: Mapped[int | None] = mapped_column(IdType)
    bill_policy: Mapped[str | None] = mapped_column(String(10))  # None: company default
    invoice_policy: Mapped[str | None] = mapped_column(String(10))  # None: company default
    active: Mapped[bool] = mapped_column(Boolean, default=True)


__all__ = ["Partner", "Product", "product_taxes"]
