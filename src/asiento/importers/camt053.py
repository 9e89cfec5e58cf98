"""CAMT.053 (ISO 20022 BankToCustomerStatement) -> ``ParsedStatement``.

Versions camt.053.001.02 to 001.13 are read alike: elements are matched by
local name, so the version in the namespace does not matter. Each ``Stmt`` is
one ``ParsedStatement`` (a file may hold several, for several accounts).

Rules for a statement:
    - account: ``Acct/Id/IBAN`` must be a valid IBAN (else the file is
      refused); ``Acct/Id/Othr/Id`` is an account number, or the IBAN when it
      is IBAN-shaped (then it must be valid too);
    - currency: ``Acct/Ccy``, else the currency of the first balance, else of
      the first entry;
    - opening balance: ``OPBD``, else ``PRCD`` (previous closing booked);
      closing balance: ``CLBD``; positive when ``CdtDbtInd`` is CRDT. Other
      balance types (available, interim, forward) are ignored. An opening or
      closing balance in another currency than the statement's is refused:
      the statement would contradict itself and the balance check would
      compare two currencies;
    - date: the closing balance date, else ``FrToDt/ToDtTm``, else the
      statement's ``CreDtTm``; ``opening_date`` is the opening balance date;
    - reference: ``Stmt/Id``.

The rules for entries (sign, reversal, batches, ids) are in ``_camt_entries``.
CAMT.052 reports and CAMT.054 notifications are refused by name: they are not
booked statements.

Invariants:
    - ``parse`` raises only ``ImportFileError``, located by element path;
    - ``stream`` reads the file a chunk at a time and yields each entry's
      lines at its end tag, then clears and removes the entry (and a read
      statement), so memory follows one entry, not the file; ``parse`` is
      ``stream`` collected;
    - errors are the same, in the same order, as a whole-tree read: a syntax
      error anywhere wins, then the container's, then the first faulty
      statement or entry, whose element path (``Stmt[2]/Ntry[3]/Amt``) is
      rebuilt once the whole file has been read (see ``_Failure``);
    - ``detect`` never raises and reads at most the first 64 KiB.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from asiento.importers._camt_entries import entry_lines
from asiento.importers._camt_values import (
    amount,
    currency,
    date_choice,
    date_time,
    optional_direction,
)
from asiento.importers._xml import (
    Element,
    XmlStream,
    drop,
    find,
    findall,
    local_name,
    location,
    required,
    text,
)
from asiento.importers.base import (
    ImportFileError,
    Input,
    Item,
    ParsedStatement,
    collect,
    open_input,
)
from asiento.importers.identity import account_identity, unique_id
from asiento.importers.occurrences import Occurrences

_DETECT_BYTES = 64 * 1024
_CHUNK = 64 * 1024
"""Bytes handed to the XML parser per read (tests make it small)."""
_CONTAINER = "BkToCstmrStmt"
_OTHER_MESSAGES = {
    "BkToCstmrAcctRpt": "a CAMT.052 account report",
    "BkToCstmrDbtCdtNtfctn": "a CAMT.054 debit/credit notification",
}
_OPENING_CODES = ("OPBD", "PRCD")
_CLOSING_CODES = ("CLBD",)

_Balance = tuple[Decimal, dt.date | None]


def detect(content: bytes) -> bool:
    """True when ``content`` is XML whose root is a CAMT.053 document.

    Reads the first start tags only: the root's namespace names camt.053, or
    the root or its first child is ``BkToCstmrStmt``.
    """
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    names: list[etree.QName] = []
    try:
        parser.feed(content[:_DETECT_BYTES])
        for _event, node in parser.read_events():
            if isinstance(node, etree._Element):
                names.append(etree.QName(node))
            if len(names) == 2:
                break
    except (etree.LxmlError, ValueError):
        pass  # a broken or cut head still tells us what its first tags were
    if not names:
        return False
    if "camt.053" in (names[0].namespace or ""):
        return True
    return any(name.localname == _CONTAINER for name in names)


def parse(content: bytes) -> list[ParsedStatement]:
    """Every statement of a CAMT.053 file, all or nothing (``stream`` collected).

    Raises:
        ImportFileError: not well-formed, not CAMT.053, or a mandatory element
            missing or invalid (the message names the element path).
    """
    return collect(stream(content))


def stream(content: Input) -> Iterator[Item]:
    """``parse`` as a stream (``base.Item``): each entry's lines as read, then its statement.

    Raises (possibly after lines were yielded) what ``parse`` raises.
    """
    reader = _Reader()
    xml = XmlStream(open_input(content), ("Ntry", "Stmt"), _CHUNK)
    for element in xml:
        yield from reader.see(element)
    assert xml.root is not None  # set once the iteration has ended without error
    reader.finish(xml.root)


@dataclass
class _Open:
    """The statement being read: its index, header (from its first entry) and counts."""

    element: Element
    index: int
    header: _Header | None = None
    entries: int = 0
    ids: Occurrences = field(default_factory=Occurrences)


@dataclass(frozen=True)
class _Failure:
    """The first faulty statement or entry, and the paths it had while streaming.

    The message's path was computed on a tree whose earlier entries and
    statements were removed; the whole-tree path (``Stmt[2]/Ntry[3]``, an
    index only where the element repeats) is known once the file is read.
    """

    error: ImportFileError
    statement: _Open
    entry: int | None
    streamed: tuple[str | None, str]  # the entry's path (if any), the statement's

    def relocated(self, container: str, statements: int) -> ImportFileError:
        stmt = f"{container}/Stmt" + (f"[{self.statement.index + 1}]" if statements > 1 else "")
        entry = None
        if self.entry is not None:
            many = self.statement.entries > 1
            entry = f"{stmt}/Ntry" + (f"[{self.entry + 1}]" if many else "")
        where = self.error.location or ""
        message = self.error.message.removeprefix(f"{where}: ")
        for streamed, path in zip(self.streamed, (entry, stmt), strict=True):
            if streamed and path and (where == streamed or where.startswith(streamed + "/")):
                return ImportFileError(message, location=path + where[len(streamed) :])
        return self.error


class _Reader:
    """Statements and entries in, items out; the first error is kept for ``finish``."""

    def __init__(self) -> None:
        self.open: _Open | None = None
        self.count = 0
        self.failure: _Failure | None = None

    def see(self, element: Element) -> list[Item]:
        parent = element.getparent()
        if local_name(element) == "Ntry":
            if parent is None or local_name(parent) != "Stmt":
                return []
            state = self._state(parent)
            return self._entry(element, state) if state is not None else []
        state = self._state(element)
        return self._statement(element, state) if state is not None else []

    def _state(self, stmt: Element) -> _Open | None:
        if self.open is not None and self.open.element is stmt:
            return self.open
        if not _in_container(stmt):
            return None
        if self.open is not None:
            self.open.ids.close()
        self.open = _Open(stmt, self.count)
        self.count += 1
        return self.open

    def _entry(self, ntry: Element, state: _Open) -> list[Item]:
        number, state.entries = state.entries, state.entries + 1
        items: list[Item] = []
        if self.failure is None:
            try:
                if state.header is None:
                    state.header = _header(state.element)
                lines = entry_lines(ntry, state.header.currency)
                items = [(state.index, unique_id(line, state.ids)) for line in lines]
            except ImportFileError as exc:
                where = (location(ntry), location(state.element))
                self.failure = _Failure(exc, state, number, where)
        drop(ntry)
        return items

    def _statement(self, stmt: Element, state: _Open) -> list[Item]:
        items: list[Item] = []
        if self.failure is None:
            try:
                header = state.header or _header(stmt)
                items = [(state.index, header.statement(stmt))]
            except ImportFileError as exc:
                self.failure = _Failure(exc, state, None, (None, location(stmt)))
        state.ids.close()
        drop(stmt)
        return items

    def finish(self, root: Element) -> None:
        """Raise, in a whole-tree read's order, what the file holds wrong (if anything)."""
        if self.open is not None:
            self.open.ids.close()
        container = _container(root)
        if self.failure is not None:
            raise self.failure.relocated(location(container), self.count)
        if self.count == 0:
            missing = location(container, "Stmt")
            raise ImportFileError("no Stmt element in the file", location=missing)


