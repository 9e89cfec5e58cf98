"""A short schemathesis run in ``make test``: every /api/v1 operation, a few cases each.

SQLite only and a handful of positive and negative examples per operation, so
that a route that answers 5xx or strays from its OpenAPI document fails the
suite at once; ``make fuzz`` runs the full version on both databases.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from asiento.store.session import make_engine
from tests.fuzz.harness import run_fuzz

EXAMPLES = 3


def test_every_operation_survives_a_short_fuzz(sqlite_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        report = run_fuzz(engine, "SQLite", EXAMPLES)
    finally:
        engine.dispose()
    assert report.operations > 100
    assert report.failures == []
    assert not [s for s in report.statuses if s >= 500]
