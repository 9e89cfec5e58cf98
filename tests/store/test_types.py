"""Values come back from either database exactly as they went in.

Quantities, prices and rates are ``ExactDecimal`` (NUMERIC on PostgreSQL, text on
SQLite): digits and scale survive, floats are refused. Money is an integer of the minor
unit (``BIGINT``) across its whole range, converted by ``to_minor``/``from_minor`` with
each currency's exponent. Dates keep their day at both ends of the calendar.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from asiento.domain.errors import InvalidAmount
from asiento.services.demo.seed import SeededCompany
from asiento.store.tables import CurrencyRate, FollowupHistory, Product
from asiento.store.types import from_minor, to_minor
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer

RATES = [
    Decimal("1.10"),
    Decimal("-0.5000"),
    Decimal("0.000000000123456789"),
    Decimal("123456789012345678901234567890.123456789"),
    Decimal("0"),
]
QUANTITIES = [(Decimal("7.5"), Decimal("0.001")), (Decimal("-3"), Decimal("1234567.8900"))]
MINOR_EXTREMES = (9_223_372_036_854_775_807, -9_223_372_036_854_775_808)
DATES = [date(1, 1, 1), date(2024, 2, 29), date(9999, 12, 31)]


def test_exact_decimals_keep_digits_and_scale(uow: UnitOfWork, company: SeededCompany) -> None:
    with uow:
        for n, rate in enumerate(RATES):
            uow.session.add(
                CurrencyRate(
                    company_id=company.id, currency="USD", date=date(2026, 1, n + 1), rate=rate
                )
            )
        for n, (sale, purchase) in enumerate(QUANTITIES):
            uow.session.add(
                Product(
                    company_id=company.id,
                    code=f"RT{n}",
                    name="round trip",
                    sale_price=sale,
                    purchase_price=purchase,
                )
            )
        uow.commit()
    with uow:
        rates = uow.session.scalars(
            select(CurrencyRate.rate)
            .where(CurrencyRate.company_id == company.id, CurrencyRate.currency == "USD")
            .order_by(CurrencyRate.date)
        ).all()
        prices = uow.session.execute(
            select(Product.sale_price, Product.purchase_price)
            .where(Product.company_id == company.id, Product.code.like("RT%"))
            .order_by(Product.code)
        ).all()
    assert all(isinstance(r, Decimal) for r in rates)
    assert [str(r) for r in rates] == [str(r) for r in RATES]
    assert [tuple(map(str, p)) for p in prices] == [tuple(map(str, q)) for q in QUANTITIES]


def test_a_float_is_refused_where_an_exact_decimal_is_stored(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with uow:
        uow.session.add(
            CurrencyRate(
                company_id=company.id,
                currency="USD",
                date=date(2026, 1, 1),
                rate=1.1,  # type: ignore[arg-type]
            )
        )
        with pytest.raises(StatementError, match="floats are not stored as exact decimals"):
            uow.session.flush()


@pytest.mark.parametrize(
    ("amount", "currency", "units"),
    [
        (Decimal("1234.56"), "EUR", 123456),
        (Decimal("-0.01"), "EUR", -1),
        (Decimal("1500"), "JPY", 1500),
        (Decimal("12.345"), "BHD", 12345),
        (Decimal("92233720368547758.07"), "EUR", MINOR_EXTREMES[0]),
        (Decimal("-92233720368547758.08"), "EUR", MINOR_EXTREMES[1]),
    ],
)
def test_minor_units_round_trip_through_the_database(
    uow: UnitOfWork, company: SeededCompany, amount: Decimal, currency: str, units: int
) -> None:
    assert to_minor(amount, currency) == units
    partner_id = customer(uow, company)
    with uow:
        row = FollowupHistory(
            company_id=company.id, partner_id=partner_id, level_name="L1", level_days=15,
            date=date(2026, 1, 1), channel="email", status="sent", currency=currency,
            total_due=units, total_overdue=0,
        )  # fmt: skip
        uow.session.add(row)
        uow.commit()
        row_id = row.id
    with uow:
        stored = uow.session.execute(
            select(FollowupHistory.total_due, FollowupHistory.currency).where(
                FollowupHistory.id == row_id
            )
        ).one()
    assert stored.total_due == units
    assert from_minor(stored.total_due, stored.currency) == amount
    assert str(from_minor(stored.total_due, stored.currency)) == str(amount)


def test_sub_unit_precision_is_refused_before_storage() -> None:
    with pytest.raises(InvalidAmount, match=r"^0\.001 has more decimals than EUR allows$"):
        to_minor(Decimal("0.001"), "EUR")
    with pytest.raises(InvalidAmount, match=r"^0\.5 has more decimals than JPY allows$"):
        to_minor(Decimal("0.5"), "JPY")


def test_dates_round_trip_at_both_ends_of_the_calendar(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with uow:
        for day in DATES:
            uow.session.add(
                CurrencyRate(company_id=company.id, currency="GBP", date=day, rate=Decimal(1))
            )
        uow.commit()
    with uow:
        days = uow.session.scalars(
            select(CurrencyRate.date)
            .where(CurrencyRate.company_id == company.id, CurrencyRate.currency == "GBP")
            .order_by(CurrencyRate.date)
        ).all()
    assert days == DATES
