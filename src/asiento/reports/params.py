"""Report filters from text, as the API's query, the browser's form and the CLI's options
give them: one parser per filter, so the three adapters refuse the same input alike."""

from __future__ import annotations

from asiento.domain.errors import InvalidInput
from asiento.reports.aged import DEFAULT_BUCKETS


def parse_buckets(raw: str | None, field: str = "buckets") -> tuple[int, ...]:
    """ "30,60,90" -> (30, 60, 90); empty -> the default buckets. The aged report checks
    the order; here only that every part is a whole number of days."""
    if not raw:
        return DEFAULT_BUCKETS
    try:
        return tuple(int(p) for p in raw.split(","))
    except ValueError:
        raise InvalidInput(
            f"{field} {raw!r} must be day counts separated by commas, such as 30,60,90",
            field="buckets",
        ) from None


def journal_key(raw: str | None) -> int | str | None:
    """A journal named by id (all digits) or by code; ``None`` for every journal."""
    return int(raw) if raw and raw.isdigit() else raw
