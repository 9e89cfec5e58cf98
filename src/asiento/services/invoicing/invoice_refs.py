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
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from asiento.domain.errors import NotFound
from asiento.services.invoicing.invoice_drafts import usage_of
from asiento.services.ledger.entries import company_of
from asiento.services.reference import cache
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
    rows: tuple[object, ...] = field(default=(), compare=False, repr=False)
    """The company and partner read to resolve names, held while the use case runs: the
    session keeps them (its identity map holds them weakly), so it does not read them again
    (the company's ``reference_version`` also lets the reference cache serve)."""


def resolve(
    uow: UnitOfWork,
    company_id: int,
    kind: str,
    partner: Ref,
    journal: Ref | None,
    lines: Sequence[LineRefs],
) -> ResolvedRefs:
    """Ids for every reference; an unknown one raises ``NotFound`` naming its field.

    One query per kind of reference for the whole document (products, accounts, taxes), not
    one per line.
    """
    with uow:
        return resolve_in(uow.session, company_id, kind, partner, journal, lines)


def resolve_in(
    s: Session,
    company_id: int,
    kind: str,
    partner: Ref,
    journal: Ref | None,
    lines: Sequence[LineRefs],
) -> ResolvedRefs:
    """``resolve`` inside the caller's transaction (the one that then creates the invoice)."""
    usage = usage_of(kind)
    rows: list[object] = [company_of(s, company_id)]  # kept: its version serves the cache
    products = _cached(s, company_id, "product", Product.code, [r.product for r in lines])
    accounts = _cached(s, company_id, "account", Account.code, [r.account for r in lines])
    tax_refs = [t for r in lines for t in r.taxes or ()]
    taxes = _cached(s, company_id, f"tax:{usage}", Tax.name, tax_refs, Tax.usage == usage)
    return ResolvedRefs(
        partner_id=_partner(s, company_id, partner, rows),
        journal_id=None
        if journal is None
        else _one(s, company_id, Journal, Journal.code, journal, "journal", "journal"),
        lines=tuple(
            _line(usage, n, refs, products, accounts, taxes) for n, refs in enumerate(lines)
        ),
        rows=tuple(rows),
    )


Found = dict[str, list[int]]


def _by_name(
    session: Session, company_id: int, column: Any, refs: Sequence[Ref | None], *where: Any
) -> Found:
    """The ids of the company's rows named by the text references among ``refs``."""
    names = {r for r in refs if isinstance(r, str)}
    if not names:
        return {}
    model = column.class_
    found: Found = {}
    scope = (model.company_id == company_id, column.in_(names), *where)
    for name, key in session.execute(select(column, model.id).where(*scope)):
        found.setdefault(name, []).append(int(key))
    return found


_PARTNER_NAMED = (
    select(Partner)
    .where(Partner.company_id == bindparam("company"), Partner.name == bindparam("name"))
    .limit(2)
)
"""The partners of that name (two: a name is found only when it names one)."""


def _cached(
    session: Session,
    company_id: int,
    kind: str,
    column: Any,
    refs: Sequence[Ref | None],
    *where: Any,
) -> Found:
    """``_by_name`` for reference data (accounts, taxes, products), through the company's
    reference cache (``reference.cache.ids_named``): no statement when every name is known."""
    names = {r for r in refs if isinstance(r, str)}
    if not names:
        return {}
    return cache.ids_named(
        session,
        company_id,
        kind,
        names,
        lambda missing: _by_name(session, company_id, column, list(missing), *where),
    )


def _partner(session: Session, company_id: int, ref: Ref, rows: list[object]) -> int:
    """The partner's id; a partner named by name is read whole and kept in ``rows``."""
    if isinstance(ref, int):
        return ref
    found = session.scalars(_PARTNER_NAMED, {"company": company_id, "name": ref}).all()
    if len(found) != 1:
        raise NotFound("partner", repr(ref), field="partner")
    rows.append(found[0])
    return int(found[0].id)


def _pick(found: Found, ref: Ref, kind: str, field: str) -> int:
    """The one id ``ref`` names (an integer passes through), else ``NotFound`` at ``field``."""
    if isinstance(ref, int):
        return ref
    ids = found.get(ref, [])
    if len(ids) != 1:
        raise NotFound(kind, repr(ref), field=field)
    return ids[0]


def _line(
    usage: str, n: int, refs: LineRefs, products: Found, accounts: Found, taxes: Found
) -> LineIds:
    w = f"lines[{n}]"
    product, account = refs.product, refs.account
    product_id = None if product is None else _pick(products, product, "product", f"{w}.product")
    account_id = None if account is None else _pick(accounts, account, "account", f"{w}.account")
    tax_ids = (
        None
        if refs.taxes is None
        else tuple(
            _pick(taxes, ref, f"{usage} tax", f"{w}.taxes[{k}]") for k, ref in enumerate(refs.taxes)
        )
    )
    return LineIds(product_id, account_id, tax_ids)


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
