"""Harness targets for closing and re-opening a fiscal year (``/years/{year}``).

Each aims at a year of its own, far from the harness's working day, with one posted entry so
the year has a result to close: 2017 is closed by the racing requests; 2018 is closed once and
then re-opened by them. Either order of the two keeps the closing order the service requires
(an earlier year with entries is closed first; a later closed year is re-opened first).
"""

from __future__ import annotations

import datetime as dt

import httpx

from tests.concurrency import setups as s
from tests.concurrency.conftest import Live
from tests.concurrency.shots import Shot, one

CLOSINGS = (
    "SELECT count(*) FROM journal_entries e JOIN fiscal_years f ON f.id = e.fiscal_year_id"
    " WHERE e.origin_kind = 'year_closing' AND e.reversal_of_id IS NULL AND f.start_date = :start"
)


def _year_with_a_result(c: httpx.Client, year: int) -> None:
    body = {**s.entry_body("25.00"), "date": f"{year}-06-30"}
    s.ok(c.post("/entries?post=true", json=body))


def close_year(c: httpx.Client, live: Live) -> Shot:
    """16 closings of one year: one closing entry, the year closed, every other answer 409."""
    _year_with_a_result(c, 2017)

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, CLOSINGS, start=dt.date(2017, 1, 1))
        one(
            lv,
            "SELECT state FROM fiscal_years WHERE start_date = :start",
            "closed",
            start=dt.date(2017, 1, 1),
        )

    return Shot("/years/2017/close", effect=effect)


def reopen_year(c: httpx.Client, live: Live) -> Shot:
    """16 re-openings of a closed year: its closing entry reversed once, the year open again."""
    _year_with_a_result(c, 2018)
    closing = s.ok(c.post("/years/2018/close"))["closing_entry_id"]

    def effect(lv: Live, _a: list[httpx.Response]) -> None:
        one(lv, "SELECT count(*) FROM journal_entries WHERE reversal_of_id = :id", id=closing)
        one(
            lv,
            "SELECT state FROM fiscal_years WHERE start_date = :start",
            "open",
            start=dt.date(2018, 1, 1),
        )

    return Shot("/years/2018/reopen", json={"reason": "harness"}, effect=effect)
