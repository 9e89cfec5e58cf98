"""``store.bulk``: long id lists and driver-level batches give what Core statements give."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from asiento.services.demo.seed import SeededCompany
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
        update_by_id(uow.session, CurrencyRate.__table__,
                     [{"id": r.id, "rate": Decimal("2.5")} for r in stored])  # fmt: skip
        uow.session.expire_all()
        rates = set(
            uow.session.scalars(select(CurrencyRate.rate).where(CurrencyRate.currency == "USD"))
        )
        assert rates == {Decimal("2.5")}
