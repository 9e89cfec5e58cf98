"""Chart of accounts, journals, sequences and taxes."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType
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
    __table_args__ = (UniqueConstraint("company_id", "code"),)

    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    default_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    # bank/cash journals: where payments post before the statement line clears
    # them (the default account itself: payments post straight to the bank),
    # and where unreconciled statement lines wait
    outstanding_receipts_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    outstanding_payments_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    suspense_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    number_format: Mapped[str] = mapped_column(String(64), default="{prefix}/{year}/{seq:05d}")
    currency: Mapped[str | None] = mapped_column(String(3))
    iban: Mapped[str | None] = mapped_column(String(34))
    # the bank's account number when it is not an IBAN (MT940 :25:, OFX ACCTID)
    bank_account: Mapped[str | None] = mapped_column(String(64))
    # the company's bank account this (bank) journal books
    bank_account_id: Mapped[int | None] = mapped_column(ForeignKey("bank_accounts.id"))
    chain_length: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Sequence(CompanyScoped, Base):
    """Next number per (company, journal, fiscal year); taken under a row lock."""

    __tablename__ = "sequences"
    __table_args__ = (UniqueConstraint("company_id", "journal_id", "fiscal_year_id"),)

    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"))
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_years.id"))
    next_number: Mapped[int] = mapped_column(Integer, default=1)


class Tax(CompanyScoped, Base):
    __tablename__ = "taxes"
    __table_args__ = (UniqueConstraint("company_id", "name", "usage"),)

    name: Mapped[str] = mapped_column(String(100))
    usage: Mapped[str] = mapped_column(String(16), default="sale")
    amount_type: Mapped[str] = mapped_column(String(16), default="percent")
    amount: Mapped[Decimal] = mapped_column(ExactDecimal)
    price_include: Mapped[bool] = mapped_column(Boolean, default=False)
    include_base_amount: Mapped[bool] = mapped_column(Boolean, default=False)
    tax_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    base_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
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
    __table_args__ = (UniqueConstraint("company_id"),)

    receivable_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    payable_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    exchange_gain_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    exchange_loss_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    discount_granted_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    discount_received_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    writeoff_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    rounding_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    retained_earnings_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    # what an opening balance import posts against (services.imports.opening)
    opening_balance_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))


class TaxReportLine(CompanyScoped, Base):
    """Which report box a tax's base or amount feeds, on invoices or on credit notes.

    ``document``: ``invoice`` or ``refund`` (read from the item's side: see
    ``reports.tax_boxes``); ``amount_kind``: ``base`` or ``tax``; ``account_id``:
    for tax amounts, the account the amount posts on (None: any); ``factor``
    +1 or -1 (a reverse-charge tax of -21 % feeds the accrued box with -1).
    """

    __tablename__ = "tax_report_lines"

    tax_id: Mapped[int] = mapped_column(ForeignKey("taxes.id", ondelete="CASCADE"), index=True)
    document: Mapped[str] = mapped_column(String(8))
    amount_kind: Mapped[str] = mapped_column(String(4))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
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
