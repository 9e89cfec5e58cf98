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
    - A row count is known only once synced: every statement of an ORM flush inside the
      block waits for its answer (the unit of work checks each UPDATE's count as it goes).
      A Core write's count is not to be read inside the block.
    - On SQLite (and any other driver) the block does nothing.
    - ``COPY`` cannot run in pipeline mode: inside the block the bulk writers (``store.bulk``)
      send their rows by ``unnest`` whatever their number (``is_pipelined``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

_ROWLESS = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b(?!.*\bRETURNING\b)", re.IGNORECASE | re.DOTALL)
"""A write whose answer nobody reads: queued. Anything else (a read, ``RETURNING``) syncs."""


@lru_cache(maxsize=512)
def _answers(statement: str) -> bool:
    """Whether ``statement`` returns rows to fetch (SQLAlchemy's statements are few and cached:
    each is classified once)."""
    return _ROWLESS.match(statement) is None


@contextmanager
def pipelined(session: Session) -> Iterator[None]:
    """Send the block's statements on ``session``'s connection without waiting for each."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    if not isinstance(driver, psycopg.Connection):
        yield
        return

    flushing = False

    def answered(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        # SQLAlchemy reads the cursor's description (and a flush its row count) at once
        if pipeline is not None and (flushing or _answers(statement)):
            pipeline.sync()

    def flush_began(*_args: Any) -> None:
        nonlocal flushing
        flushing = True

    def flush_ended(*_args: Any) -> None:
        nonlocal flushing
        flushing = False

    pipeline = None
    hooks: list[tuple[Any, str, Any]] = [
        (connection, "after_cursor_execute", answered),
        (session, "before_flush", flush_began),
        (session, "after_flush", flush_ended),
    ]
    for target, name, hook in hooks:
        event.listen(target, name, hook)
    try:
        with driver.pipeline() as pipeline:
            yield
    except psycopg.Error as exc:
        raise DBAPIError.instance(None, None, exc, psycopg.Error) from exc
    finally:
        for target, name, hook in hooks:
            event.remove(target, name, hook)


def is_pipelined(session: Session) -> bool:
    """Whether ``session``'s connection is inside ``pipelined`` now: there ``COPY`` cannot run
    (the bulk writers send ``INSERT ... SELECT FROM unnest`` instead)."""
    driver = session.connection().connection.driver_connection
    return isinstance(driver, psycopg.Connection) and bool(driver.pgconn.pipeline_status)


__all__ = ["is_pipelined", "pipelined"]
