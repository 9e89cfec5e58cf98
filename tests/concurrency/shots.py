"""Shots and operations of the harness: what one row of the table is, and the effect checks.

See ``operations.py`` for the table and the meaning of each expectation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live

Effect = Callable[[Live, list[httpx.Response]], None]


def nothing(_live: Live, _answers: list[httpx.Response]) -> None:
    """No effect beyond the answers (checked by the expectation and the invariants)."""


@dataclass
class Shot:
    path: str
    json: Any = None
    params: dict[str, Any] | None = None
    headers: dict[str, str] | None = None
    files: Any = None
    data: Any = None
    effect: Effect = nothing

    def kwargs(self) -> dict[str, Any]:
        out = {"json": self.json, "params": self.params, "headers": self.headers}
        out |= {"files": self.files, "data": self.data}
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True)
class Op:
    method: str
    route: str
    aim: Callable[[httpx.Client, Live], Shot]
    expect: str = "once"
    losers: frozenset[int] = field(default_factory=lambda: frozenset({409}))
    state: str | None = None  # the current state every 409 names (the winner's result)

    @property
    def id(self) -> str:
        return f"{self.method} {self.route}"


def one(live: Live, query: str, expected: Any = 1, **params: Any) -> None:
    """Assert that ``query`` (one value) gives ``expected``."""
    got = live.sql(query, **params)[0][0]
    assert got == expected, f"{query} {params}: {got!r} != {expected!r}"


def key(name: str) -> dict[str, str]:
    return {"Idempotency-Key": s.unique(f"{name}-")}


POSTED_ENTRIES = (
    "SELECT count(*) FROM journal_entries WHERE origin_kind = :kind AND origin_id = :id"
    " AND state = 'posted' AND reversal_of_id IS NULL"
)
REVERSALS = "SELECT count(*) FROM journal_entries WHERE reversal_of_id = :id"
