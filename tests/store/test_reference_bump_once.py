"""PostgreSQL bumps ``companies.reference_version`` once per transaction and company
(``0006_bump_once``).

Why pinned: each bump updates the company's one row, and in one transaction every update
leaves a row version that the next one walks through: a product import grew with the square
of its rows. The version is compared, never counted, so one bump per transaction is all a
reader of the cache can tell; but a bump undone by a savepoint's rollback must not be taken
for done, or the transaction's later changes would keep the cache's old version.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, insert, select, text

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.imports.runner import import_book
from asiento.store.tables import Company, Product
from asiento.store.uow import UnitOfWork


def _version(engine: Engine, company_id: int) -> int:
    with engine.connect() as conn:
        stmt = select(Company.reference_version).where(Company.id == company_id)
        return int(conn.scalar(stmt) or 0)


def _product(company_id: int, code: str) -> object:
    return insert(Product).values(company_id=company_id, code=code, name=f"Product {code}")


@pytest.fixture
def pg(engine: Engine) -> Engine:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps no row versions: its triggers bump once per row")
    return engine


def test_many_changes_in_one_transaction_bump_once(pg: Engine, company: SeededCompany) -> None:
    before = _version(pg, company.id)
    with pg.begin() as conn:
        for code in ("A", "B", "C"):
            conn.execute(_product(company.id, code))
        conn.execute(text("UPDATE products SET sale_price = 5 WHERE code = 'B'"))
    assert _version(pg, company.id) == before + 1
    with pg.begin() as conn:
        conn.execute(text("DELETE FROM products WHERE code = 'C'"))
    assert _version(pg, company.id) == before + 2


def test_a_bump_rolled_back_with_its_savepoint_is_made_again(
    pg: Engine, company: SeededCompany
) -> None:
    before = _version(pg, company.id)
    with pg.begin() as conn:
        savepoint = conn.begin_nested()
        conn.execute(_product(company.id, "GONE"))
        savepoint.rollback()
        conn.execute(_product(company.id, "KEPT"))
    assert _version(pg, company.id) == before + 1
    with pg.connect() as conn:
        codes = conn.scalars(select(Product.code).where(Product.company_id == company.id))
        assert {"GONE", "KEPT"} & set(codes) == {"KEPT"}


def test_each_company_changed_in_a_transaction_is_bumped(
    pg: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other", "EUR")
    first, second = _version(pg, company.id), _version(pg, other.id)
    with pg.begin() as conn:
        conn.execute(_product(company.id, "X"))
        conn.execute(_product(other.id, "X"))
        conn.execute(_product(other.id, "Y"))
    assert (_version(pg, company.id), _version(pg, other.id)) == (first + 1, second + 1)


def test_a_product_import_bumps_once(pg: Engine, uow: UnitOfWork, company: SeededCompany) -> None:
    before = _version(pg, company.id)
    rows = ["code,name,sale_price"] + [f"I{n},Imported {n},{n}.50" for n in range(300)]
    result = import_book(uow, company.id, "products", "\n".join(rows).encode(), "p.csv")
    assert result.summary == "300 created, 0 updated"
    assert _version(pg, company.id) == before + 1
