"""Values typed in forms, as the services' types: numbers and dates.

Number inputs (``type=number``) always send ``1234.5`` whatever the page's
language, and date inputs ``YYYY-MM-DD``; anything else is refused with the
field named, as the API would.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from asiento.domain.errors import InvalidInput


def decimal_of(text: str, field: str) -> Decimal:
    """A number typed in a form (``type=number`` sends ``1234.5``), or InvalidInput."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInput(f"{field}: {text!r} is not a number", field=field) from None
    if not value.is_finite():
        raise InvalidInput(f"{field}: {text!r} is not a number", field=field)
    return value


def date_of(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not a date (YYYY-MM-DD)", field=field) from None


def optional_id(text: str) -> int | None:
    """A select's id value, or None for its empty ("none chosen") option."""
    return int(text) if text.isdigit() else None
