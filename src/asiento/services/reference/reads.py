"""Reading the reference records one resource at a time, as read models.

Each page is company-scoped and ordered by descending id (``store.query.page``);
``get_*`` raises ``NotFound`` for an id of another company.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select

from asiento.services.reference.chart import account_view, journal_view
from asiento.services.reference.partners import partner_view
from asiento.services.reference.product_taxes import tax_ids_in
from asiento.services.reference.products import product_view
from asiento.services.reference.taxes import tax_view
from asiento.services.reference.views import (
    AccountView,
    JournalView,
    PartnerView,
    ProductView,
    TaxView,
)
from asiento.store.query import get_scoped, page
from asiento.store.tables import Account, Journal, Partner, Product, Tax
from asiento.store.uow import UnitOfWork

R = TypeVar("R", Account, Journal, Partner, Product, Tax)
V = TypeVar("V")
Page = tuple[list[V], str | None]


def _page(
    uow: UnitOfWork,
    company_id: int,
    model: type[R],
    to_view: Callable[[R], V],
    cursor: str | None,
    limit: int,
) -> tuple[list[V], str | None]:
    with uow:
        stmt: Any = select(model).where(model.company_id == company_id)
        rows, nxt = page(uow.session, stmt, model.id, cursor, limit)
        return [to_view(r) for r in rows], nxt


def accounts_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> Page[AccountView]:
    return _page(uow, company_id, Account, account_view, cursor, limit)


def get_account(uow: UnitOfWork, company_id: int, account_id: int) -> AccountView:
    with uow:
        return account_view(get_scoped(uow.session, Account, company_id, account_id, "account"))


def journals_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> Page[JournalView]:
    return _page(uow, company_id, Journal, journal_view, cursor, limit)


def get_journal(uow: UnitOfWork, company_id: int, journal_id: int) -> JournalView:
    with uow:
        return journal_view(get_scoped(uow.session, Journal, company_id, journal_id, "journal"))


def partners_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> Page[PartnerView]:
    return _page(uow, company_id, Partner, partner_view, cursor, limit)


def get_partner(uow: UnitOfWork, company_id: int, partner_id: int) -> PartnerView:
    with uow:
        return partner_view(get_scoped(uow.session, Partner, company_id, partner_id, "partner"))


def products_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> Page[ProductView]:
    """A page of products with their taxes (one more query for the whole page)."""
    with uow:
        stmt = select(Product).where(Product.company_id == company_id)
        rows, nxt = page(uow.session, stmt, Product.id, cursor, limit)
        taxes = tax_ids_in(uow.session, [r.id for r in rows])
        return [product_view(r, taxes[r.id]) for r in rows], nxt


def get_product(uow: UnitOfWork, company_id: int, product_id: int) -> ProductView:
    with uow:
        row = get_scoped(uow.session, Product, company_id, product_id, "product")
        return product_view(row, tax_ids_in(uow.session, [row.id])[row.id])


def taxes_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> Page[TaxView]:
    return _page(uow, company_id, Tax, tax_view, cursor, limit)


def get_tax(uow: UnitOfWork, company_id: int, tax_id: int) -> TaxView:
    with uow:
        return tax_view(get_scoped(uow.session, Tax, company_id, tax_id, "tax"))
