"""Query parameters shared by list endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from asiento.wire.types import Text

Cursor = Annotated[
    Text | None, Query(description="next_cursor of the previous page", max_length=100)
]
Limit = Annotated[int, Query(ge=1, le=1000)]
SearchText = Annotated[
    Text | None,
    Query(description="search as a picker does: name (or code) prefix, then contains"),
]
Archived = Annotated[bool, Query(description="include archived records in the search")]
