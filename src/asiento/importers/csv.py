"""CSV bank exports, read through a mapping profile (``CsvProfile``).

A CSV export has no standard layout, so a profile (``csv_profiles``) says
where each value sits; ``detect_profile`` picks a built-in one when a row of
the file holds every header name that profile expects.

Reading rules:
    - the file is decoded strictly in the profile's encoding; bytes that do
      not decode are an ``ImportFileError`` naming the line, never guessed;
    - cells are stripped, and Excel's ``="..."`` guard is removed; numbers
      and dates are read by ``csv_cells`` (exact Decimals, strict separators);
    - a row whose date or amount cannot be read raises ``ImportFileError``
      naming its line (the first physical line of the record) and column;
    - rows whose cells are all empty are skipped;
    - debit cells are money out whether or not the bank wrote a minus sign,
      credit cells are taken as written; a row with both adds them.

Rows become statements, with balances from balance rows, the preamble or a
running-balance column, in ``csv_statements`` (see there how balances are
derived).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import chain, islice
from typing import Final

from asiento.domain.currency import is_known
from asiento.importers._csv_text import text_lines
from asiento.importers.base import (
    ImportFileError,
    Input,
    Item,
    ParsedStatement,
    StatementLine,
    collect,
    head_of,
    open_input,
)
from asiento.importers.csv_cells import clean, compact_account, read_date, read_number
from asiento.importers.csv_profiles import BUILTIN_PROFILES, Columns, CsvProfile
from asiento.importers.csv_statements import CsvRow, Preamble, Record, assemble

__all__ = ["CsvProfile", "detect", "detect_profile", "parse", "stream"]

_HEADER_WINDOW: Final = 50
_SNIFF_BYTES: Final = 65536


def detect(content: bytes) -> bool:
    """True when a built-in profile matches, or the text looks delimited."""
    return detect_profile(content) is not None or _looks_delimited(content)


def detect_profile(content: bytes) -> CsvProfile | None:
    """The built-in profile whose header (or headerless pattern) fits best.

    The score is how many header names the profile expects and finds in one
    row of the file's start; ties go to the earlier profile in the registry.
    """
    best: CsvProfile | None = None
    best_score = 0
    for profile in BUILTIN_PROFILES.values():
        score = _match_score(content, profile)
        if score > best_score:
            best, best_score = profile, score
    return best


def parse(
    content: Input, profile: CsvProfile | None = None, encoding: str | None = None
) -> list[ParsedStatement]:
    """Every statement in a CSV export, read with ``profile`` (detected if None).

    ``encoding``, when given, is the user's choice and wins over the profile's.

    Raises:
        ImportFileError: no profile fits, the text is not in the profile's
            encoding, the header is missing, or a row cannot be read.
    """
    return collect(stream(content, profile, encoding))


def stream(
    content: Input, profile: CsvProfile | None = None, encoding: str | None = None
) -> Iterator[Item]:
    """``parse`` as a stream (``base.Item``): each line as its row is read, the
    statements at the end (their balances need the whole file)."""
    source = open_input(content)
    if profile is None:
        head = head_of(source, _SNIFF_BYTES + 1)
        profile = detect_profile(head)
        if profile is None:
            first = head[:_SNIFF_BYTES].decode("utf-8", errors="replace").strip().split("\n")[0]
            raise ImportFileError(
                f"no built-in CSV profile matches the header {first.strip()[:80]!r}; "
                "choose a profile or define one (encoding, delimiter, columns)",
                location="line 1",
            )
    # Only the head (where the header is looked for) is held as records.
    records = _records(text_lines(source, encoding or profile.encoding), profile)
    head_records = list(islice(records, profile.skip_rows + _HEADER_WINDOW))
    preamble, header, data = _split(head_records, profile)
    rows = _rows(chain(data, records), _Layout(profile, header))
    yield from assemble(rows, Preamble.read(preamble, profile), profile)


# ---- text, records, header -----------------------------------------------------


def _records(lines: Iterable[str], profile: CsvProfile) -> Iterator[Record]:
    """(first physical line, cleaned cells) for every CSV record."""
    if profile.repair_bare_quotes:
        d, q = re.escape(profile.delimiter), re.escape(profile.quotechar)
        bare = re.compile(rf"(?<=[^{d}\n]){q}(?=[^{d}\r\n])")
        lines = (bare.sub(profile.quotechar * 2, line) for line in lines)
    reader = csv.reader(lines, delimiter=profile.delimiter, quotechar=profile.quotechar)
    start = 1
    try:
        for cells in reader:
            yield start, [clean(cell) for cell in cells]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(f"unreadable CSV: {exc}", location=f"line {start}") from None


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def _split(
    records: list[Record], profile: CsvProfile
) -> tuple[list[Record], list[str] | None, list[Record]]:
    """(records above the header, header cells or None, data records)."""
    if not profile.has_header:
        return records[: profile.skip_rows], None, records[profile.skip_rows :]
    at = _header_index(records, profile)
    return records[:at], records[at][1], records[at + 1 :]


def _header_index(records: list[Record], profile: CsvProfile) -> int:
    """Index of the first record holding every header name the profile names."""
    wanted = {_norm(n) for n in (*profile.columns.names(), *profile.header_signature)}
    window = records[profile.skip_rows : profile.skip_rows + _HEADER_WINDOW]
    for offset, (_, cells) in enumerate(window):
        if wanted <= {_norm(c) for c in cells}:
            return profile.skip_rows + offset
    raise ImportFileError(
        f"header row with columns {sorted(wanted)} not found (profile {profile.name!r})",
        location="header",
    )


def _match_score(content: bytes, profile: CsvProfile) -> int:
    head = content[:_SNIFF_BYTES]
    if len(content) > _SNIFF_BYTES:
        head = head.rsplit(b"\n", 1)[0]
    try:
        text = head.decode(profile.encoding)
        records = list(_records(io.StringIO(text, newline=""), profile))
    except (UnicodeDecodeError, ImportFileError):
        return 0
    if not profile.has_header:
        first = next((c for _, c in records[profile.skip_rows :] if any(c)), None)
        line = profile.delimiter.join(first or [])
        pattern = profile.headerless_pattern
        return 1 if pattern and first and re.match(pattern, line) else 0
    try:
        _header_index(records, profile)
    except ImportFileError:
        return 0
    return len(profile.columns.names()) + len(profile.header_signature)


def _looks_delimited(content: bytes) -> bool:
    """Plain text whose first line and most of the next ones share a delimiter."""
    head = content[:8192].removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in head:
        return False
    text = head.decode("utf-8", "replace")
    lines = [ln for ln in text.splitlines()[:10] if ln.strip()]
    if not lines or lines[0].lstrip()[:1] in {"<", "{", ":"}:
        return False
    return any(d in lines[0] and 2 * sum(d in ln for ln in lines) >= len(lines) for d in ",;\t|")


# ---- rows ----------------------------------------------------------------------


class _Layout:
    """A profile's column references resolved against one file's header."""

    def __init__(self, profile: CsvProfile, header: list[str] | None) -> None:
        self.profile = profile
        # the first column of a name wins when a header repeats it
        self._positions = {_norm(n): i for i, n in reversed(list(enumerate(header or [])))}

    def index(self, ref: str | int) -> int:
        return ref if isinstance(ref, int) else self._positions[_norm(ref)]

    def first(self, cells: list[str], refs: Columns) -> tuple[str, str] | None:
        """(cell, column label) of the first non-empty cell among ``refs``."""
        for ref in refs:
            i = self.index(ref)
            if i < len(cells) and cells[i]:
                return cells[i], str(ref)
        return None

    def text(self, cells: list[str], refs: Columns) -> str | None:
        found = self.first(cells, refs)
        return found[0] if found else None

    def joined(self, cells: list[str], refs: Columns) -> str | None:
        parts = [cells[i] for i in map(self.index, refs) if i < len(cells) and cells[i]]
        return " ".join(parts) or None


def _rows(records: Iterable[Record], layout: _Layout) -> Iterator[CsvRow]:
    """Every transaction or balance row; continuation and blank rows folded in.

    A row is yielded once the next one starts (a continuation row may still
    add text to it).
    """
    profile = layout.profile
    last: CsvRow | None = None
    for line_no, cells in records:
        if not cells and profile.footer_after_blank_line and last is not None:
            break
        if not any(cells):
            continue
        if profile.continuation_rows and _is_continuation(cells, layout):
            last = _continued(last, cells, layout, line_no)
            continue
        row = _row(cells, layout, line_no)
        if row is not None:
            if last is not None:
                yield last
            last = row
    if last is not None:
        yield last


def _is_continuation(cells: list[str], layout: _Layout) -> bool:
    c = layout.profile.columns
    return all(layout.first(cells, refs) is None for refs in (c.date, c.amount, c.debit, c.credit))


def _continued(last: CsvRow | None, cells: list[str], layout: _Layout, line_no: int) -> CsvRow:
    """The previous row with this row's text appended to its communication."""
    if last is None:
        raise ImportFileError("text row before any transaction", location=f"line {line_no}")
    more = layout.joined(cells, layout.profile.columns.communication)
    text = " ".join(t for t in (last.line.communication, more) if t) or None
    return replace(last, line=replace(last.line, communication=text))


