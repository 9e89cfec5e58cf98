"""One document's writes sent in one round trip: psycopg's pipeline mode (PostgreSQL).

Why: creating and posting an invoice sends about a dozen statements, and on PostgreSQL each
used to wait for its answer before the next was built. Of those, the writes (the journal's
chain head, the entry, its items and their tax links, the audit event, the invoice, its lines
and their tax links) need no answer: in pipeline mode the driver queues them, the server runs
each while Python builds the next, and the connection waits once, at the end of the block
or where a statement's rows are fetched (``RETURNING``, a read), whichever comes first.

Invariants:
    - Statements run in the order sent, in the caller's transaction; a read inside the block
      sees every write sent before it (the fetch syncs the pipeline first).
    - Nothing is committed by the block: the unit of work commits, after it.
    - A write refused by the server is raised by the block at the latest, as SQLAlchemy's
      error of that kind (``IntegrityError`` for a unique or foreign key), never as the
      driver's: callers and the API's error mapping see what they always saw. The
      transaction is then aborted and the unit of work rolls it back.
    - Statements that need their row count (an ORM update's stale check) must not be sent
      inside the block: the count is known only once synced. The block holds Core writes
      and reads whose rows are fetched.
    - On SQLite (and any other driver) the block does nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

_ROWLESS = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b(?!.*\bRETURNING\b)", re.IGNORECASE | re.DOTALL)
"""A write whose answer nobody reads: queued. Anything else (a read, ``RETURNING``) syncs."""


@contextmanager
def pipelined(session: Session) -> Iterator[None]:
    """Send the block's statements on ``session``'s connection without waiting for each."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if not isinstance(driver, psycopg.Connection):
        yield
        return

    def answered(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        # SQLAlchemy reads the cursor's description as soon as the call returns
        if pipeline is not None and not _ROWLESS.match(statement):
            pipeline.sync()

    pipeline = None
    event.listen(connection, "after_cursor_execute", answered)
    try:
        with driver.pipeline() as pipeline:
            yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(None, None, exc, psycopg.Error) from exc
    finally:
        event.remove(connection, "after_cursor_execute", answered)


__all__ = ["pipelined"]
