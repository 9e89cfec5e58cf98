"""Partners and products named the way people type them: an id, or a name or code.

The CLI takes ``--partner "Acme SL"`` or ``--partner 12``; this is the one place that
turns such a key into an id, scoped to the company. An id must belong to the company;
a partner name matches exactly, else case-insensitively, and must name one partner; a
product key is its code.
"""

from __future__ import annotations

from sqlalchemy import select

from asiento.domain.errors import NotFound
from asiento.store.tables import Partner, Product, Tax
from asiento.store.uow import UnitOfWork


def partner_id_of(uow: UnitOfWork, company_id: int, key: str, field: str = "partner") -> int:
    """The id of the company's partner ``key`` (id, exact name, or name in any case)."""
    base = select(Partner.id).where(Partner.company_id == company_id)
    with uow:
        if key.isdigit():
            found = list(uow.session.scalars(base.where(Partner.id == int(key))))
        else:
            found = list(uow.session.scalars(base.where(Partner.name == key).limit(2)))
            if not found:  # casefold in Python: SQLite's lower() knows ASCII only
                names = uow.session.execute(
                    select(Partner.id, Partner.name).where(Partner.company_id == company_id)
                )
                found = [pid for pid, name in names if name.casefold() == key.casefold()]
    if len(found) != 1:
        raise NotFound("partner", key, field=field)
    return int(found[0])


def product_id_of(uow: UnitOfWork, company_id: int, key: str, field: str = "product") -> int:
    """The id of the company's product ``key`` (id or code)."""
    stmt = select(Product.id).where(Product.company_id == company_id)
    stmt = stmt.where(Product.id == int(key)) if key.isdigit() else stmt.where(Product.code == key)
    with uow:
        found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("product", key, field=field)
    return int(found)


def tax_id_of(uow: UnitOfWork, company_id: int, key: str, usage: str, field: str = "tax") -> int:
    """The id of the company's tax ``key`` (id, or name within ``usage``: a sales and a
    purchase tax often share a name such as "VAT 21%")."""
    stmt = select(Tax.id).where(Tax.company_id == company_id)
    if key.isdigit():
        stmt = stmt.where(Tax.id == int(key))
    else:
        stmt = stmt.where(Tax.name == key, Tax.usage == usage)
    with uow:
        found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound(f"{usage} tax", key, field=field)
    return int(found)
