"""Human references in invoice requests: product codes, account codes, tax names.

The API and the CLI let people write ``"CHAIR"`` for a product, ``"4000"`` for
an account, ``"VAT 21%"`` for a tax and ``"INV"`` for a journal, as the entries
API does for accounts. This module turns those into ids once, in one
transaction, before the invoice use case runs. Integers pass through (the use
case checks they belong to the company). A tax name is looked up among the
taxes of the document's usage (sale for customer documents, purchase for
vendor ones), since a name is unique only per usage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.errors import NotFound
from asiento.services.invoicing.invoice_drafts import usage_of
from asiento.store.tables import Account, Journal, Partner, Product, Tax
from asiento.store.uow import UnitOfWork

Ref = int | str


@dataclass(frozen=True, slots=True)
class LineRefs:
    product: Ref | None = None
    account: Ref | None = None
    taxes: tuple[Ref, ...] | None = None


@dataclass(frozen=True, slots=True)
class LineIds:
    product_id: int | None
    account_id: int | None
    tax_ids: tuple[int, ...] | None


@dataclass(frozen=True, slots=True)
class ResolvedRefs:
    partner_id: int
    journal_id: int | None
    lines: tuple[LineIds, ...]


def resolve(
    uow: UnitOfWork,
    company_id: int,
    move_type: str,
    partner: Ref,
    journal: Ref | None,
    lines: Sequence[LineRefs],
) -> ResolvedRefs:
    """Ids for every reference; an unknown one raises ``NotFound`` naming its field."""
    usage = usage_of(move_type)
    with uow:
        s = uow.session
        return ResolvedRefs(
            partner_id=_one(s, company_id, Partner, Partner.name, partner, "partner", "partner"),
            journal_id=None
            if journal is None
            else _one(s, company_id, Journal, Journal.code, journal, "journal", "journal"),
            lines=tuple(_line(s, company_id, usage, n, refs) for n, refs in enumerate(lines)),
        )


def _line(session: Session, company_id: int, usage: str, n: int, refs: LineRefs) -> LineIds:
    where = f"lines[{n}]"
    product = (
        None
        if refs.product is None
        else _one(
            session, company_id, Product, Product.code, refs.product, "product", f"{where}.product"
        )
    )
    account = (
        None
        if refs.account is None
        else _one(
            session, company_id, Account, Account.code, refs.account, "account", f"{where}.account"
        )
    )
    taxes = (
        None
        if refs.taxes is None
        else tuple(
            _tax(session, company_id, usage, ref, f"{where}.taxes[{k}]")
            for k, ref in enumerate(refs.taxes)
        )
    )
    return LineIds(product, account, taxes)


def _one(
    session: Session,
    company_id: int,
    model: type[Partner] | type[Journal] | type[Product] | type[Account],
    column: Any,
    ref: Ref,
    kind: str,
    field: str,
) -> int:
    if isinstance(ref, int):
        return ref
    stmt = select(model.id).where(model.company_id == company_id, column == ref)
    found = session.scalars(stmt.limit(2)).all()
    if len(found) != 1:
        raise NotFound(kind, repr(ref), field=field)
    return int(found[0])


def _tax(session: Session, company_id: int, usage: str, ref: Ref, field: str) -> int:
    if isinstance(ref, int):
        return ref
    stmt = select(Tax.id).where(Tax.company_id == company_id, Tax.name == ref, Tax.usage == usage)
    found = session.scalar(stmt)
    if found is None:
        raise NotFound(f"{usage} tax", repr(ref), field=field)
    return int(found)
