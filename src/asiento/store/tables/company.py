"""Companies, their currencies and dated exchange rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from asiento.store.tables.base import Base, CompanyScoped, IdType, created_at_column
from asiento.store.types import ExactDecimal


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    country: Mapped[str | None] = mapped_column(String(2))
    tax_id: Mapped[str | None] = mapped_column(String(64))
    lock_date: Mapped[dt.date | None] = mapped_column(Date)
    fiscal_year_start_month: Mapped[int] = mapped_column(Integer, default=1)
    fiscal_year_start_day: Mapped[int] = mapped_column(Integer, default=1)
    tax_rounding: Mapped[str] = mapped_column(String(20), default="round_per_line")
    allow_proforma: Mapped[bool] = mapped_column(Boolean, default=False)
    reference_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Bumped by database triggers with every change of the company's taxes, product taxes,
    accounts, journals (reference columns), currencies and payment terms (migration
    ``0001_initial``): what ``services.reference.cache`` compares its snapshot with."""
    # working calendar for due dates (payment terms), read by
    # services.payment_schedule.company_calendar: weekdays off as "5,6"
    # (Monday = 0; none by default: every day is a working day), public
    # holidays of a country (+ subdivision) from the ``holidays`` package,
    # extra days off as space-separated ISO dates, and which way a due date
    # on a day off moves (forward / backward)
    weekend_days: Mapped[str] = mapped_column(String(20), default="", server_default="")
    holiday_country: Mapped[str | None] = mapped_column(String(2))
    holiday_subdivision: Mapped[str | None] = mapped_column(String(10))
    extra_holidays: Mapped[str] = mapped_column(Text, default="", server_default="")
    due_date_roll: Mapped[str] = mapped_column(
        String(10), default="forward", server_default="forward"
    )
    # identity printed on every document (services.reference.company_identity):
    # ``name`` is what the app calls the company; ``legal_name`` (when set) is
    # what documents print as the seller, ``trade_name`` the brand beside it.
    legal_name: Mapped[str | None] = mapped_column(String(200))
    trade_name: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100))
    zip: Mapped[str | None] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(String(100))
    registration_number: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(200))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    # e-invoices: the seller's electronic address with its EAS scheme (BT-34), and the
    # format partners get unless they say otherwise (domain.einvoice.codes.EINVOICE_FORMATS)
    electronic_address: Mapped[str | None] = mapped_column(String(254))
    electronic_address_scheme: Mapped[str | None] = mapped_column(String(4))
    einvoice_format: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    created_at: Mapped[dt.datetime] = created_at_column()


class Currency(CompanyScoped, Base):
    """A currency enabled for a company, with its ISO 4217 exponent."""

    __tablename__ = "currencies"
    __table_args__ = (UniqueConstraint("company_id", "code"),)

    code: Mapped[str] = mapped_column(String(3))
    exponent: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CurrencyRate(CompanyScoped, Base):
    """Company-currency value of one unit of ``currency`` from ``date`` on."""

    __tablename__ = "currency_rates"
    __table_args__ = (UniqueConstraint("company_id", "currency", "date"),)

    currency: Mapped[str] = mapped_column(String(3))
    date: Mapped[dt.date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(ExactDecimal)


class FiscalYear(CompanyScoped, Base):
    """A fiscal year: ``open`` -> ``closed`` (by its closing entry) -> ``open`` (re-opened).

    ``closing_entry_id`` is the posted entry that moved the year's income and
    expenses to retained earnings; ``lock_date_before`` is the company lock
    date the closing replaced, given back when the year is re-opened.
    """

    __tablename__ = "fiscal_years"
    __table_args__ = (UniqueConstraint("company_id", "start_date"),)

    name: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="open")
    closing_entry_id: Mapped[int | None] = mapped_column(IdType)
    lock_date_before: Mapped[dt.date | None] = mapped_column(Date)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class IdempotencyKey(CompanyScoped, Base):
    """The first result of a money-moving POST, replayed for the same key."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("company_id", "scope", "key"),)

    scope: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(String)
    created_at: Mapped[dt.datetime] = created_at_column()


__all__ = ["Company", "Currency", "CurrencyRate", "FiscalYear", "IdempotencyKey"]
