"""Partners, products and accounts by name, code or reference: the pickers' searches.

Prefix matches come from the ``(company_id, lower(name))`` index; when they do
not fill the page, names containing the text fill the rest (a trigram index on
PostgreSQL when available, else a scan bounded by the LIMIT).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import or_, select

from asiento.services.search.hits import Hit
from asiento.store.tables import Account, Partner, Product
from asiento.store.text_search import contains, folded, name_order, starts_with
from asiento.store.uow import UnitOfWork


def _collect(
    uow: UnitOfWork,
    queries: Sequence[Any],
    limit: int,
    to_hit: Callable[[Any], Hit],
) -> list[Hit]:
    """Run ``queries`` in order until ``limit`` distinct rows are found."""
    hits: list[Hit] = []
    seen: set[int] = set()
    with uow:
        for query in queries:
            if len(hits) >= limit:
                break
            for row in uow.session.execute(query.limit(limit + len(seen))):
                if row.id not in seen and len(hits) < limit:
                    seen.add(row.id)
                    hits.append(to_hit(row))
    return hits


def search_partners(
    uow: UnitOfWork,
    company_id: int,
    text: str,
    limit: int = 10,
    role: str | None = None,
    archived: bool = False,
) -> list[Hit]:
    """Partners whose name starts with (then contains) ``text``, or whose reference
    or VAT number starts with it. ``role`` "customer"/"supplier" ranks nobody out:
    it filters. Archived partners only when ``archived``."""
    needle = folded(text)
    if not needle:
        return []
    base = select(Partner.id, Partner.name, Partner.ref, Partner.tax_id, Partner.city)
    base = base.where(Partner.company_id == company_id)
    if not archived:
        base = base.where(Partner.active.is_(True))
    if role in ("customer", "supplier"):
        base = base.where(Partner.is_customer if role == "customer" else Partner.is_supplier)
    raw = text.strip()
    queries = [
        base.where(starts_with(Partner.name, needle, uow.dialect)).order_by(
            name_order(Partner.name, uow.dialect)
        ),
        base.where(or_(Partner.ref == raw, Partner.tax_id == raw.upper().replace(" ", ""))),
        base.where(contains(Partner.name, needle)),  # fill-up: any order, LIMIT stops early
    ]

    def hit(row: Any) -> Hit:
        detail = " · ".join(x for x in (row.ref, row.tax_id, row.city) if x)
        return Hit("partner", row.id, row.name, detail)

    return _collect(uow, queries, limit, hit)


def search_products(
    uow: UnitOfWork, company_id: int, text: str, limit: int = 10, archived: bool = False
) -> list[Hit]:
    """Products whose code or name starts with (then whose name contains) ``text``."""
    needle = folded(text)
    if not needle:
        return []
    base = select(Product.id, Product.code, Product.name).where(Product.company_id == company_id)
    if not archived:
        base = base.where(Product.active.is_(True))
    queries = [
        base.where(Product.code == text.strip()),
        base.where(starts_with(Product.name, needle, uow.dialect)).order_by(
            name_order(Product.name, uow.dialect)
        ),
        base.where(Product.code.startswith(text.strip(), autoescape=True)).order_by(Product.code),
        base.where(contains(Product.name, needle)),
    ]
    return _collect(uow, queries, limit, lambda r: Hit("product", r.id, r.name, r.code))


def search_accounts(
    uow: UnitOfWork,
    company_id: int,
    text: str,
    limit: int = 10,
    kinds: Sequence[str] = (),
) -> list[Hit]:
    """Active accounts whose code starts with ``text`` (by code), then whose name
    starts with or contains it. ``kinds`` restricts the account types."""
    needle = folded(text)
    if not needle:
        return []
    base = select(Account.id, Account.code, Account.name)
    base = base.where(Account.company_id == company_id, Account.active.is_(True))
    if kinds:
        base = base.where(Account.kind.in_(list(kinds)))
    queries = [
        base.where(Account.code.startswith(text.strip(), autoescape=True)).order_by(Account.code),
        base.where(starts_with(Account.name, needle, uow.dialect)).order_by(
            name_order(Account.name, uow.dialect)
        ),
        base.where(contains(Account.name, needle)),
    ]
    return _collect(uow, queries, limit, lambda r: Hit("account", r.id, f"{r.code} {r.name}", ""))
