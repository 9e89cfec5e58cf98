"""The business-key check of reference records, before any write.

Checked in the service so that a duplicate is refused with a message naming
the concept and the field ("account with code '6000' exists already") rather
than surfacing a database constraint; the constraint stays as the last guard.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Select
from sqlalchemy.orm import Session

from asiento.domain.errors import DuplicateKey


def require_free(
    session: Session,
    taken: Select[int],
    own_id: int | None,
    concept: str,
    key: Mapping[str, object],
) -> None:
    """Refuse when ``taken`` (ids of rows holding ``key``) finds a row other than ``own_id``.

    The error names ``concept`` and each part of ``key``; its field is the last part.
    """
    found = session.scalars(taken.limit(2)).all()
    if any(row_id != own_id for row_id in found):
        shown = " and ".join(f"{name} {value!r}" for name, value in key.items())
        raise DuplicateKey(f"{concept} with {shown} exists already", field=list(key)[-1])
