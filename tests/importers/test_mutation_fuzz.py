"""Mutation fuzz over real samples and own fixtures: never a changed amount that validates.

Each mutant of a file (truncated, a line duplicated, a sign flipped, an amount
altered) is either refused with a located error, or parsed into statements
whose balance check fails unless every amount is exactly the original's. The
check uses the original file's opening where the mutant states none (the
journal's previous closing, as the statement service does) and the mutant's
closing; a statement with no closing is unverifiable and validates only with
an explicit confirmation, so it is not "validated" here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from asiento.importers.base import ImportFileError, ParsedStatement
from asiento.importers.detect import parse_file
from tests.conftest import SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data"
AMOUNT = {
    "mt940": re.compile(rb"(?m)^(:61:[0-9]{6}(?:[0-9]{4})?R?)([CD])([A-Z]?)([0-9]+,[0-9]*)"),
    "ofx": re.compile(rb"(<TRNAMT>)(-?)()([0-9.]+)"),
    "camt053": re.compile(rb"(<Ntry>\s*<Amt Ccy=\"[A-Z]{3}\">)()()([0-9.]+)"),
}


def _files() -> list[Path]:
    own = sorted(p for p in DATA.iterdir() if p.suffix in {".sta", ".ofx", ".qbo", ".xml"})
    shared = sorted(SAMPLES.iterdir()) if SAMPLES.is_dir() else []
    return own + [p for p in shared if p.name.startswith(("mt940", "ofx", "camt", "qfx"))]


def _parse(content: bytes) -> tuple[str, list[ParsedStatement]] | None:
    try:
        return parse_file(content)
    except ImportFileError:
        return None


def _mutants(fmt: str, content: bytes) -> Iterator[tuple[str, bytes]]:
    for cut in (len(content) // 3, len(content) // 2, len(content) * 4 // 5, len(content) - 9):
        yield f"truncated at {cut}", content[:cut]
    for match in list(AMOUNT[fmt].finditer(content))[:6]:
        start, end = match.span()
        head, mark, funds, number = match.groups()
        yield (
            f"amount at {start} altered",
            content[:start] + head + mark + funds + _altered(number) + content[end:],
        )
        yield (
            f"sign at {start} flipped",
            content[:start] + head + _flipped(fmt, mark) + funds + number + content[end:],
        )
        line_end = content.find(b"\n", end)
        if fmt == "mt940" and line_end > 0:
            block_end = content.find(b"\n:6", line_end)
            if block_end > 0:
                block = content[match.start() : block_end + 1]
                yield f"line at {start} duplicated", content[:start] + block + content[start:]


def _altered(number: bytes) -> bytes:
    digits = bytearray(number)
    for index in range(len(digits)):
        if chr(digits[index]).isdigit() and digits[index] != ord("0"):
            digits[index] = ord("0") if digits[index] != ord("0") else ord("1")
            return bytes(digits)
    return b"1" + number


def _flipped(fmt: str, mark: bytes) -> bytes:
    if fmt == "mt940":
        return {b"C": b"D", b"D": b"C"}[mark]
    return b"" if mark == b"-" else b"-"


def _total(statement: ParsedStatement) -> Decimal:
    return sum((line.amount for line in statement.lines), Decimal(0))


def _validates(mutant: ParsedStatement, original: ParsedStatement) -> bool:
    opening = mutant.opening_balance
    if opening is None and original.closing_balance is not None:
        opening = original.opening_balance
        if opening is None:  # OFX: the journal's previous closing is the true opening
            opening = original.closing_balance - _total(original)
    if opening is None or mutant.closing_balance is None:
        return False  # unverifiable: needs an explicit confirmation
    return opening + _total(mutant) == mutant.closing_balance


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_no_mutant_validates_with_a_changed_amount(path: Path) -> None:
    content = path.read_bytes()
    parsed = _parse(content)
    if parsed is None:
        pytest.skip("the original is refused (a stated defect)")
    fmt, originals = parsed
    if fmt not in AMOUNT:
        pytest.skip("not a format with mutation rules")
    for what, mutant in _mutants(fmt, content):
        try:
            _, statements = parse_file(mutant)
        except ImportFileError as exc:
            assert exc.location, f"{what}: refused without a place: {exc.message}"
            continue
        by_key = {(s.account_iban, s.account_number, s.reference): s for s in originals}
        for statement in statements:
            key = (statement.account_iban, statement.account_number, statement.reference)
            original = by_key.get(key)
            if original is None or not _validates(statement, original):
                continue
            amounts = Counter(line.amount for line in statement.lines)
            assert amounts == Counter(line.amount for line in original.lines), (
                f"{path.name}: {what}: a changed amount validates"
            )
