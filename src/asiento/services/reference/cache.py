"""Reference data cached per company, behind the version that every change of it bumps.

Why: creating and posting an invoice read the same taxes, product taxes, accounts,
currencies and the company's IBAN for every document (issue 23: a round trip each on
PostgreSQL). They change rarely; ``companies.reference_version`` is bumped by database
triggers (``0001_initial``, ``0004_bank_account_version``, ``0005_product_version``;
on PostgreSQL once per transaction and company, ``0006_bump_once``) in the transaction of
any change, and the company row is read at the start of every use
case anyway, so comparing the two costs no statement, and a change made on one worker is seen
by the next request on every other.

Invariants:
    - a snapshot holds only values read under the version it is filed with, or later ones
      (under READ COMMITTED a read may see a change committed after the version was read:
      the next request reads the bumped version and drops the snapshot);
    - a transaction that changed reference data itself never uses nor fills the cache
      (``store.reference_writes``): it reads the database, its own changes included;
    - values are plain data (column values, ids), never ORM rows: a tax is handed to the
      session with ``merge(load=False)``, as if it had been read, without a statement;
    - what the cache misses is read as before and added: the answers are those the queries
      would give (tests compare them).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from asiento.domain.entries import AccountRef
from asiento.store.reference_writes import wrote_reference
from asiento.store.tables import Company, Tax


@dataclass(slots=True)
class Snapshot:
    """One company's reference data as far as it has been read, at ``version``."""

    version: int
    accounts: dict[int, tuple[AccountRef, bool]] = field(default_factory=dict)
    """Account id -> (posting facts, reconcilable)."""
    taxes: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Tax id -> its column values."""
    product_taxes: dict[tuple[int, str], tuple[int, ...]] = field(default_factory=dict)
    """(product id, usage) -> its active taxes of that usage, in order."""
    currencies: dict[str, bool] = field(default_factory=dict)
    """Currency code -> enabled for the company."""
    journal_codes: dict[int, str] = field(default_factory=dict)
    """Journal id -> code."""
    ibans: dict[str, str | None] = field(default_factory=dict)
    """Currency -> the IBAN of the company's account an invoice in it prints (None: none);
    ``0004_bank_account_version`` puts the company's own accounts behind the version."""
    products: dict[int, Any] = field(default_factory=dict)
    """Product id -> the facts a line's defaults take of it (a plain row,
    ``invoicing.invoice_line_facts.ProductFacts``; ``0005_product_version``)."""
    names: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)
    """(kind, human reference) -> the ids it names: ``("account", "4100")``,
    ``("tax:sale", "VAT 21%")``, ``("product", "CHAIR")`` (``ids_named``). Only names found
    are kept."""


K = TypeVar("K")
V = TypeVar("V")

_lock = threading.Lock()
_snapshots: weakref.WeakKeyDictionary[Engine, dict[int, Snapshot]] = weakref.WeakKeyDictionary()
"""Per engine (one database), per company id: two databases never share a snapshot."""


def snapshot(session: Session, company_id: int) -> Snapshot | None:
    """The company's snapshot for this transaction, or None when the cache must not serve it.

    The company must already be in the session (every use case reads it first): its
    ``reference_version`` is the one read by that statement. None when it is not, or when
    this transaction changed reference data.
    """
    company = session.identity_map.get(identity_key(Company, company_id))
    if not isinstance(company, Company) or wrote_reference(session):
        return None
    version = company.reference_version
    if version is None:  # a company created in this transaction, not flushed yet
        return None
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with _lock:
        companies = _snapshots.setdefault(engine, {})
        found = companies.get(company_id)
        if found is None or found.version < version:
            found = companies[company_id] = Snapshot(version)
    return found if found.version == version else None


def kept(
    session: Session,
    company_id: int,
    part: Callable[[Snapshot], dict[K, V]],
    key: K,
    read: Callable[[], V],
) -> V:
    """One value of the company's snapshot (``part(snapshot)[key]``), else ``read()`` (and
    kept when the snapshot may serve): the "from the cache, else read and keep" of every
    single-valued look-up."""
    snap = snapshot(session, company_id)
    if snap is not None:
        values = part(snap)
        if key in values:
            return values[key]
    value = read()
    if snap is not None:
        part(snap)[key] = value
    return value


def company_taxes(session: Session, company_id: int, wanted: Collection[int]) -> dict[int, Tax]:
    """The company's taxes among ``wanted``, as rows of ``session``: from the snapshot, the
    others in one query (and kept). Another company's tax is simply not found."""
    snap = snapshot(session, company_id)
    rows: dict[int, Tax] = {}
    if snap is not None:
        rows = {t: tax_in_session(session, snap.taxes[t]) for t in wanted if t in snap.taxes}
    missing = set(wanted) - rows.keys()
    if missing:
        for tax in session.scalars(
            select(Tax).where(Tax.company_id == company_id, Tax.id.in_(missing))
        ):
            rows[tax.id] = tax
            if snap is not None:
                snap.taxes[tax.id] = tax_values(tax)
    return rows


def ids_named(
    session: Session,
    company_id: int,
    kind: str,
    names: Collection[str],
    read: Callable[[set[str]], dict[str, list[int]]],
) -> dict[str, list[int]]:
    """The ids each of ``names`` names among the company's ``kind`` (reference data only:
    accounts by code, taxes by name and usage): from the snapshot, the others by
    ``read(missing)`` (one query, its answers kept). A name not found stays unknown, so it
    is read again next time, and its absence comes from the database."""
    snap = snapshot(session, company_id)
    found: dict[str, list[int]] = {}
    if snap is not None:
        for name in names:
            ids = snap.names.get((kind, name))
            if ids is not None:
                found[name] = list(ids)
    missing = set(names) - found.keys()
    if missing:
        fresh = read(missing)
        found.update(fresh)
        if snap is not None:
            with _lock:
                snap.names.update({(kind, name): tuple(got) for name, got in fresh.items()})
    return found


def known_accounts(session: Session, company_id: int) -> set[int]:
    """Ids the snapshot knows to be the company's accounts (read for posting or by code).

    The worker's other threads fill the same snapshot meanwhile: the names are walked under
    the lock ``ids_named`` adds them under, and the accounts copied in one C call (``set``),
    during which no other thread runs; walking them step by step raised "dictionary changed
    size during iteration" (concurrent bill imports, tests/services/reference)."""
    snap = snapshot(session, company_id)
    if snap is None:
        return set()
    with _lock:
        named = [ids for (kind, _), ids in snap.names.items() if kind == "account"]
    return {i for ids in named for i in ids} | set(snap.accounts)


def tax_in_session(session: Session, values: dict[str, Any]) -> Tax:
    """A cached tax as a persistent, clean row of ``session`` (no statement)."""
    tax = Tax(**values)
    make_transient_to_detached(tax)
    return session.merge(tax, load=False)


def tax_values(tax: Tax) -> dict[str, Any]:
    """What the cache keeps of a tax read from the database: its column values."""
    return {c.key: getattr(tax, c.key) for c in Tax.__mapper__.column_attrs}


def clear() -> None:
    """Forget every snapshot (tests that swap databases under the same company ids)."""
    with _lock:
        _snapshots.clear()


__all__ = [
    "Snapshot",
    "clear",
    "company_taxes",
    "ids_named",
    "kept",
    "known_accounts",
    "snapshot",
    "tax_in_session",
    "tax_values",
]
