"""Who is who on a bank line: the statement's account, the counterparty, the line id.

Public: the statement service compares a journal's account with a file's through
``compact`` and ``looks_like_iban``, so it normalises exactly as the parsers do.

Why one module: CAMT.053 and MT940 must agree on what counts as an IBAN, what
happens to a bad one, and how a line is recognised when the same file (or an
overlapping one) is imported twice.

Invariants:
    - ``StatementLine.counterparty_iban`` is always a checksum-valid IBAN in
      compact form (``NL32INGB0000012345``). A counterparty account that is not
      one (a typo, a redacted sample, an old domestic account number) is kept
      in ``communication`` as ``[account RAW]``: never lost, never mistaken for
      an IBAN. It does not fail the file: the money moved all the same.
    - The statement's *own* account, when it is (or looks like) an IBAN and
      fails the ISO 13616 checks, is kept as a plain account number
      (``account_iban`` None, ``account_number`` as written) as long as it is
      made of letters and digits only (redacted samples, test accounts,
      internal numbers); the statement service then matches the journal by
      that raw identifier and warns. Anything else claiming to be an IBAN
      raises ``ImportFileError``: booking a statement to an account we cannot
      identify is worse than refusing it.
    - Transaction ids are unique within one statement: a repeated id gets
      ``#2``, ``#3`` ... in file order, so that de-duplication on re-import can
      never swallow a second, genuinely different line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from schwifty import IBAN

from asiento.importers.base import ImportFileError, StatementLine
from asiento.importers.occurrences import Occurrences

# Two letters, two check digits, 10 to 30 alphanumerics: ISO 13616 shape.
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}")

# Placeholders banks write where a reference is required but there is none.
_NO_REFERENCE = frozenset({"", "NONREF", "NOTPROVIDED", "NOT PROVIDED", "NONE", "N/A"})


def compact(raw: str) -> str:
    """``raw`` without any whitespace, upper-cased (how IBANs are compared)."""
    return "".join(raw.split()).upper()


def looks_like_iban(raw: str) -> bool:
    """True when ``raw`` has the shape of an IBAN, valid or not."""
    return _IBAN_SHAPE.fullmatch(compact(raw)) is not None


def valid_iban(raw: str) -> str | None:
    """The compact IBAN when ``raw`` passes the ISO 13616 checks, else None.

    The BBAN is not checked against schwifty's bank registry
    (``validate_bban=False``): a bank missing from the registry is not an
    invalid account; country, length and check digits are what matter.
    """
    try:
        return str(IBAN(compact(raw), validate_bban=False))
    except ValueError:  # schwifty's errors all derive from ValueError
        return None


def split_account(raw: str | None) -> tuple[str | None, str | None]:
    """(IBAN, None) when ``raw`` is a valid IBAN, else (None, ``raw`` as written).

    For formats whose account field may hold an IBAN or a domestic number
    (OFX ACCTID, CSV account columns); never refuses.
    """
    if not raw:
        return None, None
    iban = valid_iban(raw)
    return (iban, None) if iban is not None else (None, raw)


def account_identity(
    raw: str | None, *, location: str, claimed_iban: bool
) -> tuple[str | None, str | None]:
    """Split a statement's own account identification into (iban, number).

    Args:
        raw: the account identification as the file states it.
        location: where it was read, for the error message.
        claimed_iban: the file says it is an IBAN (CAMT ``Acct/Id/IBAN``);
            otherwise only an IBAN-shaped value is treated as one.

    Returns:
        ``(iban, None)`` for a valid IBAN, ``(None, number)`` for any other
        account number (an IBAN-like value failing its checks included, when
        it is plain letters and digits), ``(None, None)`` when nothing was given.

    Raises:
        ImportFileError: the value claims to be an IBAN, is invalid and is not
            a plain alphanumeric account number either.
    """
    if raw is None or not raw.strip():
        return None, None
    if not (claimed_iban or looks_like_iban(raw)):
        return None, raw.strip()
    try:
        return str(IBAN(compact(raw), validate_bban=False)), None
    except ValueError as exc:
        if compact(raw).isascii() and compact(raw).isalnum():
            return None, raw.strip()
        raise ImportFileError(
            f"the statement's account IBAN {raw.strip()!r} is invalid ({exc}); "
            "refusing to import a statement for an account that cannot be identified",
            location=location,
        ) from exc


def counterparty_account(raw: str | None) -> tuple[str | None, str | None]:
    """Split a counterparty account into (valid IBAN, note for communication).

    Returns:
        ``(iban, None)`` for a valid IBAN, ``(None, "[account RAW]")`` for any
        other non-empty value, ``(None, None)`` for nothing.
    """
    if raw is None or not raw.strip():
        return None, None
    iban = valid_iban(raw)
    if iban is not None:
        return iban, None
    return None, f"[account {' '.join(raw.split())}]"


def join_text(*parts: str | None) -> str | None:
    """Join the non-empty parts with one space, whitespace runs collapsed."""
    text = " ".join([word for part in parts if part for word in part.split()])  # the same
    return text or None


def meaningful_reference(raw: str | None) -> str | None:
    """``raw`` stripped, or None when it is empty or a NONREF-style placeholder."""
    if raw is None:
        return None
    value = raw.strip()
    return None if value.upper() in _NO_REFERENCE else value


def unique_transaction_ids(lines: Iterable[StatementLine]) -> tuple[StatementLine, ...]:
    """Suffix repeated transaction ids with ``#2``, ``#3`` ... (file order).

    Why: the statement service skips a line whose id it has already booked; two
    different payments carrying the same end-to-end id must both survive.
    """
    with Occurrences() as seen:
        return tuple(unique_ids(lines, seen))


def unique_ids(lines: Iterable[StatementLine], seen: Occurrences) -> Iterator[StatementLine]:
    """``unique_transaction_ids`` as a stream, counting in ``seen`` (one per statement)."""
    for line in lines:
        yield unique_id(line, seen)


def unique_id(line: StatementLine, seen: Occurrences) -> StatementLine:
    """``line`` with its transaction id suffixed ``#n`` when seen n-1 times before."""
    key = line.transaction_id
    if key is None:
        return line
    count = seen.add(key)
    return line if count == 1 else dataclasses.replace(line, transaction_id=f"{key}#{count}")
