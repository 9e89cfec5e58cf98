"""OFX 1.x (SGML), OFX 2.x (XML) and QFX bank and credit-card statements.

Every ``STMTRS`` (bank) and ``CCSTMTRS`` (credit card) aggregate in the file
becomes one ``ParsedStatement``, in document order.

How the file is read, and why not entirely by ofxtools:

- QBO (QuickBooks Web Connect) is OFX 1 SGML with Intuit's ``INTU.*``
  sign-on elements; it is read like any OFX file.
- ofxtools' tag-soup parser (``ofxtools.Parser.TreeBuilder``, the engine of
  ``OFXTree.parse``) builds the element tree: it handles SGML leaf elements
  without end tags, XML end tags and CDATA alike. We subclass it only to apply
  SGML's rule that an end tag closes the elements still open inside it, to
  close known leaf elements that carry no text (``<MEMO>`` then ``<NAME>``),
  to ignore a leaf's end tag that comes out of order or after the leaf was
  closed (``<NAME>a<MEMO>b</NAME></MEMO>``), to ignore what follows
  ``</OFX>`` (NUL padding),
  and to refuse a file that ends before ``</OFX>`` (a truncated download
  must not import as a shorter statement).
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

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from typing import Any, Final
from xml.sax.saxutils import unescape

from ofxtools.Parser import ParseError, TreeBuilder

from asiento.domain import currency as _currency
from asiento.domain.money import round_to
from asiento.importers.base import ImportFileError, ParsedStatement, StatementLine
from asiento.importers.identity import split_account

_STATEMENT_TAGS: Final = ("STMTRS", "CCSTMTRS")
_BODY_START: Final = "<OFX>"
_HEAD_WINDOW: Final = 4096
_CHARSETS: Final = {
    "1252": "cp1252",
    "WINDOWS-1252": "cp1252",
    "CP1252": "cp1252",
    "ISO-8859-1": "latin_1",
    "8859-1": "latin_1",
    "LATIN1": "latin_1",
}
_CHARSET_RE: Final = re.compile(r"(?:CHARSET:\s*|encoding=[\"'])([\w-]+)", re.IGNORECASE)
_DATE_RE: Final = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\d{2,6}(?:\.\d{1,6})?)?(?:\s*\[[^\]]*\])?")
_AMOUNT_RE: Final = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_ENTITIES: Final = {"&quot;": '"', "&apos;": "'"}

# Leaf elements that may come without text; closed at once so that the next
# tag is not read as their child (SGML files write "<MEMO>" then "<NAME>").
_LEAF_NAMES: Final = """
    TRNTYPE DTPOSTED DTUSER DTAVAIL TRNAMT FITID CORRECTFITID CORRECTACTION SRVRTID CHECKNUM
    REFNUM SIC PAYEEID NAME MEMO CURRATE CURSYM CURDEF BANKID BRANCHID ACCTID ACCTTYPE ACCTKEY
    DTSTART DTEND BALAMT DTASOF TRNUID CODE SEVERITY MESSAGE
