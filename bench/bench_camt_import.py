"""CAMT.053 import alone, by size and database: parse, import, re-import (issue 23).

Writes the CAMT.053 file of ``bench_statements`` (one credit entry per line,
quoting an invoice number, one ``TxDtls`` each, 366 bytes a line) for each size
in ``--n`` (default 10,000; the issue's sizes: ``--n 10000,100000``) and runs each
step in a fresh child process, so each figure has its own peak RSS:

- ``parse``: the file streamed once, as the import's first pass reads it (no
  database);
- ``import``: ``import_statement`` into a fresh database (the file passed open, as
  the CLI and the upload routes do), then the same file again (every line a
  duplicate), with the SQL statements each sent; then the raw limit in another fresh
  database: the same number of statement lines, shaped as the import writes them,
  written by the bare driver in one transaction (``raw.insert_batch``: one ``sqlite3``
  executemany, psycopg ``COPY``), as ``raw_seconds`` and ``ratio`` (raw / import).

No seeding beyond a company: the cost measured is the import's own, not the
ledger's. ``cpu_seconds`` is this process's CPU time (on PostgreSQL the server's is
not in it): on a loaded machine it shows the cost that wall time hides. ``--profile DIR`` writes a cProfile of each child's step there.

    BENCH_DATABASES=sqlite python bench/bench_camt_import.py --n 10000,100000
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

IBAN = "DE89370400440532013000"
START = date(2026, 1, 1)


def _amount(i: int) -> Decimal:
    return Decimal(1000 + i % 90000) / 100


def write_camt(path: Path, n: int) -> None:
    """``bench_statements.camt`` for ``n`` invoice numbers, written a line at a time."""
    total = sum((_amount(i) for i in range(n)), Decimal(0))
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
            "<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-12-31T10:00:00</CreDtTm></GrpHdr>"
            "<Stmt><Id>BENCH-1</Id><CreDtTm>2026-12-31T10:00:00</CreDtTm>"
            f"<Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
            '<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt>'
            "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2025-12-31</Dt></Dt></Bal>"
            f'<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{total}</Amt>'
            "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-31</Dt></Dt></Bal>"
        )
        for i in range(n):
            day = START + timedelta(days=i % 360)
            out.write(
                f'<Ntry><Amt Ccy="EUR">{_amount(i)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
                f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>"
                f"<AcctSvcrRef>TX-{i}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-{i}"
                f"</EndToEndId></Refs><RltdPties><Dbtr><Nm>Customer {i % 500}</Nm></Dbtr>"
                f"</RltdPties><RmtInf><Ustrd>Invoice INV/2026/{i:06d}</Ustrd></RmtInf></TxDtls>"
                "</NtryDtls></Ntry>"
            )
        out.write("</Stmt></BkToCstmrStmt></Document>\n")


def _rss() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _profiled(fn: Callable[[], Any], out: str | None) -> tuple[float, float, Any]:
    """(wall seconds, this process's CPU seconds, result) of ``fn``, profiled into ``out``."""
    profile = cProfile.Profile() if out else None
    start, cpu = time.perf_counter(), time.process_time()
    if profile is not None:
        result = profile.runcall(fn)
        profile.dump_stats(out)
    else:
        result = fn()
    return time.perf_counter() - start, time.process_time() - cpu, result


def _parse(path: str, profile: str | None) -> dict[str, Any]:
    from asiento.importers.detect import stream_file

    def run() -> int:
        with open(path, "rb") as file:
            _, stream = stream_file(file, "camt053", None)
            return sum(1 for _, item in stream() if not hasattr(item, "lines"))

    base = _rss()
    seconds, cpu, lines = _profiled(run, profile)
    return {"n": lines, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "base_rss_mb": base}  # fmt: skip


def _import(kind: str, path: str, profile: str | None) -> dict[str, Any]:
    from common import StatementCounter, fresh_database

    from asiento.domain.commands.chart import JournalChanges
    from asiento.services.bank.statement_import import import_statement
    from asiento.services.demo.seed import seed_company
    from asiento.services.reference import chart
    from asiento.store.uow import UnitOfWork

    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
        base = _rss()

        def once() -> Any:
            with open(path, "rb") as file:
                return import_statement(uow, company.id, "BNK1", file, "bench.xml", "camt053")

        with StatementCounter(engine) as first:
            seconds, cpu, summary = _profiled(once, profile)
        assert summary.balance_ok, summary
        with StatementCounter(engine) as second:
            again_s, again_cpu, again = _profiled(once, None)
        assert again.new == 0 and again.duplicates == summary.new, again
    import_peak = _rss()  # before the raw limit's own database and rows
    raw = _raw(kind, summary.new)
    return {"import_peak_rss_mb": import_peak, "n": summary.new, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "raw_seconds": round(raw, 2), "ratio": round(raw / seconds, 3),
            "statements": first.count, "reimport_seconds": round(again_s, 2),
            "reimport_cpu_seconds": round(again_cpu, 2), "reimport_statements": second.count,
            "base_rss_mb": base}  # fmt: skip


def _raw(kind: str, n: int) -> float:
    """Seconds the bare driver takes to write ``n`` lines shaped as the import's (a fresh
    database holding one imported statement, whose lines they become)."""
    import hashlib

    from common import fresh_database
    from raw import insert_batch

    from asiento.domain.commands.chart import JournalChanges
    from asiento.services.bank.statement_import import import_statement
    from asiento.services.demo.seed import seed_company
    from asiento.services.reference import chart
    from asiento.store.uow import UnitOfWork

    with fresh_database(kind) as engine, tempfile.TemporaryDirectory() as folder:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Raw", "EUR")
        journal = company.journals["BNK1"]
        chart.update_journal(uow, company.id, journal, JournalChanges(iban=IBAN))
        one = Path(folder) / "one.xml"
        write_camt(one, 1)
        statement = import_statement(uow, company.id, "BNK1", one.read_bytes(), "one.xml")
        statement_id = statement.statement_ids[0]

        def rows() -> Any:
            for i in range(n):
                day = START + timedelta(days=i % 360)
                yield {"company_id": company.id, "statement_id": statement_id,
                       "journal_id": journal, "sequence": i + 2, "date": day, "value_date": day,
                       "amount": 1000 + i % 90000, "currency": "EUR",
                       "counterparty_name": f"Customer {i % 500}", "counterparty_iban": None,
                       "communication": f"Invoice INV/2026/{i:06d}", "reference": None,
                       "transaction_id": f"RAW-{i}",
                       "fingerprint": hashlib.sha256(b"%d" % i).hexdigest(), "occurrence": 1,
                       "state": "open", "partner_id": None, "warning": None,
                       "original_amount": None, "original_currency": None}  # fmt: skip

        start = time.perf_counter()
        insert_batch(engine, [("statement_lines", rows())])
        return time.perf_counter() - start


def _child(step: str, kind: str, path: str, profile: str | None) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import common  # noqa: F401  (puts this checkout's sources first on the path)

    import asiento.services.bank.statement_import  # noqa: F401  (imports in the base figure)

    result = _parse(path, profile) if step == "parse" else _import(kind, path, profile)
    print(json.dumps({**result, "peak_rss_mb": _rss()}))


def _measure(step: str, kind: str, n: int, path: Path, profile: str | None) -> None:
    command = [sys.executable, __file__, "--child", step, kind, str(path)]
    if profile:
        Path(profile).mkdir(parents=True, exist_ok=True)
        command += ["--profile", str(Path(profile) / f"{step}-{kind}-{n}.prof")]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    result = json.loads(run.stdout) if run.returncode == 0 else {"error": run.stderr[-600:]}
    seconds = result.get("seconds") or 0
    line = {"name": f"camt053_{step}[{kind}]", "lines": n,
            "file_mb": round(path.stat().st_size / 2**20, 1), **result,
            "per_second": round(result.get("n", 0) / seconds) if seconds else None,
            "cores": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip
    print(json.dumps(line), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", default="10000", help="line counts, comma-separated")
    parser.add_argument("--steps", default="parse,import")
    parser.add_argument("--profile", help="folder for one cProfile file per child")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child, args.profile)
        return
    kinds = [d for d in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",") if d]
    with tempfile.TemporaryDirectory() as folder:
        for n in (int(x) for x in args.n.split(",")):
            path = Path(folder) / f"bench-{n}.xml"
            write_camt(path, n)
            for step in args.steps.split(","):
                for kind in kinds if step == "import" else ["none"]:
                    _measure(step, kind, n, path, args.profile)
            path.unlink()


if __name__ == "__main__":
    main()
