"""Shared benchmark plumbing: fresh databases, timing, peak RSS, one JSON line per result."""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from asiento.store.cluster import create_distributed_database, drop_distributed_database
from asiento.store.migrate import upgrade
from asiento.store.session import make_engine

ROOT = Path(__file__).resolve().parents[1]  # the repository
PG_URL = os.environ.get("ASIENTO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CITUS_WORKERS = [w for w in os.environ.get("BENCH_CITUS_WORKERS", "").split(",") if w]


def peak_rss_mb() -> float:
    """The process's peak RSS in MB since it started, or since the last ``reset_peak_rss``."""
    peak = _status_mb("VmHWM:")
    return (
        peak
        if peak is not None
        else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    )


def rss_mb() -> float | None:
    """The process's RSS in MB now (None where ``/proc`` does not say)."""
    return _status_mb("VmRSS:")


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def reset_peak_rss() -> None:
    """Start the peak RSS again from the current RSS (Linux's ``clear_refs`` 5), so that a
    step's ``peak_rss_mb`` is its own and not an earlier step's. Where ``/proc`` is missing
    nothing happens, and ``peak_rss_mb`` stays the whole process's (``ru_maxrss``)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def emit(name: str, n: int, seconds: float, baseline_seconds: float | None, **extra: Any) -> None:
    per_second = n / seconds if seconds else 0.0
    ratio = None
    if baseline_seconds:
        ratio = round(per_second / (n / baseline_seconds), 3)
    line = {
        "name": name,
        "n": n,
        "seconds": round(seconds, 3),
        "per_second": round(per_second, 1),
        "ratio": ratio,
        "peak_rss_mb": peak_rss_mb(),
        "cores": os.cpu_count(),
        **extra,
    }
    print(json.dumps(line), flush=True)


@contextmanager
def fresh_database(kind: str) -> Iterator[Engine]:
    """A migrated, empty database of ``kind`` ('sqlite' or 'postgresql'), dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{tmp}/bench.db")
            upgrade(engine)
            yield engine
            engine.dispose()
        return
    name = f"asiento_bench_{uuid.uuid4().hex[:8]}"
    if CITUS_WORKERS:
        yield from _distributed(name)
        return
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        _create_extensions(engine)
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _distributed(name: str) -> Iterator[Engine]:
    """``BENCH_CITUS_WORKERS=host:port,...``: the database distributed by company on the Citus
    cluster whose coordinator is ``ASIENTO_TEST_PG_URL`` (docs/operations.md)."""
    url = create_distributed_database(PG_URL, CITUS_WORKERS, name)
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        drop_distributed_database(PG_URL, CITUS_WORKERS, name)


def _create_extensions(engine: Engine) -> None:
    """``BENCH_PG_EXTENSIONS=citus``: create these extensions in the fresh database before the
    schema, e.g. to measure a Citus coordinator with its tables still local."""
    names = [n for n in os.environ.get("BENCH_PG_EXTENSIONS", "").split(",") if n]
    with engine.begin() as conn:
        for extension in names:
            conn.execute(text(f'CREATE EXTENSION IF NOT EXISTS "{extension}"'))


class StatementCounter:
    """Counts the SQL statements ``engine`` sends (``before_cursor_execute``), to report per item."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.count = 0

    def _on_execute(self, *_args: Any) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._on_execute)


def load() -> list[float]:
    """The 1, 5 and 15 minute load averages (the machine is shared: report them with figures)."""
    return [round(x, 2) for x in os.getloadavg()]


def databases() -> list[str]:
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql")
    return [d for d in wanted.split(",") if d]
