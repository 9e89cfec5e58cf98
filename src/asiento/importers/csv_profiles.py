"""CSV mapping profiles: how one bank lays out its CSV export, as plain data.

A ``CsvProfile`` says how to cut the text (delimiter, quote, encoding), how
the bank writes numbers and dates (``csv_cells`` reads them), and which column
holds what (``CsvColumns``). Profiles
are data so that the service layer can store a custom profile per journal:
``profile.to_dict()`` gives JSON-ready values and ``CsvProfile.from_dict()``
reads them back, validated.

Column references are header names (matched without regard to case or
surrounding spaces) or zero-based indexes. Each field lists alternatives:
dates, amounts and identifiers take the first non-empty cell among them;
``communication`` joins every non-empty one with a space.

Invariants:
    - a profile names a date column and either an amount column or debit
      and/or credit columns; a sign (credit/debit indicator) column comes with
      its debit and credit markers;
    - a headerless profile refers to columns by index only;
    - decimal and thousands separators differ; the encoding is a known codec;
      the fixed currency, when given, is ISO 4217.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any, Final

from asiento.domain import currency as _currency
from asiento.domain.errors import InvalidInput

ColumnRef = str | int
Columns = tuple[ColumnRef, ...]

RECORD_KINDS: Final = frozenset({"line", "opening", "closing", "skip"})
PREAMBLE_FIELDS: Final = frozenset(
    {"account", "currency", "opening_balance", "closing_balance", "start_date", "end_date"}
)


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Where each value sits in a row; an empty tuple means "not in this layout".

    ``balance`` is a running balance (after the row unless the profile says
    ``balance_before``); ``sign`` holds a credit/debit indicator for the
    ``amount`` column; ``record_type`` tells transactions from balance rows;
    ``account``, ``currency`` and ``statement_reference`` split a file into
    one statement per distinct value.
    """

    date: Columns = ()
    value_date: Columns = ()
    amount: Columns = ()
    debit: Columns = ()
    credit: Columns = ()
    sign: Columns = ()
    counterparty_name: Columns = ()
    counterparty_iban: Columns = ()
    communication: Columns = ()
    reference: Columns = ()
    transaction_id: Columns = ()
    bank_code: Columns = ()
    balance: Columns = ()
    currency: Columns = ()
    account: Columns = ()
    original_amount: Columns = ()
    original_currency: Columns = ()
    record_type: Columns = ()
    statement_reference: Columns = ()

    def names(self) -> tuple[str, ...]:
        """Every header name this layout refers to (the header it expects)."""
        return tuple(ref for ref in _all_refs(self) if isinstance(ref, str))


@dataclass(frozen=True, slots=True)
class CsvProfile:
    """One CSV layout. See the module docstring for the meaning of columns.

    Attributes beyond the obvious ones:
        skip_rows: records dropped before the header (or the data, headerless).
        header_signature: extra header names that must be present for
            ``detect_profile`` to pick this profile; not read.
        debit_markers, credit_markers: values of the ``sign`` column.
        invert_sign: the bank shows money out as positive (card exports).
        balance_before: the running balance is the one *before* the row.
        record_types: value of the ``record_type`` column -> "line",
            "opening", "closing" or "skip"; an unlisted value is an error.
        continuation_rows: a row without date and amount continues the
            previous line's communication (ZKB writes addresses so).
        footer_after_blank_line: a blank line after the data ends the table.
        preamble: (field, row, column) cells read above the header, row and
            column zero-based from the top of the file; field is one of
            ``PREAMBLE_FIELDS``.
        headerless_pattern: regex the first data line of a headerless file
            must match for ``detect_profile`` to pick this profile.
        repair_bare_quotes: the bank quotes every field but leaves quotes
            inside them undoubled ("UAB "Naktida""); such inner quotes are
            doubled before reading. Wrong for files that double them right.
    """

    name: str
    columns: CsvColumns
    delimiter: str = ","
    quotechar: str = '"'
    encoding: str = "utf-8-sig"
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    decimal_separator: str = "."
    thousands_separator: str = ""
    has_header: bool = True
    skip_rows: int = 0
    currency: str | None = None
    header_signature: tuple[str, ...] = ()
    debit_markers: tuple[str, ...] = ()
    credit_markers: tuple[str, ...] = ()
    invert_sign: bool = False
    balance_before: bool = False
    record_types: tuple[tuple[str, str], ...] = ()
    continuation_rows: bool = False
    footer_after_blank_line: bool = False
    preamble: tuple[tuple[str, int, int], ...] = ()
    headerless_pattern: str | None = None
    repair_bare_quotes: bool = False

    def __post_init__(self) -> None:
        for problem in _problems(self):
            raise InvalidInput(f"CSV profile {self.name!r}: {problem}", field="profile")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (lists for tuples); only non-empty columns."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = _plain(value) if f.name != "columns" else _columns_dict(value)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CsvProfile:
        """Read a profile written by ``to_dict`` (or by hand), validated.

        Raises:
            InvalidInput: unknown keys, wrong types or an inconsistent profile.
        """
        known = {f.name: f for f in fields(cls)}
        unknown = set(data) - set(known)
        if unknown or "name" not in data or "columns" not in data:
            raise InvalidInput(
                f"CSV profile: unknown keys {sorted(unknown)} or name/columns missing",
                field="profile",
            )
        values = {key: _tuples(value) for key, value in data.items() if key != "columns"}
        try:
            return cls(columns=_columns_from(data["columns"]), **values)
        except (TypeError, ValueError) as exc:  # wrong types inside the values
            raise InvalidInput(f"CSV profile: {exc}", field="profile") from None


