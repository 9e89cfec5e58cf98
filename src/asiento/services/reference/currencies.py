"""Currencies enabled per company and their dated rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import currency as iso
from asiento.domain.access import Permission
from asiento.domain.errors import DuplicateKey, InvalidInput, MissingRate, UnknownCurrency
from asiento.services.access import principal as access
from asiento.services.reference import cache
from asiento.services.reference.views import CurrencyView, RateView, view_of
from asiento.store.query import scoped_select
from asiento.store.tables import Currency, CurrencyRate
from asiento.store.uow import UnitOfWork


def require_enabled(session: Session, company_id: int, code: str, field: str = "currency") -> str:
    """``code`` if it is ISO 4217 and enabled for the company, else ``UnknownCurrency``."""
    if not iso.is_known(code):
        raise UnknownCurrency(code, field=field)
    snap = cache.snapshot(session, company_id)
    enabled = snap.currencies.get(code) if snap is not None else None
    if enabled is None:
        stmt = select(Currency.id).where(
            Currency.company_id == company_id, Currency.code == code, Currency.active.is_(True)
        )
        enabled = session.scalar(stmt) is not None
        if snap is not None:
            snap.currencies[code] = enabled
    if not enabled:
        raise UnknownCurrency(code, field=field)
    return code


def enable(session: Session, company_id: int, code: str) -> Currency:
    """Enable an ISO currency for a company (idempotent)."""
    code = code.upper()
    exp = iso.exponent(code)
    found = session.scalars(
        scoped_select(Currency, company_id).where(Currency.code == code)
    ).first()
    if found is not None:
        found.active = True
        return found
    row = Currency(company_id=company_id, code=code, exponent=exp, active=True)
    session.add(row)
    session.flush()
    return row


def rate_at(session: Session, company_id: int, code: str, day: date) -> Decimal:
    """Company-currency value of one unit of ``code`` on ``day`` (latest rate on or before)."""
    stmt = (
        select(CurrencyRate.rate)
        .where(
            CurrencyRate.company_id == company_id,
            CurrencyRate.currency == code,
            CurrencyRate.date <= day,
        )
        .order_by(CurrencyRate.date.desc())
        .limit(1)
    )
    rate = session.scalar(stmt)
    if rate is None:
        raise MissingRate(f"no {code} rate on or before {day.isoformat()}", field="currency")
    return rate


@dataclass(frozen=True, slots=True)
class RateInput:
    currency: str
    date: date
    rate: Decimal


def add_rate(uow: UnitOfWork, company_id: int, cmd: RateInput) -> RateView:
    """Record a dated rate; refuses a duplicate date and a non-positive rate."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        require_enabled(uow.session, company_id, cmd.currency)
        if cmd.rate <= 0:
            raise InvalidInput("rate must be positive", field="rate")
        dup = uow.session.scalars(
            scoped_select(CurrencyRate, company_id).where(
                CurrencyRate.currency == cmd.currency, CurrencyRate.date == cmd.date
            )
        ).first()
        if dup is not None:
            raise DuplicateKey(
                f"a {cmd.currency} rate for {cmd.date.isoformat()} exists already", field="date"
            )
        row = CurrencyRate(
            company_id=company_id, currency=cmd.currency, date=cmd.date, rate=cmd.rate
        )
        uow.session.add(row)
        uow.session.flush()
        view = rate_view(row)
        uow.commit()
        return view


def currency_view(row: Currency) -> CurrencyView:
    return view_of(CurrencyView, row)


def rate_view(row: CurrencyRate) -> RateView:
    return view_of(RateView, row)


def enable_currency(uow: UnitOfWork, company_id: int, code: str) -> CurrencyView:
    access.require(Permission.SETTINGS, company_id)
    with uow:
        row = enable(uow.session, company_id, code)
        uow.session.flush()
        view = currency_view(row)
        uow.commit()
        return view


def list_currencies(uow: UnitOfWork, company_id: int) -> list[CurrencyView]:
    with uow:
        rows = uow.session.scalars(scoped_select(Currency, company_id).order_by(Currency.code))
        return [currency_view(r) for r in rows]


def list_rates(uow: UnitOfWork, company_id: int, code: str | None = None) -> list[RateView]:
    with uow:
        stmt = scoped_select(CurrencyRate, company_id)
        if code:
            stmt = stmt.where(CurrencyRate.currency == code)
        rows = uow.session.scalars(stmt.order_by(CurrencyRate.currency, CurrencyRate.date))
        return [rate_view(r) for r in rows]
