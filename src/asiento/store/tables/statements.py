"""Bank statements, their lines, reconciliation rules and saved CSV profiles.

A ``BankStatement`` belongs to a bank journal; balances are minor units of
its ``currency``. A ``StatementLine`` is a document: it creates no ledger
entry when imported; reconciling it (by a rule, a manual counterpart or a
match with open items / a payment) posts one entry in the bank journal and
stores it in ``entry_id``.

De-duplication key: (journal, ``fingerprint``, ``occurrence``) is unique.
``fingerprint`` is a SHA-256 of the bank's transaction id when the file has
one, else of (date, amount, counterparty, communication); ``occurrence``
counts identical fingerprints within one file, so that two genuinely
identical transactions are both kept and a re-import finds both again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, company_fk, created_at_column
from asiento.store.types import ExactDecimal


class BankStatement(CompanyScoped, Base):
    """One statement of one bank journal: draft until its balances add up."""

    __tablename__ = "bank_statements"
    __table_args__ = (
        Index("ix_bank_statements_company_journal", "company_id", "journal_id"),
        Index("ix_bank_statements_journal_identity", "journal_id", "identity"),
        company_fk("journal_id", "journals"),
    )

    journal_id: Mapped[int] = mapped_column(IdType)
    date: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")
    opening_balance: Mapped[int | None] = mapped_column(BigInteger)
    closing_balance: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    state: Mapped[str] = mapped_column(String(10), default="draft")
    file_hash: Mapped[str | None] = mapped_column(String(64))
    file_format: Mapped[str | None] = mapped_column(String(10))
    filename: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = created_at_column()
    identity: Mapped[str | None] = mapped_column(String(64))
    balance_source: Mapped[str | None] = mapped_column(String(12))


class StatementLine(CompanyScoped, Base):
    """One booked bank movement; ``amount`` signed (money in positive)."""

    __tablename__ = "statement_lines"
    __table_args__ = (
        UniqueConstraint("company_id", "journal_id", "fingerprint", "occurrence"),
        Index("ix_statement_lines_company_journal_date", "company_id", "journal_id", "date"),
        Index("ix_statement_lines_statement", "statement_id", "sequence"),
        Index("ix_statement_lines_journal_transaction", "journal_id", "transaction_id"),
        company_fk("statement_id", "bank_statements"),
        company_fk("journal_id", "journals"),
        company_fk("partner_id", "partners"),
        company_fk("entry_id", "journal_entries"),
        company_fk("payment_id", "payments"),
    )

    statement_id: Mapped[int] = mapped_column(IdType)
    journal_id: Mapped[int] = mapped_column(IdType)
    sequence: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    value_date: Mapped[dt.date | None] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    counterparty_name: Mapped[str | None] = mapped_column(String(200))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    communication: Mapped[str | None] = mapped_column(Text)
    reference: Mapped[str | None] = mapped_column(String(140))
    transaction_id: Mapped[str | None] = mapped_column(String(140))
    fingerprint: Mapped[str] = mapped_column(String(64))
    occurrence: Mapped[int] = mapped_column(Integer, default=1)
    partner_id: Mapped[int | None] = mapped_column(IdType)
    state: Mapped[str] = mapped_column(String(12), default="open")
    entry_id: Mapped[int | None] = mapped_column(IdType)
    payment_id: Mapped[int | None] = mapped_column(IdType)
    warning: Mapped[str | None] = mapped_column(String(300))
    original_amount: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    original_currency: Mapped[str | None] = mapped_column(String(3))


class ReconciliationRule(CompanyScoped, Base):
    """Turns a matching line into a counterpart entry (bank fees, interest ...).

    A line matches when every criterion that is set holds: label contains
    ``label_contains`` (case-insensitive), or matches ``label_regex``; the
    amount lies in [amount_min, amount_max] (minor units, signed); the
    journal and partner are the rule's when set.
    """

    __tablename__ = "reconciliation_rules"
    __table_args__ = (
        UniqueConstraint("company_id", "name"),
        company_fk("journal_id", "journals"),
        company_fk("partner_id", "partners"),
        company_fk("account_id", "accounts"),
        company_fk("tax_id", "taxes"),
    )

    name: Mapped[str] = mapped_column(String(100))
    sequence: Mapped[int] = mapped_column(Integer, default=10)
    journal_id: Mapped[int | None] = mapped_column(IdType)
    label_contains: Mapped[str | None] = mapped_column(String(200))
    label_regex: Mapped[str | None] = mapped_column(String(200))
    amount_min: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    amount_max: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    partner_id: Mapped[int | None] = mapped_column(IdType)
    account_id: Mapped[int] = mapped_column(IdType)
    tax_id: Mapped[int | None] = mapped_column(IdType)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = created_at_column()


class CsvProfileRow(CompanyScoped, Base):
    """A CSV mapping profile saved for one journal (``CsvProfile.to_dict`` as JSON)."""

    __tablename__ = "csv_profiles"
    __table_args__ = (
        UniqueConstraint("company_id", "journal_id", "name"),
        company_fk("journal_id", "journals"),
    )

    journal_id: Mapped[int] = mapped_column(IdType)
    name: Mapped[str] = mapped_column(String(100))
    definition: Mapped[str] = mapped_column(Text)


__all__ = ["BankStatement", "CsvProfileRow", "ReconciliationRule", "StatementLine"]
