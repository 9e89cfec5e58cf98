"""MT940 amount fields checked by the SWIFT layout before anything reads them.

Why our own check in front of the ``mt-940`` package: the package reads an
amount up to the first character that is neither a digit nor a comma, so
``C300.50NMSC`` became 300 with ``.50NMSC`` as the reference, ``1.234,56``
became 1, and a balance cut the same way still "balanced". A bank amount is
either read exactly or the file is refused with the line.

SWIFT layouts (MT940 field specifications):
    - balances ``:60F:``/``:60M:``/``:62F:``/``:62M:``/``:64:``/``:65:``:
      ``1!a6!n3!a15d`` = mark C/D, date YYMMDD, currency, amount;
    - statement line ``:61:``: ``6!n[4!n]2a[1!a]15d1!a3!c...`` = value date,
      optional entry date MMDD, mark C/D/RC/RD, optional funds code, amount,
      then the transaction type (N, F or S and three characters); blanks
      between amount and type (Commerzbank) are tolerated, and so is a line
      that ends after its amount (ABN AMRO's legacy layout has no type).
    - ``15d`` is digits with exactly one decimal comma, at most 15 characters,
      at least one digit before the comma; the decimals (possibly none after
      the comma) may not exceed the currency's minor unit.

Invariants:
    - ``check_balance`` and ``check_line`` return the exact ``Decimal`` of the
      amount or raise ``ImportFileError`` naming the line; never a float,
      never a prefix of the field.
"""

from __future__ import annotations

import re
from decimal import Decimal

from asiento.domain.currency import exponent, is_known
from asiento.importers.base import ImportFileError

_AMOUNT = r"(?P<amount>[0-9][0-9,]*)"
_BALANCE = re.compile(rf"(?P<mark>[CD])(?P<date>[0-9]{{6}})(?P<ccy>[A-Z]{{3}}){_AMOUNT}")
_LINE_HEAD = re.compile(
    r"(?P<date>[0-9]{6})(?P<entry>[0-9]{4}| {4})?(?P<mark>R?[CD])(?P<funds>[A-Z](?=[ 0-9]))?"
    r"(?P<amount>[^NFS\n]*)(?P<rest>.*)",
    re.DOTALL,
)
_TYPE = re.compile(r"[NFS][A-Z0-9]{3}")
_MAX_DIGITS = 15


def swift_amount(raw: str, currency: str | None, location: str) -> Decimal:
    """The exact value of a ``15d`` amount, or ``ImportFileError`` saying why.

    Args:
        raw: the amount as written (``1234,56``).
        currency: the statement currency; its minor unit bounds the decimals.
        location: ``line N`` for the error.
    """
    if not raw:
        raise ImportFileError("amount is missing", location=location)
    if len(raw) > _MAX_DIGITS or raw.count(",") != 1 or not re.fullmatch(r"[0-9]+,[0-9]*", raw):
        raise ImportFileError(
            f"amount {raw!r} is not a SWIFT amount (digits with one decimal comma, "
            f"at most {_MAX_DIGITS} characters)",
            location=location,
        )
    whole, decimals = raw.split(",")
    if currency and is_known(currency) and len(decimals) > exponent(currency):
        raise ImportFileError(
            f"amount {raw!r} has {len(decimals)} decimals; {currency} has {exponent(currency)}",
            location=location,
        )
    return Decimal(f"{whole}.{decimals or '0'}")


def check_balance(value: str, tag: str, location: str) -> Decimal:
    """Check a balance field's value (``C230101EUR1234,56``); its unsigned amount."""
    match = _BALANCE.fullmatch(value.strip())
    if match is None:
        raise ImportFileError(
            f"field :{tag}: is not a balance (mark C/D, date YYMMDD, currency, amount): "
            f"{value.strip()[:80]!r}",
            location=location,
        )
    return swift_amount(match["amount"], match["ccy"], location)


def check_line(value: str, currency: str | None, location: str) -> Decimal:
    """Check the head of a ``:61:`` value up to its transaction type; the unsigned amount."""
    first = value.strip().split("\n", 1)[0]
    match = _LINE_HEAD.fullmatch(first)
    if match is None:
        raise ImportFileError(
            f"field :61: does not start with a value date and a mark C/D/RC/RD: {first[:80]!r}",
            location=location,
        )
    amount = swift_amount(match["amount"].strip(" "), currency, location)
    if match["rest"] and _TYPE.match(match["rest"]) is None:
        raise ImportFileError(
            f"field :61: has no transaction type (N/F/S and 3 characters) after the amount "
            f"{match['amount']!r}: {first[:80]!r}",
            location=location,
        )
    return amount
