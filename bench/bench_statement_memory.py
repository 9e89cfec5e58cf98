"""Peak memory of reading and importing a large bank file, per format (issue 17).

Writes a synthetic file of about ``--mb`` megabytes (several sizes: ``--mb
10,50``) in each format (MT940, CAMT.053, OFX, CSV), then reads it in a fresh
child process (so each figure is that format's own peak) and prints one JSON
line per format and size: file size, lines, seconds, the child's RSS before
reading the file (``base_rss_mb``: interpreter and imports) and its peak RSS
(``ru_maxrss``), and the load average.

``--step parse`` (default) streams the file as the import's passes do
(``importers.detect.stream_file``, no database); ``--step import`` imports it
into a fresh SQLite database through ``import_statement``, the file passed
open (as the CLI and the upload routes do).

    python bench/bench_statement_memory.py --mb 10,50
    python bench/bench_statement_memory.py --mb 5,25 --formats mt940,csv --step import
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from asiento.domain.commands.chart import JournalChanges

IBAN = "DE89370400440532013000"


def _mt940(lines: int) -> Iterator[str]:
    yield f":20:BENCH\n:25:{IBAN}\n:28C:1/1\n:60F:C260101EUR0,00\n"
    for n in range(lines):
        yield f":61:2601020102C1,00NTRFREF{n}//B{n}\n:86:/NAME/Customer {n}/REMI/Invoice {n}\n"
    yield f":62F:C260131EUR{lines},00\n-\n"


def _camt(lines: int) -> Iterator[str]:
    yield (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:'
        'xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>B</MsgId><CreDtTm>2026-01-31T00:00'
        f":00</CreDtTm></GrpHdr><Stmt><Id>BENCH</Id><Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR"
        "</Ccy></Acct>"
    )
    for n in range(lines):
        yield (
            f'<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-01-02'
            f"</Dt></BookgDt><AcctSvcrRef>B{n}</AcctSvcrRef><NtryDtls><TxDtls><RmtInf><Ustrd>"
            f"Invoice {n}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
        )
    yield "</Stmt></BkToCstmrStmt></Document>\n"


def _ofx(lines: int) -> Iterator[str]:
    yield (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>"
        f"<CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>{IBAN}<ACCTTYPE>CHECKING</BANKACCTFROM>"
        "<BANKTRANLIST><DTSTART>20260101<DTEND>20260131\n"
    )
    for n in range(lines):
        yield (
            f"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260102<TRNAMT>1.00<FITID>B{n}"
            f"<NAME>Customer {n}<MEMO>Invoice {n}</STMTTRN>\n"
        )
    yield f"</BANKTRANLIST><LEDGERBAL><BALAMT>{lines}.00<DTASOF>20260131</LEDGERBAL>"
    yield "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"


def _csv(lines: int) -> Iterator[str]:
    yield "Date,Amount,Name,Text\n"
    for n in range(lines):
        yield f"2026-01-02,1.00,Customer {n},Invoice {n}\n"


FORMATS: dict[str, tuple[Callable[[int], Iterator[str]], int]] = {
    "mt940": (_mt940, 80),  # (writer, bytes per line, about)
    "camt053": (_camt, 230),
    "ofx": (_ofx, 120),
    "csv": (_csv, 40),
}


def _write(fmt: str, megabytes: float, folder: Path) -> Path:
    writer, per_line = FORMATS[fmt]
    path = folder / f"bench.{fmt}"
    with path.open("w", encoding="utf-8") as out:
        for chunk in writer(int(megabytes * 1_000_000 / per_line)):
            out.write(chunk)
    return path


def _profile() -> object:
    from asiento.importers.csv_profiles import CsvColumns, CsvProfile

    return CsvProfile(
        "bench",
        CsvColumns(date=("Date",), amount=("Amount",), counterparty_name=("Name",),
                   communication=("Text",)),
        currency="EUR",
    )  # fmt: skip


Result = tuple[int, float, float]
"""(lines, seconds, RSS in MB before the file is read)."""


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _parse(fmt: str, path: str) -> Result:
    from asiento.importers.detect import stream_file

    base, start = _rss(), time.perf_counter()
    with open(path, "rb") as file:
        _, stream = stream_file(file, fmt, _profile() if fmt == "csv" else None)  # type: ignore[arg-type]
        lines = sum(1 for _, item in stream() if not hasattr(item, "lines"))
    return lines, time.perf_counter() - start, base


def _import(fmt: str, path: str) -> Result:
    sys.path.insert(0, str(Path(__file__).parent))
    from common import fresh_database

    from asiento.services.bank.statement_import import import_statement
    from asiento.services.demo.seed import seed_company
    from asiento.services.reference import chart
    from asiento.store.uow import UnitOfWork

    with fresh_database("sqlite") as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
        profile = _profile() if fmt == "csv" else None
        base, start = _rss(), time.perf_counter()
        with open(path, "rb") as file:
            summary = import_statement(uow, company.id, "BNK1", file, path, fmt, profile)  # type: ignore[arg-type]
        return summary.new, time.perf_counter() - start, base


def _child(step: str, fmt: str, path: str) -> None:
    """In the child: read the file, print lines, seconds, base and peak RSS."""
    import asiento.services.bank.statement_import  # noqa: F401  (imports in the base figure)

    lines, seconds, base = (_parse if step == "parse" else _import)(fmt, path)
    peak = _rss()
    print(json.dumps({"n": lines, "seconds": round(seconds, 1), "base_rss_mb": round(base),
                      "peak_rss_mb": round(peak)}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", default="10,50", help="file sizes in MB, comma-separated")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--step", choices=("parse", "import"), default="parse")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in (float(mb) for mb in args.mb.split(",")):
            for fmt in args.formats.split(","):
                _measure(args.step, fmt, megabytes, Path(folder))


def _measure(step: str, fmt: str, megabytes: float, folder: Path) -> None:
    path = _write(fmt, megabytes, folder)
    run = subprocess.run(
        [sys.executable, __file__, "--child", step, fmt, str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    result = json.loads(run.stdout) if run.returncode == 0 else {"error": run.stderr[-300:]}
    size = round(path.stat().st_size / 1_000_000, 1)
    seconds = result.get("seconds") or 0
    line = {"name": f"{step} {fmt}", "file_mb": size, **result,
            "per_second": round(result.get("n", 0) / seconds, 1) if seconds else None,
            "ratio": None, "cores": os.cpu_count(),
            "load": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip
    print(json.dumps(line), flush=True)
    path.unlink()


if __name__ == "__main__":
    main()
