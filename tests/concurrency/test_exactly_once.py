"""Exactly once under concurrency: N identical requests at a live server, one effect.

For every state-changing operation of the API (``operations.OPS``) a fresh
target is set up, N requests are released together without an
Idempotency-Key (creating operations: with one shared key), and the answers
and the effect are checked against the operation's expectation. The ledger
invariants are checked once every operation has run. On PostgreSQL the server
has two worker processes: the requests really race.
"""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from sqlalchemy import create_engine

from asiento.app import create_app
from tests.concurrency import invariants
from tests.concurrency.conftest import Live, N
from tests.concurrency.operations import EXCLUDED, KEYED, OPS, Op

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _statuses(answers: list[httpx.Response]) -> Counter[int]:
    return Counter(a.status_code for a in answers)


def _check_answers(op: Op, answers: list[httpx.Response]) -> None:
    statuses = _statuses(answers)
    won = sum(n for code, n in statuses.items() if 200 <= code < 300)
    lost = {code for code in statuses if not 200 <= code < 300}
    detail = f"{op.id}: {dict(statuses)}; first refusal: " + next(
        (a.text[:300] for a in answers if not a.is_success), "-"
    )
    if op.expect == "once":
        assert won == 1 and lost <= op.losers, detail
    elif op.expect in ("same", "each"):
        assert won == N, detail
    elif op.expect == "keyed":
        assert won >= 1 and lost <= {409}, detail
        assert len({a.text for a in answers if a.is_success}) == 1, detail  # replays
    else:  # settle: any number of winners, the effect decides
        assert won >= 1 and lost <= op.losers, detail
    for refusal in (a for a in answers if not a.is_success):
        assert refusal.headers["content-type"].startswith("application/problem+json"), detail
        if refusal.status_code == 409 and op.state is not None:
            assert refusal.json().get("state") == op.state, detail


@pytest.mark.parametrize("op", OPS, ids=[op.id for op in OPS])
def test_n_identical_requests_have_exactly_one_effect(live: Live, op: Op) -> None:
    with live.client() as c:
        shot = op.aim(c, live)
    answers = live.fire(op.method, shot.path, **shot.kwargs())
    _check_answers(op, answers)
    shot.effect(live, answers)


@pytest.mark.parametrize("op", KEYED, ids=[f"keyed {op.id}" for op in KEYED])
def test_n_requests_with_one_idempotency_key_have_one_effect(live: Live, op: Op) -> None:
    with live.client() as c:
        shot = op.aim(c, live)
    answers = live.fire(op.method, shot.path, **shot.kwargs())
    _check_answers(op, answers)
    shot.effect(live, answers)


def test_the_ledger_invariants_hold_after_every_race(live: Live) -> None:
    """Runs after the table (same module, same server): whatever raced, the books agree."""
    invariants.check_all(live)


def test_every_state_changing_route_is_listed() -> None:
    """A new POST/PUT/PATCH/DELETE joins ``OPS`` or ``EXCLUDED`` (with its reason).

    The routes are read from the app's OpenAPI document, which FastAPI builds
    from every registered route (none of the API's is hidden from it).
    """
    paths = create_app(create_engine("sqlite://")).openapi()["paths"]
    routes = {
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method in operations
        if method.upper() in STATE_CHANGING and path.startswith("/api/")
    }
    listed = {op.id for op in OPS}
    assert len(listed) == len(OPS), "an operation is listed twice"
    assert not listed & set(EXCLUDED), "an operation is both listed and excluded"
    assert routes - listed - set(EXCLUDED) == set(), (
        "state-changing routes missing from the harness"
    )
    assert (listed | set(EXCLUDED)) - routes == set(), "the harness lists routes that do not exist"
