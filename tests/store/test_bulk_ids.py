"""``store.bulk``: long id lists and driver-level batches give what Core statements give."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, select

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.bulk import JSON_IDS_FROM, id_in, insert_rows, update_by_id
from asiento.store.tables import Account, CurrencyRate
from asiento.store.uow import UnitOfWork


def test_a_long_id_list_finds_exactly_the_listed_rows(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with uow:
        s = uow.session
        ids = sorted(s.scalars(select(Account.id).where(Account.company_id == company.id)))
        wanted = [*ids[::2], *range(10**6, 10**6 + JSON_IDS_FROM)]  # long enough for json_each
        assert len(wanted) >= JSON_IDS_FROM
        assert sorted(s.scalars(select(Account.id).where(id_in(s, Account.id, wanted)))) == ids[::2]
        assert sorted(s.scalars(select(Account.id).where(id_in(s, Account.id, ids[:3])))) == ids[:3]


def test_batches_store_dates_and_exact_decimals_as_the_orm_reads_them(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    rows = [{"company_id": company.id, "currency": "USD", "date": date(2026, 1, d),
             "rate": Decimal(f"1.{d:04d}")} for d in range(1, 29)]  # fmt: skip
    with uow:
        insert_rows(uow.session, CurrencyRate.__table__, rows)
        stored = uow.session.execute(
            select(CurrencyRate.id, CurrencyRate.date, CurrencyRate.rate)
            .where(CurrencyRate.currency == "USD")
            .order_by(CurrencyRate.date)
        ).all()
        assert [(r.date, r.rate) for r in stored] == [(r["date"], r["rate"]) for r in rows]
        update_by_id(uow.session, CurrencyRate.__table__, company.id,
                     [{"id": r.id, "rate": Decimal("2.5")} for r in stored])  # fmt: skip
        uow.session.expire_all()
        rates = set(
            uow.session.scalars(select(CurrencyRate.rate).where(CurrencyRate.currency == "USD"))
        )
        assert rates == {Decimal("2.5")}


def test_an_update_by_id_leaves_another_companys_rows_alone(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """Ids from a caller's plan name rows of the company it works in; a wrong id (a bug, a
    forged list) must not reach across the wall (the driver's executemany on SQLite, the
    ``unnest`` update on PostgreSQL)."""
    other = seed_company(uow, "Other Company SL", "EUR")
    with uow:
        s = uow.session
        theirs = s.scalars(select(Account.id).where(Account.company_id == other.id)).all()
        ours = s.scalars(select(Account.id).where(Account.company_id == company.id)).all()
        update_by_id(s, Account.__table__, company.id,
                     [{"id": i, "name": "renamed"} for i in [*theirs, *ours]])  # fmt: skip
        rates = [{"company_id": c, "currency": "USD", "date": date(2026, 2, 1),
                  "rate": Decimal("1.1")} for c in (company.id, other.id)]  # fmt: skip
        insert_rows(s, CurrencyRate.__table__, rates)
        rate_ids = s.scalars(select(CurrencyRate.id).where(CurrencyRate.currency == "USD")).all()
        update_by_id(s, CurrencyRate.__table__, company.id,
                     [{"id": i, "rate": Decimal("9")} for i in rate_ids])  # fmt: skip
        uow.commit()
    with uow:
        s = uow.session
        names = dict(s.execute(select(Account.company_id, Account.name).distinct()).all())
        renamed = set(s.scalars(select(Account.company_id).where(Account.name == "renamed")))
        assert renamed == {company.id}
        assert names[other.id] != "renamed"
        by_company = dict(s.execute(select(CurrencyRate.company_id, CurrencyRate.rate)).all())
        assert by_company == {company.id: Decimal("9"), other.id: Decimal("1.1")}


def test_an_update_by_id_refuses_a_table_whose_column_has_an_onupdate(uow: UnitOfWork) -> None:
    """The driver's update would skip the column's ``onupdate``: refused before anything runs."""
    stamped = Table("stamped", MetaData(), Column("id", Integer), Column("company_id", Integer),
                    Column("at", Integer, onupdate=lambda: 1))  # fmt: skip
    with uow, pytest.raises(TypeError, match=r"stamped\.at has an onupdate"):
        update_by_id(uow.session, stamped, 1, [{"id": 1, "company_id": 1}])
