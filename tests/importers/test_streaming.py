"""Streamed parsers read exactly what the whole-file parsers read (issue 17).

``parse_digests.json`` holds, for every file of tests/data and every shared
sample, a SHA-256 of ``repr(parse_file(content))`` (format, statements, every
line with its exact Decimal amount) or the refusal message, taken with the
parsers as they were before they streamed. Each file must still give the
same digest, read whole, read from an open file, and read with the text
decoded a byte or a few bytes at a time (so that CR LF, multi-byte
characters and fields cut between chunks are exercised).
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from asiento.importers import _csv_text, _mt940_text, _ofx_markup, camt053
from asiento.importers.base import ImportFileError, StatementLine, collect
from asiento.importers.csv_profiles import CsvColumns, CsvProfile
from asiento.importers.detect import parse_file, stream_file
from asiento.importers.identity import unique_transaction_ids
from asiento.importers.occurrences import Occurrences
from tests.conftest import SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data"
DIGESTS: dict[str, str] = json.loads((Path(__file__).parent / "parse_digests.json").read_text())
OWN = sorted(p.name for p in DATA.iterdir() if p.is_file())
SHARED = sorted(name for name in DIGESTS if name not in OWN)
SIMPLE = CsvProfile(
    "simple",
    CsvColumns(date=("Date",), amount=("Amount",), counterparty_name=("Name",),
               communication=("Text",)),
    date_formats=("%Y-%m-%d",),
)  # fmt: skip


def _digest(read: object) -> str:
    try:
        result = read() if callable(read) else read
    except ImportFileError as exc:
        return "refused: " + exc.message
    return hashlib.sha256(repr(result).encode()).hexdigest()


def _streamed(content: bytes) -> tuple[str, list[object]]:
    fmt, stream = stream_file(io.BytesIO(content))
    return fmt, collect(stream())


def test_every_own_fixture_has_a_digest() -> None:
    assert set(OWN) <= set(DIGESTS)


@pytest.mark.parametrize("name", OWN)
def test_own_fixture_reads_as_before(name: str) -> None:
    content = (DATA / name).read_bytes()
    assert _digest(lambda: parse_file(content)) == DIGESTS[name]
    assert _digest(lambda: _streamed(content)) == DIGESTS[name]


@pytest.mark.samples
@pytest.mark.parametrize("name", SHARED)
def test_shared_sample_reads_as_before(name: str) -> None:
    content = (SAMPLES / name).read_bytes()
    assert _digest(lambda: parse_file(content)) == DIGESTS[name]
    assert _digest(lambda: _streamed(content)) == DIGESTS[name]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
def test_text_cut_anywhere_reads_the_same(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [n for n in OWN if n.endswith((".sta", ".csv", ".txt"))]
    names += [
        n for n in SHARED if SAMPLES.is_dir() and n.endswith((".sta", ".csv", ".txt", ".940"))
    ]
    folders = {n: DATA if n in OWN else SAMPLES for n in names}
    monkeypatch.setattr(_mt940_text, "_CHUNK", chunk)
    monkeypatch.setattr(_csv_text, "_CHUNK", chunk)
    for name in names:
        content = (folders[name] / name).read_bytes()
        assert _digest(lambda c=content: parse_file(c)) == DIGESTS[name], name


@pytest.mark.parametrize("chunk", [1, 5, 64])
def test_camt_and_ofx_read_a_few_bytes_at_a_time_read_the_same(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    markup = ("camt053", "ofx", "qfx", "qbo")
    names = [n for n in OWN if n.startswith(markup)]
    names += [n for n in SHARED if SAMPLES.is_dir() and n.startswith(markup)]
    folders = {n: DATA if n in OWN else SAMPLES for n in names}
    monkeypatch.setattr(camt053, "_CHUNK", chunk)
    monkeypatch.setattr(_ofx_markup, "CHUNK", chunk)
    for name in names:
        content = (folders[name] / name).read_bytes()
        assert _digest(lambda c=content: _streamed(c)) == DIGESTS[name], name


def test_cr_only_and_split_crlf_mt940_lines_are_read_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (DATA / "mt940_nl_ing_cntp.sta").read_bytes().replace(b"\r\n", b"\n")
    expected = parse_file(text)
    monkeypatch.setattr(_mt940_text, "_CHUNK", 1)
    assert parse_file(text.replace(b"\n", b"\r")) == expected
    assert parse_file(text.replace(b"\n", b"\r\n")) == expected


def test_a_bad_byte_late_in_a_csv_file_names_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = b"".join(b"2026-01-%02d,1.00,Ann,rent\n" % (1 + n % 28) for n in range(50))
    content = b"Date,Amount,Name,Text\n" + rows + b"2026-02-01,1.00,\xff,x\n"
    monkeypatch.setattr(_csv_text, "_CHUNK", 64)
    with pytest.raises(ImportFileError) as caught:
        parse_file(content, "csv", SIMPLE)
    assert caught.value.location == "line 52"
    assert "text (byte 0xff); choose the file's encoding" in caught.value.message


def test_occurrences_count_the_same_in_memory_and_on_disk() -> None:
    keys = [f"k{n % 7}" for n in range(50)]
    with Occurrences() as memory, Occurrences(memory_keys=3) as disk:
        assert [memory.add(k) for k in keys] == [disk.add(k) for k in keys]
        assert disk.add("k0") == 9


def test_repeated_transaction_ids_are_numbered_the_same_beyond_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import date
    from decimal import Decimal

    lines = [
        StatementLine(date(2026, 1, 1), Decimal(n), transaction_id=f"T{n % 4}") for n in range(12)
    ]
    expected = unique_transaction_ids(lines)
    monkeypatch.setattr("asiento.importers.occurrences.MEMORY_KEYS", 2)
    monkeypatch.setattr(Occurrences.__init__, "__defaults__", (2,))
    again = unique_transaction_ids(lines)
    assert again == expected
    assert [x.transaction_id for x in again[:8]] == [
        "T0", "T1", "T2", "T3", "T0#2", "T1#2", "T2#2", "T3#2",
    ]  # fmt: skip
