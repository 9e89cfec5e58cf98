"""Case-insensitive name matching that the ``ix_search_*`` indexes can answer.

The migration ``0014_search_indexes`` indexes ``(company_id, lower(name))``:
with ``text_pattern_ops`` on PostgreSQL, so ``lower(name) LIKE 'abc%'`` is an
index range scan whatever the collation; as a plain expression index on SQLite,
whose planner uses it only for a comparison range, so SQLite also gets
``lower(name) >= 'abc' AND lower(name) < 'abd'`` (the LIKE then only re-checks).

Invariants:
    - the typed text is a literal: ``%``, ``_`` and the escape character match
      themselves, never act as wildcards;
    - both dialects return the same rows for ASCII names (SQLite's ``lower()``
      folds ASCII only; a non-ASCII capital matches only as typed).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func

ESCAPE = "\\"


def escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards and the escape character escaped."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def folded(text: str) -> str:
    """The query text as the index stores names: trimmed and lower-cased."""
    return " ".join(text.split()).lower()


def _successor(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def starts_with(column: Any, text: str, dialect: str) -> ColumnElement[bool]:
    """``lower(column)`` starts with ``text`` (already folded); index-friendly on both."""
    lowered = func.lower(column)
    like = lowered.like(escape_like(text) + "%", escape=ESCAPE)
    if dialect == "sqlite":
        return and_(lowered >= text, lowered < _successor(text), like)
    return like


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """``lower(column)`` contains ``text``: a trigram index on PostgreSQL when the
    extension was available, else a scan that the caller bounds with a LIMIT."""
    return func.lower(column).like("%" + escape_like(text) + "%", escape=ESCAPE)


def number_starts_with(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` (a document number, case as stored) starts with ``text``: a range
    the ``(company_id, number)`` btree answers on both databases, LIKE re-checks."""
    like = column.like(escape_like(text) + "%", escape=ESCAPE)
    return and_(column >= text, column < _successor(text), like)


def name_order(column: Any, dialect: str) -> ColumnElement[Any]:
    """The order the ``ix_search_*`` index keeps: ``lower(name)``, in byte order on
    PostgreSQL (``text_pattern_ops`` sorts as ``COLLATE "C"``), so ``ORDER BY ... LIMIT``
    walks the index and stops instead of sorting every match of a short prefix."""
    lowered = func.lower(column)
    return lowered.collate("C") if dialect == "postgresql" else lowered
