"""Payment terms as text: the compact line syntax and the one-line descriptions.

The CLI (``asiento term create --line``) and the settings page accept the
same ``KIND[:VALUE[:DUE]]`` lines and ``PERCENT:DAYS[:TREATMENT]`` discounts
and show the same summaries, so both read and write terms one way.
"""

from __future__ import annotations

from typing import Any

from asiento.domain.due_dates import DueDateRule
from asiento.domain.errors import InvalidInput
from asiento.domain.payment_terms import LineKind, PaymentTermLine
from asiento.services.reference.payment_terms import TermView

DUE_KEYS = {"days": "days", "months": "months", "day": "day_of_month", "pay": "payment_days"}


def describe_due(rule: DueDateRule) -> str:
    """A due-date rule in words: ``end of month +1``, ``21st, +1 month``, ``15 days``."""
    parts = []
    if rule.months:
        parts.append(f"+{rule.months} month{'s' if rule.months > 1 else ''}")
    if rule.end_of_month:
        parts.append("end of month")
    if rule.day_of_month is not None:
        parts.append(f"day {rule.day_of_month}")
    if rule.days:
        parts.append(f"+{rule.days} days")
    if rule.payment_days:
        parts.append("paid on " + "/".join(str(d) for d in rule.payment_days))
    return ", ".join(parts) or "invoice date"


def describe_line(line: PaymentTermLine) -> str:
    what = {
        LineKind.PERCENT: f"{line.value} %",
        LineKind.FIXED: f"{line.value}",
        LineKind.BALANCE: "balance",
    }[line.kind]
    return f"{what} @ {describe_due(line.due)}"


def describe_discount(view: TermView) -> str:
    discount = view.rule.discount
    if discount is None:
        return ""
    return f"{discount.percent} % within {discount.days} days ({discount.tax_treatment})"


def summary(view: TermView) -> dict[str, Any]:
    return {
        "id": view.id,
        "name": view.name,
        "active": view.active,
        "schedule": "; ".join(describe_line(line) for line in view.rule.lines),
        "discount": describe_discount(view),
    }


def parse_term_line(raw: str, n: int) -> dict[str, Any]:
    """One ``--line`` value as the dict form of a term line; ``n`` counts from 1."""
    kind, _, rest = raw.partition(":")
    value, _, due_text = rest.partition(":")
    line: dict[str, Any] = {"kind": kind.strip()}
    if value.strip():
        line["value"] = value.strip()
    due: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in due_text.split(","))):
        key, _, number = part.partition("=")
        if key == "eom" and not number:
            due["end_of_month"] = True
        elif key in DUE_KEYS and number:
            due[DUE_KEYS[key]] = _due_number(key, number, n)
        else:
            raise InvalidInput(
                f"line {n}: {part!r} is not a due part (days=N, months=N, eom, day=N, pay=N/M)",
                field=f"lines[{n - 1}].due",
            )
    line["due"] = due
    return line


def _due_number(key: str, text: str, n: int) -> int | list[int]:
    try:
        numbers = [int(t) for t in text.split("/")]
    except ValueError:
        raise InvalidInput(
            f"line {n}: {key}={text} is not a whole number", field=f"lines[{n - 1}].due"
        ) from None
    return numbers if key == "pay" else numbers[0]


def parse_discount(raw: str) -> dict[str, Any]:
    """``PERCENT:DAYS[:TREATMENT]`` -> the dict form of a cash discount."""
    parts = raw.split(":")
    if len(parts) not in (2, 3) or not parts[1].strip().lstrip("-").isdigit():
        raise InvalidInput(f"discount {raw!r}: expected PERCENT:DAYS[:TREATMENT]", field="discount")
    result: dict[str, Any] = {"percent": parts[0].strip(), "days": int(parts[1])}
    if len(parts) == 3:
        result["tax_treatment"] = parts[2].strip()
    return result
