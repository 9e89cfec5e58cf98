"""Count the SQL statements an engine sends: a behaviour check against N+1 regressions.

Every cursor execution counts once (an executemany is one statement, as it is
one round trip for the driver's batch); SQLite's ``BEGIN IMMEDIATE`` counts too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The statements sent while the block runs, in order (``len`` is the count)."""
    seen: list[str] = []

    def on_execute(*args: Any) -> None:
        seen.append(" ".join(str(args[2]).split())[:120])

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