def _problems(p: CsvProfile) -> list[str]:
    """Every rule of the module docstring that ``p`` breaks."""
    c = p.columns
    checks = [
        (bool(p.name), "a name is required"),
        (_one_char(p.delimiter, p.quotechar), "delimiter and quotechar: 2 distinct characters"),
        (len(p.thousands_separator) <= 1, "thousands separator is one character or none"),
        (p.decimal_separator in {".", ","}, "decimal separator is '.' or ','"),
        (p.thousands_separator != p.decimal_separator, "separators must differ"),
        (bool(p.date_formats), "at least one date format"),
        (bool(c.date), "a date column is required"),
        (bool(c.amount) != bool(c.debit or c.credit), "amount, or debit/credit columns"),
        (not c.sign or bool(c.amount and p.debit_markers and p.credit_markers), "sign markers"),
        (p.has_header or not c.names(), "a headerless profile uses column indexes"),
        (all(k in RECORD_KINDS for _, k in p.record_types), f"record kinds: {RECORD_KINDS}"),
        (all(f in PREAMBLE_FIELDS and min(r, k) >= 0 for f, r, k in p.preamble), "preamble"),
        (all(isinstance(r, str) or r >= 0 for r in _all_refs(c)), "column index below 0"),
        (p.currency is None or _currency.is_known(p.currency), "currency is not ISO 4217"),
        (_is_codec(p.encoding), f"unknown encoding {p.encoding!r}"),
        (_is_regex(p.headerless_pattern), "headerless_pattern is not a valid regex"),
        (p.skip_rows >= 0, "skip_rows is not negative"),
    ]
    return [message for ok, message in checks if not ok]


def _is_codec(name: str) -> bool:
    try:
        return bool(codecs.lookup(name))
    except LookupError:
        return False


def _is_regex(pattern: str | None) -> bool:
    try:
        re.compile(pattern or "")
    except re.error:
        return False
    return True


def _one_char(delimiter: str, quote: str) -> bool:
    return (
        len(delimiter) == len(quote) == 1 and delimiter != quote and "\n" not in delimiter + quote
    )


def _all_refs(columns: CsvColumns) -> list[ColumnRef]:
    return [ref for f in fields(columns) for ref in getattr(columns, f.name)]


def _plain(value: object) -> object:
    """Tuples (nested too) as lists, for JSON."""
    return [_plain(item) for item in value] if isinstance(value, tuple) else value


def _columns_dict(columns: CsvColumns) -> dict[str, list[ColumnRef]]:
    return {
        f.name: list(getattr(columns, f.name)) for f in fields(columns) if getattr(columns, f.name)
    }


