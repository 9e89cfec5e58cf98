"""Fuzzing the OFX and CSV importers: damaged input ends in ImportFileError, never a crash.

Seeds are our test files (and the shared real files when present); each
example flips, inserts, deletes, duplicates or truncates bytes, a few times.
"""

from __future__ import annotations

import contextlib
import os
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asiento.importers import csv as csv_importer
from asiento.importers import ofx
from asiento.importers.base import ImportFileError, ParsedStatement
from asiento.importers.csv_profiles import BUILTIN_PROFILES, CsvColumns, CsvProfile
from tests.conftest import SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data"

# ASIENTO_FUZZ_EXAMPLES=5000 for a longer run by hand; the suite keeps it short.
EXAMPLES = int(os.environ.get("ASIENTO_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOKENS = [b"<", b">", b"</STMTTRN>", b"<STMTTRN>", b"<TRNAMT>", b"&amp;", b"<![CDATA[", b"]]>",
          b";", b",", b'"', b"'", b"\n", b"\r\n", b"\x00", b"\xff", b"\xc3", b"=\"", b"-", b"1'0"]  # fmt: skip

DEBIT_CREDIT = CsvProfile(
    "fuzz_debit_credit",
    CsvColumns(
        date=("Booking Date",), value_date=("Value Date",), counterparty_name=("Payee",),
        counterparty_iban=("Payee IBAN",), communication=("Details",), debit=("Debit",),
        credit=("Credit",), balance=("Balance",),
    ),
    thousands_separator=",",
)  # fmt: skip


def _files(pattern: str) -> list[bytes]:
    found = sorted(DATA.glob(pattern))
    if SAMPLES.is_dir():
        found += sorted(SAMPLES.glob(pattern))
    return [path.read_bytes() for path in found]


OFX_SEEDS = _files("ofx*") + _files("qfx*") + _files("qbo*")
CSV_SEEDS = _files("csv_*")


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed damaged by one to four edits."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "insert", "token", "delete", "dup", "truncate"]))
        pos = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(max_size=12))
        elif kind == "token":
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif kind == "delete":
            del data[pos : pos + draw(st.integers(1, 80))]
        elif kind == "dup":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 200))]
        else:
            del data[pos:]
    return bytes(data)


def _well_formed(statements: list[ParsedStatement]) -> None:
    for statement in statements:
        for line in statement.lines:
            assert isinstance(line.amount, Decimal)


@FUZZ
@given(mutated(OFX_SEEDS))
def test_damaged_ofx_raises_only_import_file_error(content: bytes) -> None:
    with contextlib.suppress(ImportFileError):
        _well_formed(ofx.parse(content))


@FUZZ
@given(st.one_of(st.binary(max_size=400), st.text(max_size=300).map(str.encode)))
def test_garbage_is_refused_by_ofx(content: bytes) -> None:
    ofx.detect(content)
    with contextlib.suppress(ImportFileError):
        _well_formed(ofx.parse(content))


@FUZZ
@given(mutated(CSV_SEEDS), st.sampled_from([None, DEBIT_CREDIT, *BUILTIN_PROFILES.values()]))
def test_damaged_csv_raises_only_import_file_error(
    content: bytes, profile: CsvProfile | None
) -> None:
    with contextlib.suppress(ImportFileError):
        _well_formed(csv_importer.parse(content, profile))


@FUZZ
@given(
    st.lists(
        st.lists(st.sampled_from(["", "2026-01-02", "02.01.2026", "1'234.50", "-1,5", "(3)", "x",
                                  '"a;b"', "D", "K", "Af", "Bij", "EUR", "Date", "Amount"]),
                 max_size=8),
        max_size=8,
    ),
    st.sampled_from([";", ","]),
    st.sampled_from(list(BUILTIN_PROFILES.values())),
)  # fmt: skip
def test_random_tables_raise_only_import_file_error(
    rows: list[list[str]], delimiter: str, profile: CsvProfile
) -> None:
    content = "\n".join(delimiter.join(row) for row in rows).encode()
    csv_importer.detect(content)
    with contextlib.suppress(ImportFileError):
        _well_formed(csv_importer.parse(content, profile))
