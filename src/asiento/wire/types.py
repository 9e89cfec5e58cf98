"""Bounded scalar types shared by every request schema and route parameter.

Why: a value the database cannot hold must be refused at the door with a 422
naming the field, never reach SQL and come back as a 500. Each bound exists
once, here, and is visible in the OpenAPI document (``minimum``/``maximum``,
``pattern``), so clients and fuzzers see the same contract the server enforces.

Invariants:
    - ``Id`` is 1 .. 2^63-1: every primary key is a BIGINT identity.
    - ``SmallInt`` and ``Count`` fit a 32-bit INTEGER column.
    - ``Text`` never contains NUL: PostgreSQL cannot store it in a text
      column and SQLite would store a string other tools cut short.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Any

from annotated_types import Interval
from pydantic import AfterValidator, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from asiento.domain.limits import (
    FIRST_DAY,
    ID_MAX,
    INT32_MAX,
    LAST_DAY,
    MAX_BUCKET_DAYS,
    MAX_BUCKETS,
)
from asiento.domain.limits import MAX_LINES as DEFAULT_MAX_LINES

MAX_LINES = int(os.environ.get("ASIENTO_MAX_LINES", "").strip() or DEFAULT_MAX_LINES)
"""Lines of one document in a request (``ASIENTO_MAX_LINES``, read at start-up)."""

NO_NUL_PATTERN = r"^[^\x00]*$"

Id = Annotated[int, Interval(ge=1, le=ID_MAX)]
"""A row id: what a BIGINT identity can hold (1 .. 2^63-1)."""

SmallInt = Annotated[int, Interval(ge=-INT32_MAX, le=INT32_MAX)]
"""An integer stored in a 32-bit column (sequences, day counts)."""

Count = Annotated[int, Interval(ge=0, le=INT32_MAX)]
"""A non-negative 32-bit integer (days, positions)."""


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "text cannot contain NUL characters")
    return value


class _NoNulSchema:
    """Adds the NUL-free ``pattern`` to the JSON schema without replacing other keys."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema: dict[str, Any] = handler(core_schema)
        schema.setdefault("pattern", NO_NUL_PATTERN)
        return schema


Text = Annotated[str, AfterValidator(_no_nul), _NoNulSchema()]
"""Any text a client sends: names, references, labels, descriptions, codes."""

Day = Annotated[dt.date, Interval(ge=FIRST_DAY, le=LAST_DAY)]
"""A date a client sends: 1900-01-01 .. 2999-12-31.

Due dates, periods and ages are computed from it (plus months, minus
buckets): the margin to ``date.min``/``date.max`` keeps that arithmetic
from overflowing, and no ledger needs dates outside the range.
"""

__all__ = [
    "ID_MAX",
    "MAX_BUCKETS",
    "MAX_BUCKET_DAYS",
    "MAX_LINES",
    "Count",
    "Day",
    "Id",
    "SmallInt",
    "Text",
    "Timestamp",
]


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


Timestamp = Annotated[dt.datetime, AfterValidator(_utc)]
"""A moment, always with its UTC offset.

SQLite hands back ``DateTime(timezone=True)`` columns without an offset; every
timestamp is written in UTC, so a naive value read back is UTC.
"""