def _row(cells: list[str], layout: _Layout, line_no: int) -> CsvRow | None:
    profile, c = layout.profile, layout.profile.columns
    kind = _kind(cells, layout, line_no)
    if kind == "skip":
        return None
    at = _Where(layout, cells, line_no)
    amount = _amount(at, profile)
    key = (at.text(c.account), at.currency(c.currency), at.text(c.statement_reference))
    currency = key[1] or profile.currency
    original, original_currency = _original(at, currency)
    line = StatementLine(
        date=at.required_date(c.date),
        amount=amount,
        value_date=at.optional_date(c.value_date),
        counterparty_name=at.text(c.counterparty_name),
        counterparty_iban=compact_account(at.text(c.counterparty_iban)),
        communication=layout.joined(cells, c.communication),
        reference=at.text(c.reference),
        transaction_id=at.text(c.transaction_id),
        currency=currency,
        original_amount=original,
        original_currency=original_currency,
        bank_code=at.text(c.bank_code),
    )
    return CsvRow(kind, line, at.number(c.balance), key)


def _kind(cells: list[str], layout: _Layout, line_no: int) -> str:
    refs = layout.profile.columns.record_type
    if not refs:
        return "line"
    value = layout.text(cells, refs) or ""
    kinds = dict(layout.profile.record_types)
    if value not in kinds:
        where = f"line {line_no}, column {refs[0]!r}"
        raise ImportFileError(f"unknown record type {value!r}", location=where)
    return kinds[value]


