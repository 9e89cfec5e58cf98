"""One worker process serves many requests at once from the same company snapshot.

The threads of a worker's pool read and fill one ``Snapshot``: while one request drafts a
bill (``known_accounts`` walks the accounts named so far), another names accounts
(``ids_named`` adds them). Walking a dict that another thread grows raises ``RuntimeError:
dictionary changed size during iteration``: the concurrent bill imports of CI's exactly-once
harness answered 500 five times in sixteen. Thread switches are forced every microsecond here,
so the walk meets the growth within a few thousand rounds.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest

from asiento.services.reference import cache
from asiento.services.reference.cache import Snapshot

ROUNDS = 20_000


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[Snapshot]:
    """Every call gets the same snapshot, as every request of a worker does."""
    snap = Snapshot(version=1)
    monkeypatch.setattr(cache, "snapshot", lambda _session, _company_id: snap)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield snap
    finally:
        sys.setswitchinterval(interval)


def test_known_accounts_is_walked_while_other_requests_name_accounts(shared: Snapshot) -> None:
    errors: list[BaseException] = []
    done = threading.Event()

    def name_accounts() -> None:
        for n in range(ROUNDS):
            code = str(100_000 + n)
            cache.ids_named(None, 1, "account", [code], lambda m: {c: [int(c)] for c in m})  # type: ignore[arg-type]
        done.set()

    def draft_bills() -> None:
        try:
            while not done.is_set():
                cache.known_accounts(None, 1)  # type: ignore[arg-type]
        except RuntimeError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=name_accounts)] + [
        threading.Thread(target=draft_bills) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert cache.known_accounts(None, 1) == set(range(100_000, 100_000 + ROUNDS))  # type: ignore[arg-type]
