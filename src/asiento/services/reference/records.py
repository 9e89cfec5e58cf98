"""Create, update, read and list company-scoped reference records.

Reference data (accounts, journals, partners, products, taxes) shares one life
cycle; each concept module adds only its own validation. A unique business key
(``unique``) is checked before writing so the error names the field instead of
surfacing a database constraint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import DuplicateKey, InvalidInput
from asiento.services.access import principal as access
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped, page, scoped_select
from asiento.store.tables import Partner
from asiento.store.uow import UnitOfWork

T = TypeVar("T")
Validator = Callable[[Session, int, dict[str, Any]], dict[str, Any]]


def _check_unique(
    session: Session,
    model: type[Any],
    company_id: int,
    values: Mapping[str, Any],
    unique: tuple[str, ...],
    exclude_id: int | None,
) -> None:
    if not unique or any(values.get(k) is None for k in unique):
        return
    stmt = scoped_select(model, company_id)
    for key in unique:
        stmt = stmt.where(getattr(model, key) == values[key])
    found = session.scalars(stmt).first()
    if found is not None and found.id != exclude_id:
        shown = ", ".join(f"{k} {values[k]!r}" for k in unique)
        raise DuplicateKey(
            f"{model.__tablename__[:-1]} with {shown} exists already", field=unique[-1]
        )


def permission_for(model: type[Any]) -> Permission:
    """Partners are everyday work for billing clerks; the rest is company settings."""
    return Permission.INVOICE_WRITE if model is Partner else Permission.SETTINGS


def create_record(
    uow: UnitOfWork,
    company_id: int,
    model: type[T],
    values: dict[str, Any],
    *,
    unique: tuple[str, ...] = (),
    validate: Validator | None = None,
) -> T:
    access.require(permission_for(model), company_id)
    with uow:
        s = uow.session
        if validate is not None:
            values = validate(s, company_id, dict(values))
        _check_unique(s, model, company_id, values, unique, None)
        row = model(company_id=company_id, **values)  # type: ignore[call-arg]
        s.add(row)
        s.flush()
        uow.commit()
        return row


def update_record(
    uow: UnitOfWork,
    company_id: int,
    model: type[T],
    key: int,
    changes: dict[str, Any],
    *,
    kind: str,
    unique: tuple[str, ...] = (),
    validate: Validator | None = None,
    frozen: tuple[str, ...] = (),
) -> T:
    """Apply ``changes`` (only the fields given) to record ``key``, read under a row lock
    so that checks on its current values (archiving, type changes) hold until commit."""
    access.require(permission_for(model), company_id)
    with uow:
        s = uow.session
        row = lock_scoped(s, model, company_id, key, kind)
        for name in frozen:
            if name in changes and changes[name] != getattr(row, name):
                raise InvalidInput(f"{name} cannot be changed once in use", field=name)
        merged = _current_values(row) | changes  # validators see the whole record
        if validate is not None:
            merged = validate(s, company_id, merged)
        current = {k: getattr(row, k) for k in unique} | {
            k: merged[k] for k in unique if k in merged
        }
        _check_unique(s, model, company_id, current, unique, key)
        for name, value in merged.items():
            setattr(row, name, value)
        s.flush()
        uow.commit()
        return row


def _current_values(row: Any) -> dict[str, Any]:
    """Column values of ``row`` except its keys, for validating a partial update."""
    keys = sa_inspect(type(row)).column_attrs.keys()
    return {k: getattr(row, k) for k in keys if k not in ("id", "company_id", "created_at")}


def get_record(uow: UnitOfWork, company_id: int, model: type[T], key: int, kind: str) -> T:
    with uow:
        row = get_scoped(uow.session, model, company_id, key, kind)
        uow.session.expunge(row)  # keep it loaded: leaving the block rolls back (expires)
        return row


def list_records(
    uow: UnitOfWork,
    company_id: int,
    model: type[T],
    where: Callable[[Select[T]], Select[T]] | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> tuple[list[T], str | None]:
    with uow:
        stmt = scoped_select(model, company_id)
        if where is not None:
            stmt = where(stmt)
        rows, nxt = page(uow.session, stmt, model.id, cursor, limit)  # type: ignore[attr-defined]
        uow.session.expunge_all()  # keep them loaded: leaving the block rolls back (expires)
        return list(rows), nxt
