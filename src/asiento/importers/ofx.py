"""OFX 1.x (SGML), OFX 2.x (XML) and QFX bank and credit-card statements.

Every ``STMTRS`` (bank) and ``CCSTMTRS`` (credit card) aggregate in the file
becomes one ``ParsedStatement``, in document order.

How the file is read, and why not entirely by ofxtools:

- QBO (QuickBooks Web Connect) is OFX 1 SGML with Intuit's ``INTU.*``
  sign-on elements; it is read like any OFX file.
- ofxtools' tag-soup parser (``ofxtools.Parser.TreeBuilder``, the engine of
  ``OFXTree.parse``) builds the elements: it handles SGML leaf elements
  without end tags, XML end tags and CDATA alike. We subclass it
  (``_ofx_markup.SgmlTreeBuilder``) only to apply SGML's rule that an end tag
  closes the elements still open inside it, to close known leaf elements
  that carry no text (``<MEMO>`` then ``<NAME>``), to ignore a leaf's end tag
  that comes out of order or after the leaf was closed
  (``<NAME>a<MEMO>b</NAME></MEMO>``), to ignore what follows ``</OFX>`` (NUL
  padding), and to refuse a file that ends before ``</OFX>`` (a truncated
  download must not import as a shorter statement).
- Streamed: the body is fed in pieces (``_ofx_markup.body_pieces``) and each
  STMTTRN becomes a line as it closes and is removed from the tree, so memory
  follows one transaction and one statement's header, not the file.
- The header is read here, not by ``ofxtools.header``: it holds nothing we
  import but the character set, and ofxtools refuses headers that real banks
  send (a BOM, ``CHARSET:UTF-8``, ``VERSION="230"``, fields missing or out of
  order, no header at all). The body is decoded as strict UTF-8 when it is
  valid UTF-8 (banks often declare 1252 and send UTF-8; genuine 1252 text with
  accents is almost never valid UTF-8), else in the declared single-byte
  charset (cp1252 by default), else Latin-1, which never fails.
- ``OFXTree.convert()`` (the typed models) is not used: it refuses real files
  over spec limits that do not matter to a ledger (``ofx1_sgml_checking.ofx``
  has a 10-digit BANKID, max 9; ``ofx2_xml_v211_bank.ofx`` repeats
  BANKTRANLIST, read here as one list of all their lines) and it converts
  DTPOSTED to UTC, which moves the booking date of a bank east of UTC to the
  previous day. Dates here are the YYYYMMDD the bank wrote.

Mapping: FITID -> transaction_id, DTPOSTED -> date, DTAVAIL (the spec's "value
date") else DTUSER -> value_date, TRNAMT -> amount, NAME or PAYEE/NAME ->
counterparty_name, MEMO -> communication, CHECKNUM (unless all zeros, which
banks send for "no cheque") else REFNUM -> reference, TRNTYPE -> bank_code,
CURDEF -> currency, ACCTID -> account_iban when it is a valid IBAN, else
account_number; LEDGERBAL -> closing_balance, its DTASOF -> statement date
(else the last DTEND); opening_date is the earliest of DTSTART and the line
dates (AMEX writes the download day as DTSTART, after every line).

Foreign currency (OFX 5.2, CURRATE = units of CURDEF per unit of CURSYM):
``<CURRENCY>`` means TRNAMT is in CURSYM, so amount = TRNAMT * CURRATE and the
original is TRNAMT; ``<ORIGCURRENCY>`` means TRNAMT is already in CURDEF and the
original is TRNAMT / CURRATE. A computed amount is rounded half-up to its
currency's minor unit.

Invariants:
    - amounts are exact Decimals parsed from the text, never floats;
    - ``opening_balance`` is None: OFX states only the closing (ledger)
      balance. Deriving the opening from the closing and the lines would make
      every altered, missing or duplicated line "balance"; the statement
      service takes the journal's previous closing instead, or marks the
      statement unverifiable (``services.bank.statement_balances``);
    - investment statements (INVSTMTRS) are not bank statements: they are
      skipped beside bank statements, and a file holding only them is refused.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Final

from asiento.domain import currency as _currency
from asiento.domain.money import round_to
from asiento.importers._ofx_markup import MARKUP_ERRORS, SgmlTreeBuilder, body_pieces
from asiento.importers._ofx_values import amount as _amount
from asiento.importers._ofx_values import ofx_date as _date
from asiento.importers._ofx_values import optional_amount as _optional_amount
from asiento.importers._ofx_values import optional_date as _optional_date
from asiento.importers._ofx_values import text as _text
from asiento.importers.base import (
    ImportFileError,
    Input,
    Item,
    ParsedStatement,
    StatementLine,
    collect,
    open_input,
)
from asiento.importers.identity import split_account

_STATEMENT_TAGS: Final = ("STMTRS", "CCSTMTRS")
_STATEMENT_TAGS_SET: Final = frozenset(_STATEMENT_TAGS)
_HEAD_WINDOW: Final = 4096


def detect(content: bytes) -> bool:
    """True when ``content`` opens like an OFX/QFX file (header or ``<OFX>`` root).

    Only the first few kilobytes are looked at, so that a CSV or CAMT file
    mentioning "OFX" further down is not claimed.
    """
    head = content[:_HEAD_WINDOW].lstrip(b"\xef\xbb\xbf \t\r\n\x00").upper()
    return head.startswith(b"OFXHEADER") or b"<?OFX" in head or b"<OFX>" in head


def parse(content: bytes) -> list[ParsedStatement]:
    """Every bank and credit-card statement in an OFX/QFX file (``stream`` collected).

    Raises:
        ImportFileError: the file is not readable OFX, holds no bank or card
            statement, or a transaction lacks a valid date or amount.
    """
    return collect(stream(content))


def stream(content: Input) -> Iterator[Item]:
    """``parse`` as a stream (``base.Item``): each STMTTRN's line as read, then its statement.

    Raises (possibly after lines were yielded) what ``parse`` raises, in the
    order a whole-file read raises it: unreadable markup anywhere first, then
    a file without statements, then the first statement's first error.
    """
    builder = _StreamingBuilder()
    try:
        for piece in body_pieces(open_input(content)):
            builder.feed_piece(piece)
            yield from builder.take()
        root = builder.close()
    except MARKUP_ERRORS as exc:
        raise ImportFileError(f"unreadable OFX markup: {exc}", location="body") from None
    if not isinstance(root, ET.Element) or root.tag != "OFX":
        raise ImportFileError("the document root is not <OFX>", location="body")
    if builder.count == 0:
        raise ImportFileError(_why_no_statement(root))
    if builder.failure is not None:
        raise builder.failure[1]


# ---- streaming the tree --------------------------------------------------------


@dataclass
class _Open:
    """A statement being read: its number, currency (once known) and lines in file order.

    ``slots`` holds, in start-tag order, each own STMTTRN: None while it is
    open, then (element, its parent) until its line is made; lines are made
    from the head only, once the currency (the first own CURDEF) is known.
    """

    element: ET.Element
    number: int
    currency: str | None = None
    currency_known: bool = False
    slots: deque[tuple[ET.Element, ET.Element] | None] = field(default_factory=deque)
    lines: int = 0
    first_date: date | None = None

    @property
    def where(self) -> str:
        return f"{self.element.tag}[{self.number}]"


class _StreamingBuilder(SgmlTreeBuilder):
    """The tree builder that turns each statement's STMTTRNs into lines as they close.

    A made line's STMTTRN and a read statement are removed from the tree,
    so the tree holds the open statement's header, not its lines. The first
    error of the lowest-numbered statement is kept (``failure``); statements
    after it are no longer read.
    """

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.failure: tuple[int, ImportFileError] | None = None
        self._states: dict[int, _Open] = {}  # by id() of the statement element
        self._slot_of: dict[int, tuple[_Open, int]] = {}  # by id() of an open STMTTRN
        self._out: list[Item] = []

    def take(self) -> list[Item]:
        out, self._out = self._out, []
        return out

    def _owner(self) -> _Open | None:
        for elem in reversed(self.elements):
            if elem.tag in _STATEMENT_TAGS_SET:
                return self._states[id(elem)]
        return None

    def start(self, tag: str, attrs: dict[str, str]) -> Any:
        owner = self._owner() if tag == "STMTTRN" else None
        elem = super().start(tag, attrs)
        if tag in _STATEMENT_TAGS_SET:
            self.count += 1
            self._states[id(elem)] = _Open(elem, self.count)
        elif owner is not None:
            self._slot_of[id(elem)] = (owner, len(owner.slots) + owner.lines)
            owner.slots.append(None)
        return elem

    def _pop(self) -> Any:
        elem: ET.Element = super()._pop()
        parent = self.elements[-1] if self.elements else None
        state = self._states.get(id(elem))
        if elem.tag == "STMTTRN" and id(elem) in self._slot_of and parent is not None:
            trn_owner, at = self._slot_of.pop(id(elem))
            trn_owner.slots[at - trn_owner.lines] = (elem, parent)
            self._flush(trn_owner)
        elif elem.tag == "CURDEF":
            owner = self._owner()
            if owner is not None and not owner.currency_known:
                owner.currency, owner.currency_known = _text(elem, "."), True
                self._flush(owner)
        elif state is not None:
            self._close(state, parent)
        return elem

    def _skips(self, state: _Open) -> bool:
        return self.failure is not None and self.failure[0] <= state.number

    def _flush(self, state: _Open) -> None:
        """Make the lines at the head of ``state.slots`` whose STMTTRN is closed."""
        while state.currency_known and state.slots and state.slots[0] is not None:
            trn, parent = state.slots.popleft()  # type: ignore[misc]
            state.lines += 1
            parent.remove(trn)
            if self._skips(state):
                continue
            try:
                line = _line(trn, state.currency, f"{state.where}/STMTTRN[{state.lines}]")
            except ImportFileError as exc:
                self.failure = (state.number, exc)
                continue
            if state.first_date is None or line.date < state.first_date:
                state.first_date = line.date
            self._out.append((state.number - 1, line))

    def _close(self, state: _Open, parent: ET.Element | None) -> None:
        state.currency_known = True
        self._flush(state)
        del self._states[id(state.element)]
        if not self._skips(state):
            try:
                self._out.append((state.number - 1, _statement(state)))
            except ImportFileError as exc:
                self.failure = (state.number, exc)
        if parent is not None:
            parent.remove(state.element)


def _why_no_statement(root: ET.Element) -> str:
    """Explain a file without STMTRS/CCSTMTRS: investment data or a bank error."""
    if root.find(".//INVSTMTRS") is not None:
        return (
            "investment statement (INVSTMTRS) only: asiento imports bank and "
            "credit-card statements (STMTRS, CCSTMTRS)"
        )
    for status in root.iter("STATUS"):
        if (status.findtext("CODE") or "0").strip() != "0":
            message = _text(status, "MESSAGE") or "no message"
            return f"the bank answered with error {_text(status, 'CODE')}: {message}"
    return "no bank or credit-card statement (STMTRS/CCSTMTRS) in the file"


# ---- statements and lines ------------------------------------------------------


def _statement(state: _Open) -> ParsedStatement:
    """One STMTRS/CCSTMTRS aggregate (its lines made already) as a ``ParsedStatement``."""
    stmt, where = state.element, state.where
    iban, number = split_account(_own_text(stmt, "BANKACCTFROM", "CCACCTFROM", child="ACCTID"))
    ledgers = _own(stmt, "LEDGERBAL")
    closing = _optional_amount(ledgers[0], "BALAMT", where) if ledgers else None
    lists = _own(stmt, "BANKTRANLIST")
    starts = [_optional_date(lst, "DTSTART", where) for lst in lists] + [state.first_date]
    ends = [_optional_date(lst, "DTEND", where) for lst in lists]
    as_of = _optional_date(ledgers[0], "DTASOF", where) if ledgers else None
    return ParsedStatement(
        account_iban=iban,
        account_number=number,
        currency=state.currency,
        reference=None,
        date=as_of or max((d for d in ends if d), default=None),
        opening_balance=None,
        closing_balance=closing,
        opening_date=min((d for d in starts if d), default=None),
    )


def _own(stmt: ET.Element, *tags: str) -> list[ET.Element]:
    """Descendants of ``stmt`` named ``tags``, in document order, outside nested statements.

    Why descendants and not children: in sloppy SGML a missing end tag (say
    ``</BANKACCTFROM>``) pushes the elements after it one level down. Why stop
    at a nested statement: when a statement's own end tags are all missing,
    the next statement nests inside it, and its lines are not this one's.
    """
    found: list[ET.Element] = []
    stack = list(reversed(stmt))
    while stack:  # iterative: a hostile file may nest thousands of levels deep
        elem = stack.pop()
        if elem.tag in _STATEMENT_TAGS:
            continue
        if elem.tag in tags:
            found.append(elem)
        stack.extend(reversed(elem))
    return found


def _own_text(stmt: ET.Element, *tags: str, child: str | None = None) -> str | None:
    """Text of the first own ``tags`` element (or of its ``child``)."""
    for elem in _own(stmt, *tags):
        return _text(elem, child) if child else _text(elem, ".")
    return None


def _line(trn: ET.Element, currency: str | None, where: str) -> StatementLine:
    """One STMTTRN as a ``StatementLine``; date and amount are required."""
    fitid = _text(trn, "FITID")
    if fitid:
        where = f"{where} (FITID {fitid})"
    amount = _amount(_text(trn, "TRNAMT"), f"{where}/TRNAMT")
    amount, original, original_currency = _currencies(trn, amount, currency, where)
    return StatementLine(
        date=_date(_text(trn, "DTPOSTED"), f"{where}/DTPOSTED"),
        amount=amount,
        value_date=_optional_date(trn, "DTAVAIL", where) or _optional_date(trn, "DTUSER", where),
        counterparty_name=_text(trn, "NAME") or _text(trn, "PAYEE/NAME"),
        communication=_text(trn, "MEMO"),
        reference=_cheque_number(trn) or _text(trn, "REFNUM"),
        transaction_id=fitid,
        currency=currency,
        original_amount=original,
        original_currency=original_currency,
        bank_code=_text(trn, "TRNTYPE"),
    )


def _cheque_number(trn: ET.Element) -> str | None:
    """CHECKNUM, unless it is all zeros (banks write 0 when there is no cheque)."""
    number = _text(trn, "CHECKNUM")
    return number if number and number.strip("0") else None


def _currencies(
    trn: ET.Element, trnamt: Decimal, curdef: str | None, where: str
) -> tuple[Decimal, Decimal | None, str | None]:
    """(amount in CURDEF, original amount, original currency) per OFX 5.2."""
    for tag, in_cursym in (("CURRENCY", True), ("ORIGCURRENCY", False)):
        agg = trn.find(tag)
        if agg is None:
            continue
        cursym = _text(agg, "CURSYM")
        if not cursym or cursym == curdef:
            return trnamt, None, None
        rate = _amount(_text(agg, "CURRATE"), f"{where}/{tag}/CURRATE")
        if rate <= 0:
            raise ImportFileError(f"CURRATE must be positive, got {rate}", location=where)
        if in_cursym:
            return _rounded(trnamt * rate, curdef), trnamt, cursym
        return trnamt, _rounded(trnamt / rate, cursym), cursym
    return trnamt, None, None


def _rounded(amount: Decimal, currency: str | None) -> Decimal:
    """A converted amount, rounded half-up to the currency's minor unit when known."""
    if currency and _currency.is_known(currency):
        return round_to(amount, currency)
    return amount