def _in_container(stmt: Element) -> bool:
    """True for a ``Stmt`` of the ``BkToCstmrStmt`` that ``_container`` would choose."""
    parent = stmt.getparent()
    if parent is None or local_name(parent) != _CONTAINER:
        return False
    root = parent.getparent()
    return root is None or find(root, _CONTAINER) is parent


def _container(root: Element) -> Element:
    """The ``BkToCstmrStmt`` element, or a refusal saying what the file is."""
    if local_name(root) == _CONTAINER:
        return root
    for name, what in _OTHER_MESSAGES.items():
        if find(root, name) is not None:
            raise ImportFileError(
                f"this is {what}, not a CAMT.053 statement", location=location(root, name)
            )
    return required(root, _CONTAINER)


@dataclass(frozen=True, slots=True)
class _Header:
    """What a statement states before its entries: account, currency, balances."""

    iban: str | None
    number: str | None
    currency: str | None
    opening: _Balance | None
    closing: _Balance | None

    def statement(self, stmt: Element) -> ParsedStatement:
        """The statement (without its lines, which were streamed)."""
        return ParsedStatement(
            account_iban=self.iban,
            account_number=self.number,
            currency=self.currency,
            reference=text(stmt, "Id"),
            date=_statement_date(stmt, self.closing),
            opening_balance=self.opening[0] if self.opening else None,
            closing_balance=self.closing[0] if self.closing else None,
            opening_date=self.opening[1] if self.opening else None,
        )


