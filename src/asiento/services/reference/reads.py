"""Reading the reference records one resource at a time, so adapters name what they
read (``accounts_page``) instead of passing ORM classes to ``records``.

Each page is company-scoped and ordered by id; ``get_*`` raises ``NotFound`` for an id
of another company. The rows are detached and fully loaded.
"""

from __future__ import annotations

from asiento.services.reference import records
from asiento.store.tables import Account, Journal, Partner, Product, Tax
from asiento.store.uow import UnitOfWork


def accounts_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> tuple[list[Account], str | None]:
    return records.list_records(uow, company_id, Account, cursor=cursor, limit=limit)


def get_account(uow: UnitOfWork, company_id: int, account_id: int) -> Account:
    return records.get_record(uow, company_id, Account, account_id, "account")


def journals_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> tuple[list[Journal], str | None]:
    return records.list_records(uow, company_id, Journal, cursor=cursor, limit=limit)


def get_journal(uow: UnitOfWork, company_id: int, journal_id: int) -> Journal:
    return records.get_record(uow, company_id, Journal, journal_id, "journal")


def partners_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> tuple[list[Partner], str | None]:
    return records.list_records(uow, company_id, Partner, cursor=cursor, limit=limit)


def get_partner(uow: UnitOfWork, company_id: int, partner_id: int) -> Partner:
    return records.get_record(uow, company_id, Partner, partner_id, "partner")


def products_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> tuple[list[Product], str | None]:
    return records.list_records(uow, company_id, Product, cursor=cursor, limit=limit)


def get_product(uow: UnitOfWork, company_id: int, product_id: int) -> Product:
    return records.get_record(uow, company_id, Product, product_id, "product")


def taxes_page(
    uow: UnitOfWork, company_id: int, cursor: str | None = None, limit: int = 100
) -> tuple[list[Tax], str | None]:
    return records.list_records(uow, company_id, Tax, cursor=cursor, limit=limit)


def get_tax(uow: UnitOfWork, company_id: int, tax_id: int) -> Tax:
    return records.get_record(uow, company_id, Tax, tax_id, "tax")
