"""Which transactions wrote reference data: the per-process reference cache must not serve them.

Why: ``companies.reference_version`` is bumped by triggers in the transaction that changes a
tax, an account, a journal, a currency, a payment term, a product or its taxes, or one of the
company's own bank accounts (any bank account write marks the transaction here); a cache checked
against the version read at the start of a use case would, in a transaction that changes such
data and then reads it, hand back the values from before its own change (and could keep values
that are then rolled back). Every statement sent through SQLAlchemy (ORM flushes, Core, text,
the announced ``COPY``) passes ``after_cursor_execute``: an INSERT, UPDATE or DELETE into one
of those tables marks the connection until its transaction ends.

Invariant: a false positive only costs the cache for the rest of one transaction; a journal
update that sets nothing but the chain head (``chain_length``, ``last_hash``: every posting)
is not a reference change, as for the triggers.
"""

from __future__ import annotations

import re
from typing import Any, Final

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

REFERENCE_TABLES: Final = (
    "taxes",
    "product_taxes",
    "accounts",
    "journals",
    "currencies",
    "payment_terms",
    "bank_accounts",
    "products",
)
CHAIN_HEAD: Final = frozenset({"chain_length", "last_hash"})
_KEY: Final = "asiento.reference_written"
_TARGET = re.compile(
    r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?("
    + "|".join(REFERENCE_TABLES)
    + r")\"?(?![\w.])",
    re.IGNORECASE,
)
_JOURNAL_SET = re.compile(
    r"^\s*UPDATE\s+\"?journals\"?\s+SET\s+(.*?)\s+WHERE\b", re.IGNORECASE | re.DOTALL
)


def changes_reference(statement: str) -> bool:
    """True for an INSERT, UPDATE or DELETE whose target is a reference table (a table only
    read by its ``SELECT`` or ``FROM`` part, as in ``INSERT ... SELECT ... JOIN taxes``, is
    not written)."""
    if not _TARGET.match(statement):
        return False
    journal = _JOURNAL_SET.match(statement)
    if journal is not None:
        columns = {part.split("=")[0].strip().strip('"') for part in journal[1].split(",")}
        return not columns <= CHAIN_HEAD
    return True


def watch(engine: Engine) -> None:
    """Mark each connection whose current transaction changed reference data."""

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if changes_reference(statement):
            conn.info[_KEY] = True

    for name in ("begin", "commit", "rollback"):
        event.listen(engine, name, lambda conn: conn.info.pop(_KEY, None))


def wrote_reference(session: Session) -> bool:
    """True when the session's transaction has changed reference data (see the docstring)."""
    return bool(session.connection().info.get(_KEY))


__all__ = ["REFERENCE_TABLES", "changes_reference", "watch", "wrote_reference"]