def _columns_from(data: object) -> CsvColumns:
    """``{"date": ["Datum"], "amount": 3}``: a single reference may stand alone."""
    if not isinstance(data, Mapping):
        raise InvalidInput("CSV profile: columns must be a mapping", field="profile.columns")
    known = {f.name for f in fields(CsvColumns)}
    if set(data) - known:
        raise InvalidInput(
            f"CSV profile: unknown columns {sorted(set(data) - known)}", field="profile.columns"
        )
    return CsvColumns(**{key: _refs(key, value) for key, value in data.items()})


def _refs(key: str, value: object) -> Columns:
    items = value if isinstance(value, list | tuple) else [value]
    if not all(isinstance(i, str | int) and not isinstance(i, bool) for i in items):
        raise InvalidInput(
            f"CSV profile: column {key} takes names or indexes", field=f"profile.columns.{key}"
        )
    return tuple(items)


def _tuples(value: Any) -> Any:
    """Lists back to the tuples the dataclass holds (nested for pairs/triples)."""
    if isinstance(value, list):
        return tuple(tuple(v) if isinstance(v, list) else v for v in value)
    return value


# ---- built-in profiles, one per layout found in real exports ---------------------


def _swiss(name: str, columns: CsvColumns, currency: str, **extra: Any) -> CsvProfile:
    """Swiss banks: ";" delimited, dd.mm.yyyy dates unless told otherwise."""
    extra.setdefault("date_formats", ("%d.%m.%Y",))
    return CsvProfile(name, columns, delimiter=";", currency=currency, **extra)


def _postfinance_en(cur: str) -> CsvProfile:
    cols = CsvColumns(
        date=("Date",), credit=(f"Credit in {cur}",), debit=(f"Debit in {cur}",),
        communication=("Notification text",), bank_code=("Type of transaction",),
    )  # fmt: skip
    preamble = (("start_date", 0, 1), ("end_date", 1, 1), ("account", 3, 1))
    return _swiss(f"postfinance_en_{cur.lower()}", cols, cur, footer_after_blank_line=True,
                  preamble=preamble)  # fmt: skip


def _clerbank_it(cur: str) -> CsvProfile:
    cols = CsvColumns(
        date=("Data di registrazione",), value_date=("Data valuta",),
        debit=(f"Importo di addebito ({cur})",), credit=(f"Importo di accredito ({cur})",),
        balance=(f"Saldo ({cur})",), communication=("Testo",), bank_code=("Tipo di ordine",),
    )  # fmt: skip
    return _swiss(f"clerbank_it_{cur.lower()}", cols, cur)


_UBS_EN = _swiss("ubs_en", CsvColumns(
    date=("Booking date", "Trade date"), value_date=("Value date",),
    amount=("Transaction amount",), sign=("Debit/Credit",), balance=("Balance",),
    currency=("Currency",), reference=("Transaction no.",), counterparty_name=("Description1",),
    communication=("Description2", "Description3", "Footnotes"),
), "CHF", date_formats=("%Y-%m-%d",), debit_markers=("Debit",), credit_markers=("Credit",),
    preamble=(("account", 0, 1), ("account", 1, 1), ("start_date", 2, 1), ("end_date", 3, 1),
              ("opening_balance", 4, 1), ("closing_balance", 5, 1), ("currency", 6, 1)),
)  # fmt: skip

_ZKB = _swiss("zkb_de", CsvColumns(
    date=("Datum",), value_date=("Valuta",), debit=("Belastung CHF",),
    credit=("Gutschrift CHF",), balance=("Saldo CHF",),
    communication=("Buchungstext", "Zahlungszweck"), transaction_id=("ZKB-Referenz",),
    reference=("Referenznummer",),
), "CHF", thousands_separator="'", continuation_rows=True)  # fmt: skip

_CHASE_STYLE = CsvProfile("chase_style_us", CsvColumns(
    date=("Posting Date",), amount=("Amount",), communication=("Description",),
    bank_code=("Type",), balance=("Balance",), reference=("Check or Slip #",),
), date_formats=("%m/%d/%Y",), currency="USD", header_signature=("Details",))  # fmt: skip

_ING_ES = CsvProfile("ing_es", CsvColumns(
    date=("date",), amount=("amount",), balance=("balance",), communication=("desc", "notes"),
), date_formats=("%d/%m/%Y",), currency="EUR",
    header_signature=("class", "subcategory", "image"))  # fmt: skip

