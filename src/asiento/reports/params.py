"""Report filters from text, as the API's query, the browser's form and the CLI's options
give them: one parser per filter, so the three adapters refuse the same input alike."""

from __future__ import annotations

from asiento.domain.errors import InvalidInput
from asiento.domain.limits import ID_MAX, MAX_BUCKET_DAYS, MAX_BUCKETS
from asiento.reports.aged import DEFAULT_BUCKETS


def parse_buckets(raw: str | None, field: str = "buckets") -> tuple[int, ...]:
    """ "30,60,90" -> (30, 60, 90); empty -> the default buckets.

    The aged report checks the order; here that there are at most
    ``MAX_BUCKETS`` whole day counts, each at most ``MAX_BUCKET_DAYS``.
    """
    if not raw:
        return DEFAULT_BUCKETS
    parts = raw.split(",")
    if len(parts) > MAX_BUCKETS or not all(p.strip().isdecimal() for p in parts):
        raise InvalidInput(
            f"{field} {raw!r} must be at most {MAX_BUCKETS} day counts separated by commas, "
            "such as 30,60,90",
            field="buckets",
        )
    days = tuple(int(p) for p in parts)
    if any(d > MAX_BUCKET_DAYS for d in days):
        raise InvalidInput(f"a bucket is at most {MAX_BUCKET_DAYS} days", field="buckets")
    return days


def journal_key(raw: str | None) -> int | str | None:
    """A journal id when ``raw`` is one a BIGINT can hold, else a journal code; ``None``
    for every journal."""
    return int(raw) if raw and raw.isdecimal() and int(raw) <= ID_MAX else raw
