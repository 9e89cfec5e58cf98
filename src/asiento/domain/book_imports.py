"""Bringing books in: the column layout of each list and how one cell is read.

A company moving to asiento brings its partners, products, chart of accounts
and opening balances as CSV or XLSX files. Each kind has exactly one column
layout (``LAYOUTS``); exports write that layout, so an export imports back
unchanged. Cells arrive as text (``importers.sheets`` turns XLSX numbers and
dates into the text they show); this module reads a cell or says, in one
line, why it cannot.

Invariants:
    - an amount is taken exactly as written: more decimals than the currency
      allows is refused, never rounded (``parse_amount``);
    - a problem names its row (as the spreadsheet numbers it: the header is
      row 1) and its column, so a preview can point at the cell;
    - a header must hold every required column of its layout and nothing
      unknown: a misspelt column is refused, never silently ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from asiento.domain.currency import exponent

KINDS: tuple[str, ...] = ("partners", "products", "chart", "opening-balances")

LAYOUTS: dict[str, tuple[str, ...]] = {
    "partners": (
        "code",
        "name",
        "is_customer",
        "is_supplier",
        "email",
        "invoice_email",
        "street",
        "zip",
        "city",
        "region",
        "country",
        "language",
        "tax_id",
        "receivable_account",
        "payable_account",
        "customer_payment_term",
        "supplier_payment_term",
        "payment_days",
        "active",
    ),
    "products": (
        "code",
        "name",
        "unit",
        "sale_price",
        "purchase_price",
        "income_account",
        "expense_account",
        "taxes",
        "active",
    ),
    "chart": ("code", "name", "kind", "reconcilable", "currency", "active"),
    "opening-balances": (
        "date",
        "account",
        "partner",
        "document",
        "document_date",
        "due_date",
        "debit",
        "credit",
    ),
}
"""Every column of each kind, in the order exports write them."""

REQUIRED: dict[str, frozenset[str]] = {
    "partners": frozenset({"name"}),
    "products": frozenset({"code", "name"}),
    "chart": frozenset({"code", "name", "kind"}),
    "opening-balances": frozenset({"date", "account", "debit", "credit"}),
}
"""Columns a file must have; the others may be left out (left out: default or unchanged)."""

_TRUE = frozenset({"true", "yes", "1", "y", "x"})
_FALSE = frozenset({"false", "no", "0", "n", ""})
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class RowProblem:
    """What is wrong with one cell (``column``) or one row (``column`` empty)."""

    row: int
    column: str
    message: str

    @property
    def field(self) -> str:
        """``row 12, email``: the place, as problem+json ``errors[].field``."""
        return f"row {self.row}, {self.column}" if self.column else f"row {self.row}"


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in one line."""


def check_kind(kind: str) -> str:
    if kind not in LAYOUTS:
        raise CellError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    return kind


def header_problems(kind: str, header: list[str]) -> list[RowProblem]:
    """Every problem of a header row: unknown, repeated or missing columns."""
    known, seen, problems = LAYOUTS[kind], set[str](), []
    for name in header:
        if name not in known:
            problems.append(
                RowProblem(1, name, f"unknown column (the columns are: {', '.join(known)})")
            )
        elif name in seen:
            problems.append(RowProblem(1, name, "column given twice"))
        seen.add(name)
    for name in sorted(REQUIRED[kind] - seen):
        problems.append(RowProblem(1, name, "required column missing"))
    return problems


def unquote(text: str) -> str:
    """Undo the export's formula guard: ``'=x`` reads back as ``=x``.

    Exports put ``'`` before text a spreadsheet would run as a formula (CSV
    injection); reading it back strips exactly that ``'`` so an export
    imports unchanged.
    """
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def parse_amount(text: str, currency: str) -> Decimal:
    """An amount of ``currency`` exactly as written: ``1234.50``, never rounded.

    Raises:
        CellError: not a plain decimal number, negative, or more decimals than
            the currency has (``12.345`` in EUR).
    """
    value = parse_decimal(text)
    if value < 0:
        raise CellError(f"{text!r} is negative: give it in the other column")
    places = exponent(currency)
    if -value.as_tuple().exponent > places:  # type: ignore[operator]
        raise CellError(f"{text!r} has more than {places} decimals for {currency}")
    return value


def parse_decimal(text: str) -> Decimal:
    """A plain decimal number (``1234.5``; no thousands separators, no exponent)."""
    raw = text.strip()
    if not raw:
        return Decimal(0)
    if not _PLAIN_NUMBER.match(raw):
        raise CellError(f"{text!r} is not a number such as 1234.50")
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise CellError(f"{text!r} is not a number") from None


def parse_bool(text: str, default: bool) -> bool:
    raw = text.strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError(f"{text!r} is not true or false")


def parse_date(text: str) -> date:
    """An ISO date ``2026-01-31``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CellError(f"{text!r} is not a date such as 2026-01-31") from None


def optional_date(text: str) -> date | None:
    return parse_date(text) if text.strip() else None


def bool_text(value: bool) -> str:
    return "true" if value else "false"
