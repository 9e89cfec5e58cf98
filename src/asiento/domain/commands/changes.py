"""The ``UNSET`` marker of partial updates and the merge of a changes command.

Why a marker rather than ``None``: ``None`` is a value a client sends to clear
a field (a partner's e-mail), so "not sent" needs a value of its own.
"""

from __future__ import annotations

import enum
from dataclasses import fields, replace
from typing import Any, Final, TypeVar

C = TypeVar("C")
T = TypeVar("T")


class Unset(enum.Enum):
    """The type of ``UNSET``: a field a changes command leaves as it is."""

    UNSET = "unset"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


def unset_if_none(value: T | None) -> T | Unset:
    """``UNSET`` for ``None``: an option left out (CLI) changes nothing."""
    return UNSET if value is None else value


def fields_set(changes: Any) -> dict[str, Any]:
    """The fields ``changes`` (a dataclass) sets, by name: those not ``UNSET``."""
    values = ((f.name, getattr(changes, f.name)) for f in fields(changes))
    return {name: value for name, value in values if value is not UNSET}


def merged(current: C, changes: Any) -> C:
    """``current`` (a ``New*`` command) with the fields ``changes`` sets replaced."""
    return replace(current, **fields_set(changes))  # type: ignore[type-var]
