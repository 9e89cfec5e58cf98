"""ISO 4217 currencies: which codes exist and how many minor digits each has.

The exponent decides every rounding in asiento (EUR 2, JPY 0, BHD 3). The data
comes from Babel's CLDR tables, with the few places where CLDR's "digits" differ
from ISO 4217's minor unit corrected to ISO.

Invariants:
    - ``exponent(code)`` raises ``UnknownCurrency`` for a code that is not a
      three-letter ISO 4217 currency; it never guesses.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel.numbers import get_currency_precision, list_currencies

from asiento.domain.errors import UnknownCurrency

# CLDR rounds these for display; ISO 4217 keeps the minor unit.
_ISO_OVERRIDES = {"IQD": 3, "ISK": 0, "UGX": 0, "KRW": 0, "HUF": 2, "TWD": 2, "IRR": 2}


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(code for code in list_currencies() if len(code) == 3 and code.isupper())


def is_known(code: str) -> bool:
    """True when ``code`` is an ISO 4217 currency code."""
    return code in _known()


@lru_cache(maxsize=512)
def exponent(code: str) -> int:
    """Number of minor-unit digits of ``code`` (EUR -> 2, JPY -> 0, BHD -> 3).

    Raises:
        UnknownCurrency: ``code`` is not an ISO 4217 currency.
    """
    if not isinstance(code, str) or not is_known(code):
        raise UnknownCurrency(code)
    if code in _ISO_OVERRIDES:
        return _ISO_OVERRIDES[code]
    return int(get_currency_precision(code))


@lru_cache(maxsize=512)
def quantum(code: str) -> Decimal:
    """The smallest amount of ``code``: Decimal('0.01') for EUR, Decimal('1') for JPY."""
    return Decimal(1).scaleb(-exponent(code))
