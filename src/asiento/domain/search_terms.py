"""What a typed search text can mean: a name or number, and perhaps an amount.

Pure parsing, so every search box reads "1,234.50", "1234,50" and "1 234.5" the
same way. An amount is looked up as exact minor units for each currency
exponent (0, 2, 3): the index on the amount column answers an ``IN`` list.

Invariants:
    - ``amount_of`` never returns a float and never guesses: text with letters,
      or with more than three decimals, is no amount;
    - ``minor_candidates(a)`` holds exactly the integer scalings of ``a`` by
      10^0, 10^2 and 10^3 (an amount with cents is no candidate for JPY).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(r"^-?[0-9][0-9 ,.']*$")
EXPONENTS = (0, 2, 3)


def amount_of(text: str) -> Decimal | None:
    """The amount ``text`` states, or ``None`` when it is not one.

    The last ``.`` or ``,`` followed by one to three digits at the end is the
    decimal mark unless it is followed by exactly three digits and another mark
    precedes it ("1,234.5" and "1.234,50" and "1234,5" all work; "1,234" is 1234).
    """
    raw = text.strip().replace(" ", "").replace("'", "")
    if not raw or not _AMOUNT.match(raw):
        return None
    marks = [i for i, ch in enumerate(raw) if ch in ".,"]
    if marks:
        last = marks[-1]
        decimals = len(raw) - last - 1
        lone_comma = len(marks) == 1 and raw[last] == ","
        repeated = len(marks) > 1 and raw[marks[-2]] == raw[last]
        thousands = decimals == 3 and (lone_comma or repeated)
        integer = re.sub(r"[.,]", "", raw[:last])
        raw = integer + raw[last:].replace(",", ".") if not thousands else re.sub(r"[.,]", "", raw)
        if not thousands and decimals > 3:
            return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def minor_candidates(amount: Decimal) -> dict[int, int]:
    """Exponent -> minor units of ``amount``, for the exponents it fits exactly."""
    found: dict[int, int] = {}
    for exp in EXPONENTS:
        scaled = amount.scaleb(exp)
        if scaled == scaled.to_integral_value():
            found[exp] = int(scaled)
    return found
