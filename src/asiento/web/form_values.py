"""Values typed in forms, as the services' types: numbers and dates.

Number inputs (``type=number``) always send ``1234.5`` whatever the page's
language, and date inputs ``YYYY-MM-DD``; anything else is refused with the
field named, as the API would.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from fastapi import Request

from asiento.domain.errors import InvalidInput


async def refuse_nul(request: Request) -> None:
    """No text a page receives (query or form field) may contain NUL.

    PostgreSQL cannot store NUL in a text column and SQLite would keep a string
    that other tools cut short: refused on both databases, like the API's
    ``Text``. Runs as a dependency of every page, after FastAPI parsed the form.
    """
    values: list[str] = list(request.query_params.values())
    if request.method == "POST" and request.headers.get("content-type", "").startswith(FORMS):
        form = await request.form()
        values += [v for v in form.values() if isinstance(v, str)]
    for value in values:
        if "\x00" in value:
            raise InvalidInput("text cannot contain NUL characters")


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


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
