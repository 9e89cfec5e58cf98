"""Small, company-scoped query helpers shared by services.

Every function takes ``company_id`` explicitly: there is no hidden filter.
"""

from __future__ import annotations

import base64
from collections.abc import Collection, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from asiento.domain.errors import InvalidInput, NotFound
from asiento.domain.limits import ID_MAX
from asiento.store.tenancy import bind_company

T = TypeVar("T")


def get_scoped(session: Session, model: type[T], company_id: int, key: int, kind: str) -> T:
    """The row ``key`` of ``model`` in this company, or ``NotFound``.

    A key no BIGINT identity can hold is not asked of the database (where
    PostgreSQL would refuse the parameter): no such row exists.
    """
    if not 1 <= key <= ID_MAX:
        raise NotFound(kind, key)
    bind_company(session, company_id)
    row = session.get(model, key)
    if row is None or getattr(row, "company_id", None) != company_id:
        raise NotFound(kind, key)
    return row


def rows_by_id(
    session: Session, model: type[T], ids: Collection[int], *, load: bool = True
) -> dict[int, T]:
    """The rows of these ids: those the session already holds unexpired cost nothing, the rest
    one query (none with ``load=False``: only the held ones are returned). What a transaction
    read, it reads again as it was (it holds what it read)."""
    found: dict[int, T] = {}
    missing: list[int] = []
    for key in ids:
        row = session.identity_map.get(identity_key(model, key))
        if row is not None and not inspect(row).expired_attributes:
            found[key] = row
        else:
            missing.append(key)
    if missing and load:
        pk = inspect(model).primary_key[0]
        for row in session.scalars(select(model).where(pk.in_(missing))):
            found[inspect(row).identity[0]] = row
    return found


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = int(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("cursor is not valid", field="cursor") from None
    if not 0 <= value <= ID_MAX:
        raise InvalidInput("cursor is not valid", field="cursor")
    return value


def page(
    session: Session, stmt: Select[Any], id_column: Any, cursor: str | None, limit: int
) -> tuple[Sequence[Any], str | None]:
    """Keyset pagination by descending id: rows and the cursor of the next page."""
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit must be between 1 and 1000", field="limit")
    after = decode_cursor(cursor)
    if after is not None:
        stmt = stmt.where(id_column < after)
    rows = session.scalars(stmt.order_by(id_column.desc()).limit(limit + 1)).all()
    if len(rows) > limit:
        return rows[:limit], encode_cursor(rows[limit - 1].id)
    return rows, None


def scoped_select(model: type[T], company_id: int) -> Select[T]:
    return select(model).where(model.company_id == company_id)  # type: ignore[attr-defined]
