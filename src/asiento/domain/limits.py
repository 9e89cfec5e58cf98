"""The bounds of what asiento accepts, in one place.

Why: a value the database cannot hold, or whose processing cost grows without
bound, must be refused as invalid input (422, or 413 for a body) before it
reaches SQL or a loop. The API's schema types, the services and the web forms
all read their limits here.

Invariants:
    - An id is 1 .. ``ID_MAX`` (a BIGINT identity).
    - A 32-bit column holds at most ``INT32_MAX`` in absolute value.
    - An amount is below ``MAX_AMOUNT`` (10^15) in absolute value, see
      ``asiento.domain.money``.
    - A date lies in ``FIRST_DAY`` .. ``LAST_DAY``.
    - A document has at most ``MAX_LINES`` lines; a batch of documents as many in all.
"""

from __future__ import annotations

import datetime as dt

from asiento.domain.money import MAX_AMOUNT

ID_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)

MAX_DECIMALS = 6
"""Quantities, prices, percentages and amounts: at most 6 decimal places."""

RATE_DECIMALS = 12
"""Exchange rates: at most 12 decimal places."""

MAX_LINES = 5_000
"""Lines of one invoice, bill, order or journal entry (ASIENTO_MAX_LINES overrides)."""

MAX_BATCH_DOCUMENTS = 500
"""Documents of one batch request (``POST /invoices/batch``); their lines together stay
within ``MAX_LINES``, so a batch costs at most what one long document may cost."""

MAX_BODY_BYTES = 10 * 1024 * 1024
"""A JSON request body (ASIENTO_MAX_BODY_BYTES overrides)."""

MAX_BUCKETS = 12
MAX_BUCKET_DAYS = 36_500
"""Aged-balance buckets: at most 12, each at most a hundred years of days."""

__all__ = [
    "FIRST_DAY",
    "ID_MAX",
    "INT32_MAX",
    "LAST_DAY",
    "MAX_AMOUNT",
    "MAX_BODY_BYTES",
    "MAX_BUCKETS",
    "MAX_BUCKET_DAYS",
    "MAX_DECIMALS",
    "MAX_LINES",
    "RATE_DECIMALS",
]