"""
_LEAVES: Final = frozenset(_LEAF_NAMES.split())


def detect(content: bytes) -> bool:
    """True when ``content`` opens like an OFX/QFX file (header or ``<OFX>`` root).

    Only the first few kilobytes are looked at, so that a CSV or CAMT file
    mentioning "OFX" further down is not claimed.
    """
    head = content[:_HEAD_WINDOW].lstrip(b"\xef\xbb\xbf \t\r\n\x00").upper()
    return head.startswith(b"OFXHEADER") or b"<?OFX" in head or b"<OFX>" in head


def parse(content: bytes) -> list[ParsedStatement]:
    """Every bank and credit-card statement in an OFX/QFX file.

    Raises:
        ImportFileError: the file is not readable OFX, holds no bank or card
            statement, or a transaction lacks a valid date or amount.
    """
    root = _element_tree(_decode(content))
    statements = [elem for elem in root.iter() if elem.tag in _STATEMENT_TAGS]
    if not statements:
        raise ImportFileError(_why_no_statement(root))
    return [_statement(elem, f"{elem.tag}[{n}]") for n, elem in enumerate(statements, 1)]


# ---- decoding and tree building ------------------------------------------------


def _decode(content: bytes) -> str:
    """The OFX body (from ``<OFX>``) as text, in the charset the bytes really use."""
    raw = content.removeprefix(b"\xef\xbb\xbf")
    start = raw.find(_BODY_START.encode())
    if start < 0:
        raise ImportFileError("no <OFX> element: not an OFX file", location="header")
    body = raw[start:]
    end = body.rfind(b"</OFX>")
    if end >= 0:  # anything after the root (NULs of a padded download) is not OFX
        body = body[: end + len(b"</OFX>")]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return body.decode(_declared_codec(raw[:start]))
    except UnicodeDecodeError:
        return body.decode("latin_1")


def _declared_codec(header: bytes) -> str:
    """The single-byte codec the header declares (cp1252 when it says none)."""
    match = _CHARSET_RE.search(header.decode("ascii", "replace"))
    return _CHARSETS.get(match.group(1).upper(), "cp1252") if match else "cp1252"


class _SgmlTreeBuilder(TreeBuilder):
    """ofxtools' tag-soup parser, with SGML's rules for omitted end tags."""

    def __init__(self) -> None:
        super().__init__()
        self._open: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> Any:
        self._open.append(tag)
        elem = super().start(tag, attrs)
        return elem

    def end(self, tag: str) -> Any:
        if tag not in self._open and tag in _LEAVES:
            return None  # SGML: a leaf's end tag is optional, closed already (out of order)
        if tag not in self._open:
            raise ParseError(f"end tag </{tag}> has no start tag")
        while self._open[-1] != tag:  # SGML: an end tag closes what is open inside
            self._pop()
        return self._pop()

    def _pop(self) -> Any:
        return super().end(self._open.pop())

    def _start(self, tag: str, text: str | None, closetag: str | None) -> None:
        super()._start(tag, text, closetag)
        if not text and not closetag and tag in _LEAVES:
            self.end(tag)

    def close(self) -> Any:
        if self._open:
            raise ParseError(f"file ends inside <{self._open[-1]}>: truncated before </OFX>")
        return super().close()


def _element_tree(body: str) -> ET.Element:
    """Parse the OFX body; any syntax error becomes ``ImportFileError``."""
    builder = _SgmlTreeBuilder()
    try:
        builder.feed(body)
        root = builder.close()
    except (ParseError, ET.ParseError, IndexError, ValueError) as exc:
        raise ImportFileError(f"unreadable OFX markup: {exc}", location="body") from None
    if not isinstance(root, ET.Element) or root.tag != "OFX":
        raise ImportFileError("the document root is not <OFX>", location="body")
    return root


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


def _statement(stmt: ET.Element, where: str) -> ParsedStatement:
    """One STMTRS/CCSTMTRS aggregate as a ``ParsedStatement``."""
    currency = _own_text(stmt, "CURDEF")
    transactions = _own(stmt, "STMTTRN")
    lines = tuple(
        _line(trn, currency, f"{where}/STMTTRN[{n}]") for n, trn in enumerate(transactions, 1)
    )
    iban, number = split_account(_own_text(stmt, "BANKACCTFROM", "CCACCTFROM", child="ACCTID"))
    ledgers = _own(stmt, "LEDGERBAL")
    closing = _optional_amount(ledgers[0], "BALAMT", where) if ledgers else None
    lists = _own(stmt, "BANKTRANLIST")
    starts = [_optional_date(lst, "DTSTART", where) for lst in lists] + [ln.date for ln in lines]
    ends = [_optional_date(lst, "DTEND", where) for lst in lists]
    as_of = _optional_date(ledgers[0], "DTASOF", where) if ledgers else None
    return ParsedStatement(
        account_iban=iban,
        account_number=number,
        currency=currency,
        reference=None,
        date=as_of or max((d for d in ends if d), default=None),
        opening_balance=None,
        closing_balance=closing,
        lines=lines,
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


# ---- values --------------------------------------------------------------------


def _text(elem: ET.Element, path: str) -> str | None:
    """Stripped, entity-decoded text at ``path``; None when absent or blank."""
    value = elem.findtext(path)
    if value is None:
        return None
    value = unescape(value, _ENTITIES).strip()
    return value or None


def _amount(text: str | None, where: str) -> Decimal:
    """An OFX amount: a period or (OFX 3.2.9.1) a comma as decimal point."""
    if text is None:
        raise ImportFileError("amount missing", location=where)
    if not _AMOUNT_RE.fullmatch(text):
        raise ImportFileError(f"{text!r} is not an amount", location=where)
    return Decimal(text.replace(",", "."))


def _optional_amount(elem: ET.Element, path: str, where: str) -> Decimal | None:
    text = _text(elem, path)
    return None if text is None else _amount(text, f"{where}/{path}")


def _date(text: str | None, where: str) -> date:
    """The calendar date an OFX datetime was written in (its own time zone)."""
    if text is None:
        raise ImportFileError("date missing", location=where)
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise ImportFileError(f"{text!r} is not an OFX date", location=where)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ImportFileError(f"{text!r} is not a calendar date", location=where) from None


def _optional_date(elem: ET.Element, path: str, where: str) -> date | None:
    text = _text(elem, path)
    return None if text is None else _date(text, f"{where}/{path}")
