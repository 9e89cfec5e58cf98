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
    - ``parse`` streams: each ``Ntry`` is turned into lines when its end tag
      is read and then cleared (all but the first of a statement, which the
      currency fallback reads), so memory grows with the lines, not the tree;
      errors are the same, in the same order, as a whole-tree read: the first
      faulty entry stops the streaming and the file is re-read from the
      (well-formed) tree in document order, reusing the lines already made;
    - ``detect`` never raises and reads at most the first 64 KiB.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
    find,
    findall,
    local_name,
    location,
    required,
    stream_xml,
    text,
)
from asiento.importers.base import ImportFileError, ParsedStatement, StatementLine
from asiento.importers.identity import account_identity, unique_transaction_ids

_DETECT_BYTES = 64 * 1024
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
    """Every statement of a CAMT.053 file, all or nothing (streamed, see above).

    Raises:
        ImportFileError: not well-formed, not CAMT.053, or a mandatory element
            missing or invalid (the message names the element path).
    """
    reader = _EntryReader()
    root = stream_xml(content, "Ntry", reader.visit)
    container = _container(root)
    statements = findall(container, "Stmt")
    if not statements:
        raise ImportFileError("no Stmt element in the file", location=location(container, "Stmt"))
    return [_statement(stmt, reader.done.get(stmt, ())) for stmt in statements]


@dataclass
class _EntryReader:
    """Turns each ``Ntry`` of a ``Stmt`` into lines as it is read, then clears it.

    ``done`` maps a ``Stmt`` to the lines of its first entries, in order; after
    the first error nothing more is read or cleared, so the whole-tree pass
    meets that entry again and raises with its full element path.
    """

    done: dict[Element, list[list[StatementLine]]] = field(default_factory=dict)
    currencies: dict[Element, str | None] = field(default_factory=dict)
    failed: bool = False

    def visit(self, ntry: Element) -> None:
        stmt = ntry.getparent()
        if self.failed or stmt is None or local_name(stmt) != "Stmt":
            return
        try:
            if stmt not in self.currencies:  # Acct and Bal come before the first Ntry
                account = required(stmt, "Acct")
                balances = _balance_elements(stmt)
                self.currencies[stmt] = _statement_currency(stmt, account, balances)
            lines = entry_lines(ntry, self.currencies[stmt])
        except ImportFileError:
            self.failed = True
            return
        read = self.done.setdefault(stmt, [])
        if read:
            ntry.clear()
        read.append(lines)


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


def _statement(stmt: Element, read: Sequence[list[StatementLine]]) -> ParsedStatement:
    account = required(stmt, "Acct")
    iban, number = _account(account)
    balances = _balance_elements(stmt)
    ccy = _statement_currency(stmt, account, balances)
    opening = _balance(balances, _OPENING_CODES, ccy)
    closing = _balance(balances, _CLOSING_CODES, ccy)
    lines = [
        line
        for n, ntry in enumerate(stmt.iterchildren("{*}Ntry"))
        for line in (read[n] if n < len(read) else entry_lines(ntry, ccy))
    ]
    return ParsedStatement(
        account_iban=iban,
        account_number=number,
        currency=ccy,
        reference=text(stmt, "Id"),
        date=_statement_date(stmt, closing),
        opening_balance=opening[0] if opening else None,
        closing_balance=closing[0] if closing else None,
        lines=unique_transaction_ids(lines),
        opening_date=opening[1] if opening else None,
    )


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
