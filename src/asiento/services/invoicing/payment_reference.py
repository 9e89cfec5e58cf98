"""The structured payment reference of a customer invoice: ISO 11649 ``RF`` or Swiss QR reference.

A customer who quotes it lets the bank-statement pass find the invoice without
guessing. It is given when a customer invoice is posted (it needs the number)
and stored on the invoice (``structured_reference``), unique in the company
(a database constraint backs the rule).

- **RF** (ISO 11649): ``RF`` + two check digits + the journal code and the
  invoice number without separators (``INV/2026/00042`` in journal ``INV``
  -> ``INV202600042`` -> ``RF71INV202600042``), at most 21 alphanumerics;
  python-stdnum validates the result.
- **QRR** (Swiss QR reference): required when the company's account for the
  invoice currency is a QR-IBAN. 26 digits (journal id, then the number's
  digits, zero-padded) + a mod-10 recursive check digit (python-stdnum
  ``ch.esr``).

Invariants:
    - A reference built here always passes its scheme's validation.
    - ``compact_reference`` is how statement texts are compared: upper case, no
      spaces; a reference is recognised with or without its print grouping.
"""

from __future__ import annotations

import re
from typing import Final

from sqlalchemy.orm import Session
from stdnum import iso11649
from stdnum.ch import esr
from stdnum.iso7064 import mod_97_10

from asiento.services.reference import cache
from asiento.services.reference.bank_accounts import iban_for_currency
from asiento.services.reference.identity import is_qr_iban
from asiento.store.tables import Invoice, Journal

RF_BODY_MAX: Final = 21
QRR_BODY: Final = 26


def compact_reference(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def rf_reference(journal_code: str, number: str) -> str:
    """``RF`` + check digits + journal code and number (alphanumerics only, at most 21)."""
    body = re.sub(r"[^0-9A-Z]", "", number.upper())
    code = re.sub(r"[^0-9A-Z]", "", journal_code.upper())
    if not body.startswith(code):
        body = code + body
    if len(body) > RF_BODY_MAX:
        # keep the code and the most specific (last) part of the number
        body = (code[:5] + body[len(code) :][-(RF_BODY_MAX - len(code[:5])) :])[:RF_BODY_MAX]
    check = mod_97_10.calc_check_digits(body + "RF")
    return str(iso11649.validate("RF" + check + body))


def qr_reference(journal_id: int, number: str) -> str:
    """The 27-digit QR reference: journal id and the number's digits, then the check digit."""
    digits = re.sub(r"\D", "", number)
    body = (str(journal_id) + digits.zfill(12))[-QRR_BODY:].zfill(QRR_BODY)
    ref = body + esr.calc_check_digit(body)
    esr.validate(ref)  # raises if the scheme refuses it (it cannot: the check digit is its own)
    return ref


def is_structured(text: str) -> bool:
    """An RF reference or a QR reference (after removing spaces)."""
    ref = compact_reference(text)
    return bool(iso11649.is_valid(ref)) or (
        len(ref) == 27 and ref.isdigit() and bool(esr.is_valid(ref))
    )


def format_reference(ref: str) -> str:
    """The print grouping: ``RF71 INV2 0260 0042`` or ``21 00000 00003 13947 14300 09017``."""
    if ref.startswith("RF"):
        return str(iso11649.format(ref))
    return ref[:2] + " " + " ".join(ref[i : i + 5] for i in range(2, 27, 5))


def structured_reference_for(session: Session, invoice: Invoice) -> str:
    """The reference a just-numbered customer invoice gets: QRR for a QR-IBAN, else RF.

    Reads without autoflush, so the invoice's pending changes go out in the
    caller's one UPDATE (posting's statement count stays pinned).
    """
    with session.no_autoflush:
        code = _journal_code(session, invoice.company_id, invoice.journal_id)
        number = invoice.number or str(invoice.id)
        if invoice.currency in ("CHF", "EUR") and is_qr_iban(
            iban_for_currency(session, invoice.company_id, invoice.currency)
        ):
            return qr_reference(invoice.journal_id, number)
        return rf_reference(code, number)


def _journal_code(session: Session, company_id: int, journal_id: int) -> str:
    """The journal's code: from the reference cache, else read (and kept)."""
    return cache.kept(
        session,
        company_id,
        lambda snap: snap.journal_codes,
        journal_id,
        lambda: session.get_one(Journal, journal_id).code,
    )


def references_in(text: str) -> set[str]:
    """Every valid RF or QR reference in a statement text, compact, spaced or not.

    A bank may print ``RF36 INV2 0260 0042`` or ``RF36INV202600042``: runs of
    up to eight consecutive words are joined and checked, so the grouping the
    invoice printed (or none) is recognised, and a word that merely starts
    with ``RF`` is not.
    """
    words = [w.strip(".,;:()[]") for w in text.upper().split()]
    found: set[str] = set()
    for i, word in enumerate(words):
        if word.startswith("RF") or word.isdigit():
            joined = ""
            for nxt in words[i : i + 8]:
                joined += nxt
                if len(joined) > 27:
                    break
                if is_structured(joined):
                    found.add(joined)
    return found
