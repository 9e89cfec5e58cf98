"""A unit of work bound to one company reads and changes only that company's rows.

The attacker's view: a query that forgot its company filter (a plain ``select``, a
``session.get`` by id, a bulk ``update``, a join to another table, an aliased table)
still stays inside the bound company, and the session refuses a second company.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.tables import Account, JournalItem, Tax
from asiento.store.tenancy import CompanyMismatch, bind_company, bound_company
from asiento.store.uow import UnitOfWork


@pytest.fixture
def other(uow: UnitOfWork, company: SeededCompany) -> SeededCompany:
    return seed_company(uow, "Other Company SA", "EUR")


def _count_all(uow: UnitOfWork) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(Account)) or 0)


def test_an_unbound_session_sees_every_company(
    uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    with uow:
        mine = uow.session.scalar(select(func.count()).where(Account.company_id == company.id))
        assert bound_company(uow.session) is None
        assert _count_all(uow) == 2 * int(mine or 0) > 0


def test_a_bound_session_reads_only_its_company(
    uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    with uow:
        total = _count_all(uow)
        bind_company(uow.session, company.id)
        companies = set(uow.session.scalars(select(Account.company_id)))
        assert companies == {company.id}
        assert _count_all(uow) == total // 2
        foreign = uow.session.scalars(
            select(Account.id).where(Account.company_id == other.id)
        ).all()
        assert foreign == []


def test_get_by_id_of_another_companys_row_finds_nothing(
    uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    theirs = next(iter(other.accounts.values()))
    with uow:
        bind_company(uow.session, company.id)
        assert uow.session.get(Account, theirs) is None


def test_joins_and_aliases_are_limited_too(
    uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    with uow:
        bind_company(uow.session, company.id)
        parent = aliased(Account)
        pairs = uow.session.execute(
            select(Account.company_id, parent.company_id).join(parent, parent.code != Account.code)
        ).all()
        assert pairs and {p for pair in pairs for p in pair} == {company.id}
        taxes = uow.session.execute(
            select(Tax.company_id, Account.company_id).join(
                Account, Account.id == Tax.tax_account_id
            )
        ).all()
        assert taxes and {c for row in taxes for c in row} == {company.id}


def test_a_bulk_update_without_a_company_filter_changes_only_the_bound_company(
    uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    with uow:
        bind_company(uow.session, company.id)
        uow.session.execute(update(Account).values(name="renamed"))
        uow.commit()
    with uow:
        names = dict(
            uow.session.execute(
                select(Account.company_id, func.count())
                .where(Account.name == "renamed")
                .group_by(Account.company_id)
            ).all()
        )
        assert set(names) == {company.id}
        untouched = uow.session.scalar(
            select(func.count()).where(Account.company_id == other.id, Account.name == "renamed")
        )
        assert untouched == 0


def test_a_session_refuses_a_second_company(
    uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    with uow:
        bind_company(uow.session, company.id)
        bind_company(uow.session, company.id)
        with pytest.raises(CompanyMismatch, match="bound to company"):
            bind_company(uow.session, other.id)
        assert bound_company(uow.session) == company.id


def test_the_binding_ends_with_the_unit_of_work(
    uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    with uow:
        bind_company(uow.session, company.id)
    with uow:
        assert bound_company(uow.session) is None
        bind_company(uow.session, other.id)
        assert uow.session.scalar(select(func.count()).select_from(JournalItem)) == 0


def test_an_unbound_query_naming_one_company_limits_its_joins_to_it(
    uow: UnitOfWork, company: SeededCompany, other: SeededCompany
) -> None:
    with uow:
        parent = aliased(Account)
        rows = uow.session.execute(
            select(Account.company_id, parent.company_id)
            .join(parent, parent.code != Account.code)
            .where(Account.company_id == company.id)
        ).all()
        assert bound_company(uow.session) is None
        assert rows and {c for row in rows for c in row} == {company.id}
        both = uow.session.execute(
            select(Account.company_id, parent.company_id)
            .join(parent, parent.code == Account.code)
            .where(Account.company_id.in_([company.id, other.id]))
        ).all()
        assert {row[1] for row in both} == {company.id, other.id}
