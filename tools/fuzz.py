"""``make fuzz``: schemathesis over every /api/v1 operation on SQLite and PostgreSQL.

Each database gets a fresh, migrated copy with the demo loaded; every
operation is fuzzed with ``--examples`` positive and as many negative cases
under the standard checks (see ``tests/fuzz/harness.py``). The figures are
printed and written into the "Fuzzing" section of docs/testing.md. Exit 1 on
any failure.

    python tools/fuzz.py [--examples 50] [--database sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from tests.fuzz.harness import FuzzReport, run_fuzz  # noqa: E402

from asiento.store.migrate import upgrade  # noqa: E402
from asiento.store.session import make_engine  # noqa: E402

PG_URL = os.environ.get("ASIENTO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DOC = ROOT / "docs" / "testing.md"
HEADING = "## Fuzzing"


def fuzz_sqlite(examples: int) -> FuzzReport:
    path = Path(tempfile.mkdtemp()) / "fuzz.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    try:
        return run_fuzz(engine, "SQLite", examples, progress=_progress)
    finally:
        engine.dispose()


def fuzz_postgresql(examples: int) -> FuzzReport:
    name = f"asiento_fuzz_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        upgrade(engine)
        return run_fuzz(engine, "PostgreSQL", examples, progress=_progress)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def table(reports: list[FuzzReport], examples: int) -> str:
    """The figures as the Markdown section of docs/testing.md."""
    lines = [
        HEADING,
        "",
        f"`make fuzz` ({dt.date.today().isoformat()}): schemathesis over every `/api/v1`",
        f"operation, up to {examples} positive and {examples} negative examples each, standard",
        "checks",
        "(no server error except the documented 502 of sending mail; status code, content type,",
        "headers and body conforming to the OpenAPI document). `make test` runs a short version",
        "on SQLite (`tests/api/test_fuzz.py`).",
        "",
        "| database | operations | cases | 2xx | 4xx | 5xx | failures | seconds |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reports:
        by_class = {c: sum(n for s, n in r.statuses.items() if s // 100 == c) for c in (2, 4, 5)}
        lines.append(
            f"| {r.database} | {r.operations} | {r.cases} | {by_class[2]} | {by_class[4]} "
            f"| {by_class[5]} | {len(r.failures)} | {r.seconds:.0f} |"
        )
    statuses: dict[int, int] = {}
    for r in reports:
        for s, n in r.statuses.items():
            statuses[s] = statuses.get(s, 0) + n
    lines += ["", "Statuses seen: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))]
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace (or append) the Fuzzing section; other sections are left as they are."""
    current = DOC.read_text() if DOC.exists() else "# Testing\n"
    start = current.find(HEADING + "\n")
    if start < 0:
        updated = current.rstrip("\n") + "\n\n" + section
    else:
        end = current.find("\n## ", start + len(HEADING))
        tail = "" if end < 0 else current[end + 1 :]
        updated = current[:start] + section + ("\n" + tail if tail else "")
    DOC.write_text(updated)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=50)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/testing.md")
    args = parser.parse_args()
    reports = []
    if args.database in ("sqlite", "both"):
        reports.append(fuzz_sqlite(args.examples))
    if args.database in ("postgresql", "both"):
        reports.append(fuzz_postgresql(args.examples))
    section = table(reports, args.examples)
    print(section)
    for r in reports:
        for failure in r.failures:
            print(f"--- {r.database}: {failure}\n")
    if not args.no_write:
        write_section(section)
    return 1 if any(r.failures for r in reports) else 0


if __name__ == "__main__":
    raise SystemExit(main())
