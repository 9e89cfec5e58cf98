"""Chart of accounts, journals, sequences and taxes."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, company_fk
from asiento.store.types import ExactDecimal


class Account(CompanyScoped, Base):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("company_id", "code"),)

    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    reconcilable: Mapped[bool] = mapped_column(Boolean, default=False)
    currency: Mapped[str | None] = mapped_column(String(3))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Journal(CompanyScoped, Base):
    """A book of entries with its own gapless numbering and hash chain."""

    __tablename__ = "journals"
    __table_args__ = (
        UniqueConstraint("company_id", "code"),
        company_fk("default_account_id", "accounts"),
        company_fk("outstanding_receipts_account_id", "accounts"),
        company_fk("outstanding_payments_account_id", "accounts"),
        company_fk("suspense_account_id", "accounts"),
        company_fk("bank_account_id", "bank_accounts"),
    )

    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    default_account_id: Mapped[int | None] = mapped_column(IdType)
    # bank/cash journals: where payments post before the statement line clears
    # them (the default account itself: payments post straight to the bank),
    # and where unreconciled statement lines wait
    outstanding_receipts_account_id: Mapped[int | None] = mapped_column(IdType)
    outstanding_payments_account_id: Mapped[int | None] = mapped_column(IdType)
    suspense_account_id: Mapped[int | None] = mapped_column(IdType)
    number_format: Mapped[str] = mapped_column(String(64), default="{prefix}/{year}/{seq:05d}")
    currency: Mapped[str | None] = mapped_column(String(3))
    iban: Mapped[str | None] = mapped_column(String(34))
    # the bank's account number when it is not an IBAN (MT940 :25:, OFX ACCTID)
    bank_account: Mapped[str | None] = mapped_column(String(64))
    # the company's bank account this (bank) journal books
    bank_account_id: Mapped[int | None] = mapped_column(IdType)
    chain_length: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Sequence(CompanyScoped, Base):
    """Next number per (company, journal, fiscal year); taken under a row lock."""

    __tablename__ = "sequences"
    __table_args__ = (
        UniqueConstraint("company_id", "journal_id", "fiscal_year_id"),
        company_fk("journal_id", "journals"),
        company_fk("fiscal_year_id", "fiscal_years"),
    )

    journal_id: Mapped[int] = mapped_column(IdType)
    fiscal_year_id: Mapped[int] = mapped_column(IdType)
    next_number: Mapped[int] = mapped_column(Integer, default=1)


class Tax(CompanyScoped, Base):
    __tablename__ = "taxes"
    __table_args__ = (
        UniqueConstraint("company_id", "name", "usage"),
        company_fk("tax_account_id", "accounts"),
        company_fk("base_account_id", "accounts"),
    )

    name: Mapped[str] = mapped_column(String(100))
    usage: Mapped[str] = mapped_column(String(16), default="sale")
    amount_type: Mapped[str] = mapped_column(String(16), default="percent")
    amount: Mapped[Decimal] = mapped_column(ExactDecimal)
    price_include: Mapped[bool] = mapped_column(Boolean, default=False)
    include_base_amount: Mapped[bool] = mapped_column(Boolean, default=False)
    tax_account_id: Mapped[int] = mapped_column(IdType)
    base_account_id: Mapped[int | None] = mapped_column(IdType)
    tax_group: Mapped[str] = mapped_column(String(64), default="VAT")
    sequence: Mapped[int] = mapped_column(Integer, default=10)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # what a document must say about this tax (services.invoicing.document_text
    # LEGAL_MENTIONS): exempt, reverse_charge, intra_community, export or NULL;
    # ``exemption_reason`` is the legal basis printed after it (e.g. an article)
    legal_mention: Mapped[str | None] = mapped_column(String(20))
    exemption_reason: Mapped[str | None] = mapped_column(String(200))
    # UNCL5305 VAT category of e-invoices (domain.einvoice.codes) and its VATEX reason code
    vat_category: Mapped[str | None] = mapped_column(String(3))
    exemption_reason_code: Mapped[str | None] = mapped_column(String(50))
    # the tax's name in other languages, JSON {"es": "IVA 21 %", "zh": "增值税 21%"}
    name_translations: Mapped[str] = mapped_column(Text, default="", server_default="")


class AccountingSettings(CompanyScoped, Base):
    """One row per company: the accounts automatic postings use (``domain.account_settings``).

    A missing row or an empty column means "not set": a posting that needs it
    is refused with ``MissingSetting``.
    """

    __tablename__ = "accounting_settings"
    __table_args__ = (
        UniqueConstraint("company_id"),
        company_fk("receivable_account_id", "accounts"),
        company_fk("payable_account_id", "accounts"),
        company_fk("exchange_gain_account_id", "accounts"),
        company_fk("exchange_loss_account_id", "accounts"),
        company_fk("discount_granted_account_id", "accounts"),
        company_fk("discount_received_account_id", "accounts"),
        company_fk("writeoff_account_id", "accounts"),
        company_fk("rounding_account_id", "accounts"),
        company_fk("retained_earnings_account_id", "accounts"),
        company_fk("opening_balance_account_id", "accounts"),
    )

    receivable_account_id: Mapped[int | None] = mapped_column(IdType)
    payable_account_id: Mapped[int | None] = mapped_column(IdType)
    exchange_gain_account_id: Mapped[int | None] = mapped_column(IdType)
    exchange_loss_account_id: Mapped[int | None] = mapped_column(IdType)
    discount_granted_account_id: Mapped[int | None] = mapped_column(IdType)
    discount_received_account_id: Mapped[int | None] = mapped_column(IdType)
    writeoff_account_id: Mapped[int | None] = mapped_column(IdType)
    rounding_account_id: Mapped[int | None] = mapped_column(IdType)
    retained_earnings_account_id: Mapped[int | None] = mapped_column(IdType)
    # what an opening balance import posts against (services.imports.opening)
    opening_balance_account_id: Mapped[int | None] = mapped_column(IdType)


class TaxReportLine(CompanyScoped, Base):
    """Which report box a tax's base or amount feeds, on invoices or on credit notes.

    ``document``: ``invoice`` or ``refund`` (read from the item's side: see
    ``reports.tax_boxes``); ``amount_kind``: ``base`` or ``tax``; ``account_id``:
    for tax amounts, the account the amount posts on (None: any); ``factor``
    +1 or -1 (a reverse-charge tax of -21 % feeds the accrued box with -1).
    """

    __tablename__ = "tax_report_lines"
    __table_args__ = (
        company_fk("tax_id", "taxes", ondelete="CASCADE"),
        company_fk("account_id", "accounts"),
    )

    tax_id: Mapped[int] = mapped_column(IdType, index=True)
    document: Mapped[str] = mapped_column(String(8))
    amount_kind: Mapped[str] = mapped_column(String(4))
    account_id: Mapped[int | None] = mapped_column(IdType)
    box: Mapped[str] = mapped_column(String(16))
    factor: Mapped[int] = mapped_column(Integer, default=1)


class TaxReportBox(CompanyScoped, Base):
    """A box of the company's tax return: its label, order and, for totals, its formula.

    ``formula``: space-separated boxes to add, ``-X`` to subtract (``"27 -45"``);
    empty for a box fed by ``TaxReportLine`` rows.
    """

    __tablename__ = "tax_report_boxes"
    __table_args__ = (UniqueConstraint("company_id", "box"),)

    box: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    formula: Mapped[str] = mapped_column(String(200), default="")


__all__ = [
    "Account",
    "AccountingSettings",
    "IdType",
    "Journal",
    "Sequence",
    "Tax",
    "TaxReportBox",
    "TaxReportLine",
]
