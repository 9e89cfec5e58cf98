"""Peak memory of parsing a large bank file, per format (issue 17).

Writes a synthetic file of about ``--mb`` megabytes in each format (MT940,
CAMT.053, OFX, CSV), then parses it in a fresh child process (so each figure
is that format's own peak) and prints one JSON line per format: file size,
lines read, seconds and peak RSS in MB (``ru_maxrss`` of the child).

    python bench/bench_statement_memory.py --mb 20
    python bench/bench_statement_memory.py --mb 200 --formats mt940,csv
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

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
        f':00</CreDtTm></GrpHdr><Stmt><Id>BENCH</Id><Acct><Id><IBAN>{IBAN}</IBAN></Id><Ccy>EUR'
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


def _child(fmt: str, path: str) -> None:
    """In the child: parse the file, print lines read, seconds and peak RSS."""
    from asiento.importers.csv_profiles import CsvColumns, CsvProfile
    from asiento.importers.detect import parse_file

    profile = CsvProfile(
        "bench",
        CsvColumns(date=("Date",), amount=("Amount",), counterparty_name=("Name",),
                   communication=("Text",)),
        currency="EUR",
    )  # fmt: skip
    start = time.perf_counter()
    content = Path(path).read_bytes()
    _, statements = parse_file(content, fmt, profile if fmt == "csv" else None)
    lines = sum(len(s.lines) for s in statements)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"lines": lines, "seconds": round(seconds, 1), "peak_rss_mb": round(peak)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats.split(","):
            path = _write(fmt, args.mb, Path(folder))
            run = subprocess.run(
                [sys.executable, __file__, "--child", fmt, str(path)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            result = json.loads(run.stdout) if run.returncode == 0 else {"error": run.stderr[-300:]}
            size = round(path.stat().st_size / 1_000_000, 1)
            print(json.dumps({"format": fmt, "file_mb": size, **result}), flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
