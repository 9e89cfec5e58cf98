"""SWIFT MT940 -> ``ParsedStatement``, on top of the ``mt-940`` package.

Each ``:20:`` starts a statement; a file may hold several (pages, days or
accounts). The package reads the fields; this module decides what they mean
for asiento and turns every failure into an ``ImportFileError`` naming the
line (see ``_mt940_text``). Line rules (sign, reversal, references, ``:86:``
layouts) are in ``_mt940_lines``.

Package options: ``applicant_iban`` files ``?31`` as the counterparty IBAN
instead of prepending it to the name; ``merge_keeps_values`` keeps the
``:61:`` customer reference when the ``:86:`` has no ``KREF``;
``unbounded_details`` keeps long ``:86:`` texts whole; the others make marks
case-insensitive and sign RC like a debit (we re-sign from the mark anyway).
These options need mt-940 5.1 or later.

Statement rules:
    - account: ``:25:`` (mandatory). An IBAN-shaped value (after dropping a
      trailing statement currency, ``NL..INGB..EUR``) must be a valid IBAN,
      else the file is refused; anything else (``BLZ/account``) is the
      account number;
    - balances: ``:60F:``/``:60M:`` opening and ``:62F:``/``:62M:`` closing are
      mandatory, C positive, D negative; their currency is the statement's
      and must be a known ISO 4217 code, the same for both;
    - ``date`` is the closing balance date, ``opening_date`` the opening one;
    - ``reference`` is ``:20:``, plus ``/`` and the ``:28C:`` statement number
      when given (``:20:`` alone is not unique with some banks);
    - an ``:86:`` that follows no ``:61:`` (ING's ``/SUM/`` after ``:62F:``) is
      statement information and is not attached to any line.

Invariants:
    - ``parse`` raises only ``ImportFileError`` (``location`` is ``line N``);
    - ``detect`` never raises and reads at most the first 8 KiB.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import mt940

from asiento.domain.currency import is_known
from asiento.importers._mt940_amounts import check_balance, check_line
from asiento.importers._mt940_lines import statement_line
from asiento.importers._mt940_text import Field, checked, fields, text_lines
from asiento.importers.base import (
    ImportFileError,
    Input,
    Item,
    ParsedStatement,
    StatementLine,
    collect,
    open_input,
)
from asiento.importers.identity import account_identity, looks_like_iban, unique_id
from asiento.importers.occurrences import Occurrences

# Failures reach the caller as ImportFileError; without a handler of its own the
# package's error log would also land on stderr through logging's last resort.
logging.getLogger("mt940").addHandler(logging.NullHandler())

_OPTIONS = mt940.Options(
    applicant_iban=True,
    merge_keeps_values=True,
    unbounded_details=True,
    reversal_sign=True,
    case_insensitive_marks=True,
    gvc_leading_text=True,
    floor_limit_blank_mark=True,
)
_DETECT_BYTES = 8 * 1024
_SWIFT_TYPE = re.compile(r"\{2:[IO]([0-9]{3})")
_REQUIRED_TAGS = (r"^:20:", r"^:25:", r"^:60[FM]?:")
_TRIODOS_SUBFIELD = re.compile(r">([0-9]{2})")
_OPENING = ("final_opening_balance", "intermediate_opening_balance", "opening_balance")
_CLOSING = ("final_closing_balance", "intermediate_closing_balance", "closing_balance")


def detect(content: bytes) -> bool:
    """True when ``content`` looks like MT940 (not MT942, not anything else).

    A SWIFT application header ``{2:I940``/``{2:O940`` decides when present;
    otherwise the head must have ``:20:``, ``:25:`` and ``:60F:``/``:60M:``
    tags at line starts.
    """
    head = content[:_DETECT_BYTES].removeprefix(codecs.BOM_UTF8)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("latin-1")
    text = text.replace("\r", "\n").replace("\x01", "\n").replace("\x1a", "\n")
    swift = _SWIFT_TYPE.search(text)
    if swift is not None:
        return swift.group(1) == "940"
    return all(re.search(tag, text, re.MULTILINE) for tag in _REQUIRED_TAGS)


def parse(content: Input, encoding: str | None = None) -> list[ParsedStatement]:
    """Every statement of an MT940 file, all or nothing.

    Args:
        content: the file's bytes (or the file).
        encoding: the encoding the user chose (``cp852``), None to detect it.

    Raises:
        ImportFileError: wrong encoding, a field that does not match the SWIFT
            layout, a missing mandatory field or an invalid account IBAN; the
            message names the line.
    """
    return collect(stream(content, encoding))


def stream(content: Input, encoding: str | None = None) -> Iterator[Item]:
    """``parse`` as a stream (``base.Item``): lines as they are read, a field at a time.

    Raises (possibly after lines were yielded) what ``parse`` raises.
    """
    index, reader = -1, None
    for field in checked(fields(text_lines(open_input(content), encoding))):
        if field.kind == "20":
            if reader is not None:
                yield from ((index, item) for item in reader.finish())
            index, reader = index + 1, _Reader(field.line)
        assert reader is not None  # checked(): the first field is a :20:
        yield from ((index, line) for line in reader.feed(field))
    if reader is not None:
        yield from ((index, item) for item in reader.finish())


class _Reader:
    """One statement being read: fields in, lines out, the statement at the end."""

    def __init__(self, first_line: int) -> None:
        self.collection = mt940.models.Transactions(options=_OPTIONS)
        self.checked = _Checked()
        self.open_line: int | None = None  # line of the :61: still collecting its :86:
        self.first_line = first_line
        self.lines_of: dict[str, int] = {}  # first line of each field kind
        self.ids = Occurrences()

    def feed(self, field: Field) -> list[StatementLine]:
        self.lines_of.setdefault(field.kind, field.line)
        done: list[StatementLine] = []
        if field.kind in {"61", "62", "64", "65"}:
            done = self._finish_line()
            self.open_line = field.line if field.kind == "61" else None
        elif field.kind == "86" and self.open_line is None:
            return done  # statement-level information, not a line's
        self.checked.see(field)
        _feed(self.collection, field)
        return done

    def _finish_line(self) -> list[StatementLine]:
        return [unique_id(line, self.ids) for line in _finish(
            self.collection, self.open_line, self.checked
        )]  # fmt: skip

    def finish(self) -> list[StatementLine | ParsedStatement]:
        """The last line, then the statement; the id counts are dropped."""
        try:
            last: list[StatementLine | ParsedStatement] = [*self._finish_line()]
            last.append(_assemble(self.collection.data, self, self.checked))
            return last
        finally:
            self.ids.close()

    def line_of(self, kind: str) -> str:
        return f"line {self.lines_of.get(kind, self.first_line)}"


class _Checked:
    """Amounts read by the SWIFT layout (``_mt940_amounts``), to hold the package to.

    Why: the package's own reading of an amount stops at the first character
    it does not expect; ours refuses the field instead. Whatever the package
    makes of a field, the amount kept must be the one checked here.
    """

    def __init__(self) -> None:
        self.currency: str | None = None
        self.balances: dict[str, Decimal] = {}
        self.line_amount: Decimal | None = None
        self.details = ""  # the raw :86: of the line being collected

    def see(self, field: Field) -> None:
        where = f"line {field.line}"
        if field.kind == "86":
            self.details = field.value
        if field.kind in {"60", "62", "64", "65"}:
            amount = check_balance(field.value, field.tag, where)
            self.currency = self.currency or field.value.strip()[7:10]
            self.balances[field.kind] = amount  # the package keeps the last one too
        elif field.kind == "61":
            self.line_amount = check_line(field.value, self.currency, where)
            self.details = ""


def _feed(collection: mt940.models.Transactions, field: Field) -> None:
    """Let the package parse one field; any failure names the field's line."""
    text = field.text
    if field.kind == "86" and re.match(r"[0-9]{3}>[0-9]{2}", field.value):
        text = _TRIODOS_SUBFIELD.sub(r"?\1", text)  # Triodos writes >20 for ?20
    if field.kind == "61" and text.count("\n") > 1:
        text = _unwrap_line(text)
    try:
        collection.parse(text)
    except Exception as exc:  # the package raises bare RuntimeError/ValueError/...
        raise ImportFileError(_reason(field, exc), location=f"line {field.line}") from exc


def _unwrap_line(text: str) -> str:
    """A ``:61:`` wrapped over several lines (ING) as the package reads it.

    Lines before the first one starting with ``/`` continue the statement line
    (a bank reference cut in two); from there on they are its supplementary
    details, joined into one line.
    """
    first, *rest = text.split("\n")
    cut = next((n for n, part in enumerate(rest) if part.startswith("/")), len(rest))
    head = first + "".join(part.strip() for part in rest[:cut])
    tail = "".join(part.strip() for part in rest[cut:])
    return f"{head}\n{tail}" if tail else head


def _reason(field: Field, exc: Exception) -> str:
    if isinstance(exc, RuntimeError):
        problem = "does not match the MT940 layout"
    elif isinstance(exc, ArithmeticError):
        problem = "has an amount that is not a number"
    else:
        problem = f"is invalid ({exc})"
    return f"field :{field.tag}: {problem}: {field.value[:80]!r}"


def _finish(
    collection: mt940.models.Transactions, open_line: int | None, checked: _Checked
) -> list[StatementLine]:
    """Turn the transaction being collected into a line, and start afresh.

    Clearing the package's list makes every ``:61:`` a new transaction even
    when the previous one had no type code (the package would merge them).
    """
    if not collection.transactions or open_line is None:
        collection.transactions.clear()
        return []
    data = collection.transactions[-1].data
    collection.transactions.clear()
    line = statement_line(data, f"line {open_line}", checked.details)
    if checked.line_amount is None or abs(line.amount) != checked.line_amount:
        raise ImportFileError(
            f"amount read as {abs(line.amount)}, the SWIFT layout gives {checked.line_amount}",
            location=f"line {open_line}",
        )
    return [line]


@dataclass(frozen=True, slots=True)
class _Balance:
    amount: Decimal
    currency: str
    date: dt.date | None


def _assemble(data: dict[str, Any], block: _Reader, checked: _Checked) -> ParsedStatement:
    opening = _balance(data, _OPENING, block)
    closing = _balance(data, _CLOSING, block)
    for kind, balance in (("60", opening), ("62", closing)):
        if abs(balance.amount) != checked.balances.get(kind):
            raise ImportFileError(
                f"balance read as {abs(balance.amount)}, the SWIFT layout gives "
                f"{checked.balances.get(kind)}",
                location=block.line_of(kind),
            )
    if closing.currency != opening.currency:
        raise ImportFileError(
            f"closing balance currency {closing.currency!r} differs from {opening.currency!r}",
            location=block.line_of("62"),
        )
    iban, number = _account(data, block, opening.currency)
    return ParsedStatement(
        account_iban=iban,
        account_number=number,
        currency=opening.currency,
        reference=_reference(data),
        date=closing.date,
        opening_balance=opening.amount,
        closing_balance=closing.amount,
        opening_date=opening.date,
    )


def _balance(data: dict[str, Any], keys: tuple[str, ...], block: _Reader) -> _Balance:
    """The first balance among ``keys``, signed (C positive, D negative)."""
    kind = "60" if keys is _OPENING else "62"
    found = next((data[key] for key in keys if data.get(key) is not None), None)
    if not isinstance(found, mt940.models.Balance) or not isinstance(
        found.amount, mt940.models.Amount
    ):
        what = "opening balance (:60F:/:60M:)" if kind == "60" else "closing balance (:62F:/:62M:)"
        raise ImportFileError(f"statement has no {what}", location=f"line {block.first_line}")
    code = str(found.amount.currency or "")
    if not is_known(code):
        raise ImportFileError(f"unknown currency {code!r}", location=block.line_of(kind))
    magnitude = abs(found.amount.amount)
    signed = -magnitude if str(found.status).upper() == "D" else magnitude
    day = found.date
    return _Balance(signed, code, dt.date(day.year, day.month, day.day) if day else None)


def _account(data: dict[str, Any], block: _Reader, currency: str) -> tuple[str | None, str | None]:
    """(IBAN, account number) from ``:25:``, a trailing currency code dropped."""
    raw = str(data.get("account_identification") or "").strip()
    if not raw:
        raise ImportFileError(
            "missing account identification :25:", location=f"line {block.first_line}"
        )
    candidate = raw[: -len(currency)].strip() if raw.upper().endswith(currency) else raw
    if looks_like_iban(candidate):
        raw = candidate
    return account_identity(raw, location=block.line_of("25"), claimed_iban=False)


def _reference(data: dict[str, Any]) -> str | None:
    """``:20:`` plus the ``:28C:`` statement and sequence numbers."""
    parts = [data.get("transaction_reference"), data.get("statement_number")]
    parts.append(data.get("sequence_number"))
    return "/".join(str(part).strip() for part in parts if part and str(part).strip()) or None
