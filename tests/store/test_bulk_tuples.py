"""``store.bulk.insert_tuples``: rows as tuples in column order store what the ORM reads back.

The CAMT import writes its lines this way (a plain executemany on SQLite, ``COPY`` on
PostgreSQL); dates and exact decimals must come back as
written, and a column whose Python-side default the tuples would skip is refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from asiento.services.demo.seed import SeededCompany
from asiento.store.bulk import insert_tuples
from asiento.store.tables import CurrencyRate, StatementLine
from asiento.store.uow import UnitOfWork


def test_tuples_store_dates_and_exact_decimals_as_the_orm_reads_them(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    rows = [(company.id, "USD", date(2026, 1, 1) + timedelta(days=n), Decimal(f"1.{n:04d}"))
            for n in range(150)]  # fmt: skip
    with uow:
        insert_tuples(
            uow.session, CurrencyRate.__table__, ("company_id", "currency", "date", "rate"), rows
        )
        stored = uow.session.execute(
            select(CurrencyRate.company_id, CurrencyRate.currency, CurrencyRate.date, CurrencyRate.rate)
            .where(CurrencyRate.currency == "USD").order_by(CurrencyRate.id)
        ).all()  # fmt: skip
    assert [tuple(r) for r in stored] == rows


def test_a_column_with_a_default_must_be_given(uow: UnitOfWork) -> None:
    names = [c.name for c in StatementLine.__table__.c if c.name not in ("id", "state")]
    with uow, pytest.raises(ValueError, match="statement_lines: give state"):
        insert_tuples(uow.session, StatementLine.__table__, names, [tuple(None for _ in names)])
