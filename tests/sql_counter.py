"""Count the SQL statements an engine sends: a behaviour check against N+1 regressions.

Every cursor execution counts once (an executemany is one statement, as it is
one round trip for the driver's batch); SQLite's ``BEGIN IMMEDIATE`` counts too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

Sent = tuple[str, Any]
"""A statement as sent, with its parameters."""


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


def captured(engine: Engine, run: Callable[[], object], keep: Callable[[str], bool]) -> list[Sent]:
    """The statements ``run()`` sends that ``keep`` selects, with their parameters: what a plan
    test explains (``EXPLAIN`` needs the very statement and values that were sent)."""
    seen: list[Sent] = []

    def on_execute(_conn: Any, _cursor: Any, sql: str, params: Any, *_rest: Any) -> None:
        if keep(sql):
            seen.append((sql, params))

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    return seen