class _Where:
    """Typed cell readers for one row that name line and column on failure."""

    def __init__(self, layout: _Layout, cells: list[str], line_no: int) -> None:
        self.layout, self.cells, self.line_no = layout, cells, line_no

    def _found(self, refs: Columns) -> tuple[str, str] | None:
        return self.layout.first(self.cells, refs)

    def _at(self, label: str) -> str:
        return f"line {self.line_no}, column {label!r}"

    def text(self, refs: Columns) -> str | None:
        return self.layout.text(self.cells, refs)

    def number(self, refs: Columns) -> Decimal | None:
        found = self._found(refs)
        if found is None:
            return None
        return read_number(found[0], self.layout.profile, self._at(found[1]))

    def optional_date(self, refs: Columns) -> date | None:
        found = self._found(refs)
        if found is None:
            return None
        return read_date(found[0], self.layout.profile, self._at(found[1]))

    def required_date(self, refs: Columns) -> date:
        found = self.optional_date(refs)
        if found is None:
            raise ImportFileError("date missing", location=self._at(str(refs[0])))
        return found

    def currency(self, refs: Columns) -> str | None:
        found = self._found(refs)
        if found is not None and not is_known(found[0].upper()):
            raise ImportFileError(f"{found[0]!r} is not a currency", location=self._at(found[1]))
        return found[0].upper() if found else None

    def sign(self, refs: Columns) -> int:
        profile, found = self.layout.profile, self._found(refs)
        value = found[0] if found else ""
        if value in profile.credit_markers or value in profile.debit_markers:
            return 1 if value in profile.credit_markers else -1
        label = found[1] if found else str(refs[0])
        raise ImportFileError(f"{value!r} is no credit/debit mark", location=self._at(label))

    def missing_amount(self, refs: Columns) -> ImportFileError:
        return ImportFileError("amount missing", location=self._at(str(refs[0])))


def _amount(at: _Where, profile: CsvProfile) -> Decimal:
    """The signed amount: one column (with an optional sign column) or debit/credit."""
    c = profile.columns
    if c.amount:
        value = at.number(c.amount)
        if value is None:
            raise at.missing_amount(c.amount)
        if c.sign:
            value = abs(value) * at.sign(c.sign)
    else:
        credit, debit = at.number(c.credit), at.number(c.debit)
        if credit is None and debit is None:
            raise at.missing_amount(c.debit or c.credit)
        value = (credit or Decimal(0)) - abs(debit or Decimal(0))
    return -value if profile.invert_sign else value


def _original(at: _Where, currency: str | None) -> tuple[Decimal | None, str | None]:
    """Original amount and currency, unless absent, zero or the line's own currency."""
    c = at.layout.profile.columns
    value = at.number(c.original_amount)
    code = at.currency(c.original_currency)
    if value is None or value == 0 or (code is not None and code == currency):
        return None, None
    return value, code