_ODOO_GENERIC = CsvProfile("odoo_generic", CsvColumns(
    date=("Date",), amount=("Amount",), communication=("Label",),
    counterparty_name=("Partner Name",), counterparty_iban=("Bank Account",),
    original_amount=("Amount Currency",), original_currency=("Currency",),
), date_formats=("%m/%d/%Y",), thousands_separator=",")  # fmt: skip

_SWEDBANK_LT = CsvProfile("swedbank_lt", CsvColumns(
    account=("Sąskaitos Nr.",), record_type=(1,), date=("Data",), counterparty_name=("Gavėjas",),
    communication=("Paaiškinimai",), amount=("Suma",), currency=("Valiuta",), sign=("D/K",),
    transaction_id=("Įrašo Nr.",), bank_code=("Kodas",), reference=("Įmokos kodas", "Dok. Nr."),
), debit_markers=("D",), credit_markers=("K",),
    record_types=(("10", "opening"), ("20", "line"), ("82", "skip"), ("86", "closing")),
    repair_bare_quotes=True,
)  # fmt: skip

_ASN_NL = CsvProfile("asn_nl", CsvColumns(
    date=(0,), account=(1,), counterparty_iban=(2,), counterparty_name=(3,), currency=(7,),
    balance=(8,), amount=(10,), value_date=(12,), bank_code=(14,), reference=(16,),
    communication=(17,), statement_reference=(18,),
), quotechar="'", has_header=False, date_formats=("%d-%m-%Y",), balance_before=True,
    headerless_pattern=r"\d\d-\d\d-\d{4},NL\d\dASNB\d{10},")  # fmt: skip

_ING_NL = CsvProfile("ing_nl", CsvColumns(
    date=("Datum",), counterparty_name=("Naam / Omschrijving",), account=("Rekening",),
    counterparty_iban=("Tegenrekening",), bank_code=("Code",), sign=("Af Bij",),
    amount=("Bedrag (EUR)",), communication=("Mededelingen",),
), date_formats=("%Y%m%d",), decimal_separator=",", thousands_separator=".", currency="EUR",
    debit_markers=("Af",), credit_markers=("Bij",), header_signature=("MutatieSoort",))  # fmt: skip

_CAPITALONE_US = CsvProfile("capitalone_card_us", CsvColumns(
    date=("Posted Date",), value_date=("Transaction Date",), account=("Card No.",),
    counterparty_name=("Description",), debit=("Debit",), credit=("Credit",),
), currency="USD", header_signature=("Category",))  # fmt: skip

_SCHWAB_US = CsvProfile("schwab_checking_us", CsvColumns(
    date=("Date",), record_type=("Status",), bank_code=("Type",), reference=("CheckNumber",),
    communication=("Description",), debit=("Withdrawal",), credit=("Deposit",),
    balance=("RunningBalance",),
), date_formats=("%m/%d/%Y",), thousands_separator=",", currency="USD",
    record_types=(("Posted", "line"), ("Pending", "skip")))  # fmt: skip

# The German, Nordic and British layouts live in their own module (size); it
# imports this one's classes, defined above, so the import sits here.
from asiento.importers.csv_profiles_more import MORE_PROFILES  # noqa: E402

BUILTIN_PROFILES: Final[Mapping[str, CsvProfile]] = MappingProxyType({
    p.name: p
    for p in (
        _postfinance_en("CHF"), _postfinance_en("EUR"), _clerbank_it("EUR"), _clerbank_it("CHF"),
        _UBS_EN, _ZKB, _CHASE_STYLE, _ING_ES, _ODOO_GENERIC, _SWEDBANK_LT, _ASN_NL, _ING_NL,
        _CAPITALONE_US, _SCHWAB_US, *MORE_PROFILES,
    )
})  # fmt: skip
"""Built-in profiles by name, in the order ``detect_profile`` breaks ties."""


def builtin_profile(name: str) -> CsvProfile:
    """The built-in profile called ``name``.

    Raises:
        InvalidInput: no built-in profile has that name.
    """
    try:
        return BUILTIN_PROFILES[name]
    except KeyError:
        known = ", ".join(BUILTIN_PROFILES)
        raise InvalidInput(f"no CSV profile {name!r}; built-in: {known}", field="profile") from None
