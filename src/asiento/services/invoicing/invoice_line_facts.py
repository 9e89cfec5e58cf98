"""What an invoice's lines name, read once per document: products and their default taxes.

Why: a module of its own beside ``invoice_drafts``: a long invoice costs the same reads as
a short one: products the transaction holds are not read again, the others and the products'
taxes come from the reference cache (``services.reference.cache``), else as plain rows from
one prebuilt Core statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from asiento.domain.errors import NotFound
from asiento.services.invoicing.invoice_inputs import InvoiceLineInput
from asiento.services.reference import cache
from asiento.store.tables import Company, Product, Tax, product_taxes

T = TypeVar("T")


class ProductFacts(Protocol):
    """What a line's defaults read of its product: an ORM row or a plain row."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def sale_price(self) -> Decimal | None: ...
    @property
    def purchase_price(self) -> Decimal | None: ...
    @property
    def income_account_id(self) -> int | None: ...
    @property
    def expense_account_id(self) -> int | None: ...


class _Facts(NamedTuple):
    """A product's facts as kept in the reference cache: plain values, no database row."""

    id: int
    name: str
    sale_price: Decimal | None
    purchase_price: Decimal | None
    income_account_id: int | None
    expense_account_id: int | None


_PRODUCT: Any = Product.__table__
_PRODUCT_FACTS = select(*(_PRODUCT.c[k] for k in _Facts._fields)).where(
    _PRODUCT.c.company_id == bindparam("company"),
    _PRODUCT.c.id.in_(bindparam("ids", expanding=True)),
)


def products_of(
    session: Session, company: Company, lines: Sequence[InvoiceLineInput]
) -> dict[int, ProductFacts]:
    """The products the lines name, by id; ``NotFound`` names the first line of another's.

    The rows the session holds already (its own changes included), else the reference cache's
    (``0005_product_version``), else plain rows read by one prebuilt Core statement (building
    an ORM query and its rows cost more than the read itself, issue 23), then kept there."""
    wanted = {line.product_id for line in lines if line.product_id is not None}
    if not wanted:
        return {}
    found: dict[int, ProductFacts] = dict(loaded(session, Product, company.id, wanted))
    snap = cache.snapshot(session, company.id)
    if snap is not None:
        found |= {p: snap.products[p] for p in wanted - found.keys() if p in snap.products}
    missing = wanted - found.keys()
    if missing:
        params = {"company": company.id, "ids": sorted(missing)}
        rows = {r.id: _Facts(*r) for r in session.connection().execute(_PRODUCT_FACTS, params)}
        found |= rows
        if snap is not None:
            snap.products.update(rows)
    for n, line in enumerate(lines):
        if line.product_id is not None and line.product_id not in found:
            raise NotFound("product", line.product_id, field=f"lines[{n}].product_id")
    return found


def loaded(session: Session, model: type[T], company_id: int, ids: set[int]) -> dict[int, T]:
    """The rows of ``ids`` this transaction already read from the company (the API resolved
    product codes to them just before): no second query for them."""
    found: dict[int, T] = {}
    for key in ids:
        row = session.identity_map.get(identity_key(model, key))
        if row is not None and getattr(row, "company_id", None) == company_id:
            found[key] = row
    return found


def product_taxes_of(
    session: Session, company: Company, product_ids: Sequence[int], usage: str
) -> dict[int, tuple[int, ...]]:
    """Each product's active taxes of ``usage``, in the taxes' order: from the reference cache,
    the products it does not know read in one query."""
    snap = cache.snapshot(session, company.id)
    known = snap.product_taxes if snap is not None else {}
    out = {p: known[p, usage] for p in product_ids if (p, usage) in known}
    missing = [p for p in product_ids if p not in out]
    if not missing:
        return {p: t for p, t in out.items() if t}
    rows = session.execute(
        select(product_taxes.c.product_id, Tax.id)
        .join(
            product_taxes,
            (product_taxes.c.company_id == Tax.company_id) & (product_taxes.c.tax_id == Tax.id),
        )
        .where(
            product_taxes.c.company_id == company.id,
            product_taxes.c.product_id.in_(missing),
            Tax.usage == usage,
            Tax.active.is_(True),
        )
        .order_by(product_taxes.c.product_id, Tax.sequence, Tax.id)
    )
    found: dict[int, list[int]] = {p: [] for p in missing}
    for product_id, tax_id in rows:
        found[product_id].append(tax_id)
    for p, taxes in found.items():
        out[p] = tuple(taxes)
        if snap is not None:
            snap.product_taxes[p, usage] = out[p]
    return {p: t for p, t in out.items() if t}


__all__ = ["ProductFacts", "loaded", "product_taxes_of", "products_of"]