def _header(stmt: Element) -> _Header:
    """Read at the first entry (or the end of a statement without any), in a whole read's order."""
    account = required(stmt, "Acct")
    iban, number = _account(account)
    balances = _balance_elements(stmt)
    ccy = _statement_currency(stmt, account, balances)
    opening = _balance(balances, _OPENING_CODES, ccy)
    closing = _balance(balances, _CLOSING_CODES, ccy)
    return _Header(iban, number, ccy, opening, closing)


def _account(account: Element) -> tuple[str | None, str | None]:
    iban = find(account, "Id/IBAN")
    if iban is not None:
        return account_identity(iban.text, location=location(iban), claimed_iban=True)
    other = find(account, "Id/Othr/Id")
    if other is None:
        raise ImportFileError("missing account identification", location=location(account, "Id"))
    return account_identity(other.text, location=location(other), claimed_iban=False)


def _balance_elements(stmt: Element) -> dict[str, Element]:
    """The first ``Bal`` of each type code, by code."""
    found: dict[str, Element] = {}
    for bal in findall(stmt, "Bal"):
        code = text(bal, "Tp/CdOrPrtry/Cd")
        if code and code not in found:
            found[code] = bal
    return found


def _statement_currency(
    stmt: Element, account: Element, balances: dict[str, Element]
) -> str | None:
    declared = find(account, "Ccy")
    if declared is not None:
        return currency(declared.text, declared)
    for code in (*_OPENING_CODES, *_CLOSING_CODES):
        if code in balances:
            return amount(required(balances[code], "Amt"))[1]
    first_entry = find(stmt, "Ntry/Amt")
    return amount(first_entry)[1] if first_entry is not None else None


def _balance(
    balances: dict[str, Element], codes: tuple[str, ...], ccy: str | None
) -> _Balance | None:
    """Signed amount and date of the first balance among ``codes``."""
    bal = next((balances[code] for code in codes if code in balances), None)
    if bal is None:
        return None
    node = required(bal, "Amt")
    value, bal_ccy = amount(node)
    if ccy is not None and bal_ccy != ccy:
        raise ImportFileError(
            f"balance currency {bal_ccy} differs from the statement currency {ccy}",
            location=location(node),
        )
    # v08 paginated statements may omit CdtDbtInd on a balance: a positive amount is credit
    signed = value if (optional_direction(bal) or 1) > 0 else -value  # never -0.00
    return signed, date_choice(bal, "Dt")


def _statement_date(stmt: Element, closing: _Balance | None) -> dt.date | None:
    if closing is not None and closing[1] is not None:
        return closing[1]
    return date_time(stmt, "FrToDt/ToDtTm") or date_time(stmt, "CreDtTm")
