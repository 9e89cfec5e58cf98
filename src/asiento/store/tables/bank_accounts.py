"""Bank accounts of the company (where customers pay) and of partners (where we pay).

One table for both: ``partner_id`` is NULL for the company's own accounts. An
account is an IBAN, or, where the country has none, a local account number
with its bank code. A bank journal points at one of the company's accounts
(``journals.bank_account_id``); an invoice prints the company's default
account for its currency.

Invariants (enforced by ``services.reference.bank_accounts``):
    - ``iban`` is stored compact and valid (schwifty), or NULL with
      ``account_number`` set.
    - At most one company account is the default per currency.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, company_fk


class BankAccount(CompanyScoped, Base):
    __tablename__ = "bank_accounts"
    __table_args__ = (
        Index("ix_bank_accounts_company_partner", "company_id", "partner_id"),
        company_fk("partner_id", "partners", ondelete="CASCADE"),
    )

    partner_id: Mapped[int | None] = mapped_column(IdType)
    holder_name: Mapped[str | None] = mapped_column(String(200))
    iban: Mapped[str | None] = mapped_column(String(34))
    account_number: Mapped[str | None] = mapped_column(String(64))
    bank_code: Mapped[str | None] = mapped_column(String(32))
    bic: Mapped[str | None] = mapped_column(String(11))
    bank_name: Mapped[str | None] = mapped_column(String(200))
    currency: Mapped[str | None] = mapped_column(String(3))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


__all__ = ["BankAccount"]
