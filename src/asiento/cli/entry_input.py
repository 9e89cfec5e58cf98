"""Turn ``--line`` options or an entry file into an ``EntryInput``.

Line syntax (compact, shell-friendly, colon-separated)::

    ACCOUNT_CODE:DEBIT:CREDIT[:PARTNER_ID[:LABEL]]

Leave the unused side empty: ``6000:100.00:`` debits 100.00 on 6000,
``1000::100.00`` credits it, ``1100:121.00::7:Invoice 12`` debits 121.00 on
1100 for partner 7 with a label (the label may itself contain colons).

An entry file (``.json``, ``.yaml``/``.yml``) has the API's fields: ``journal``,
``date``, ``ref``, ``narration`` and ``lines``, each line with ``account``
(a code, always read as text) or ``account_id``, ``debit``, ``credit``,
``partner_id``, ``label``, ``currency``, ``amount_currency``, ``due_date``.
Amounts are read as exact Decimals: JSON and YAML floats never become floats.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from asiento.domain.errors import InvalidInput
from asiento.domain.money import to_decimal
from asiento.services.ledger.entries import EntryInput, LineInput

LINE_SYNTAX = "ACCOUNT:DEBIT:CREDIT[:PARTNER_ID[:LABEL]]"
ENTRY_FIELDS = {"journal", "date", "ref", "narration", "lines"}
LINE_FIELDS = {"account", "account_id", "debit", "credit", "partner_id", "label"} | {
    "currency",
    "amount_currency",
    "due_date",
}


def parse_line(raw: str, n: int) -> LineInput:
    """One ``--line`` value; ``n`` is the 1-based position named in errors."""
    parts = raw.split(":", 4)
    if len(parts) < 3 or not parts[0].strip():
        raise InvalidInput(f"line {n}: expected {LINE_SYNTAX}, got {raw!r}", field="lines")
    account, debit, credit = (p.strip() for p in parts[:3])
    partner = parts[3].strip() if len(parts) > 3 else ""
    return LineInput(
        account=account,
        debit=_amount(debit, f"line {n} debit"),
        credit=_amount(credit, f"line {n} credit"),
        partner_id=_int(partner, f"line {n} partner id") if partner else None,
        label=parts[4] if len(parts) > 4 else "",
    )


def _amount(value: object, field: str) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    return to_decimal(value, field=field)


def _int(value: object, field: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise InvalidInput(f"{field}: {value!r} is not an id", field=field)


def _date(value: object, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{field}: {value!r} is not a date (YYYY-MM-DD)", field=field) from None


class _DecimalLoader(yaml.SafeLoader):
    """YAML loader that keeps floats as their text, for ``to_decimal`` to read exactly."""


def _float_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _float_as_text)


def load_file(path: Path) -> dict[str, Any]:
    """The mapping in a JSON or YAML entry file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", field="file") from None
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.load(text, Loader=_DecimalLoader)
        else:
            data = json.loads(text, parse_float=Decimal)
    except (ValueError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInput(f"{path.name} is not valid: {first}", field="file") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path.name} must hold one entry (a mapping)", field="file")
    return data


def file_line(data: object, n: int) -> LineInput:
    """One line of an entry file, checked field by field."""
    if not isinstance(data, dict):
        raise InvalidInput(f"line {n}: must be a mapping", field="lines")
    _no_unknown(data, LINE_FIELDS, f"line {n}")
    if "account_id" in data:
        account: int | str = _int(data["account_id"], f"line {n} account_id")
    else:
        account = str(data.get("account") or "")
    if account == "":
        raise InvalidInput(f"line {n}: account is required", field="lines")
    return LineInput(
        account=account,
        debit=_amount(data.get("debit"), f"line {n} debit"),
        credit=_amount(data.get("credit"), f"line {n} credit"),
        partner_id=_opt(data.get("partner_id"), lambda v: _int(v, f"line {n} partner_id")),
        label=str(data.get("label") or ""),
        currency=data.get("currency"),
        amount_currency=_opt(
            data.get("amount_currency"), lambda v: to_decimal(v, field=f"line {n} amount_currency")
        ),
        due_date=_opt(data.get("due_date"), lambda v: _date(v, f"line {n} due_date")),
    )


def _opt(value: Any, convert: Any) -> Any:
    return None if value is None or value == "" else convert(value)


def _no_unknown(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInput(f"{where}: unknown field {unknown[0]!r}", field=unknown[0])


def build_entry(data: dict[str, Any], lines: list[LineInput]) -> EntryInput:
    """The entry from merged header fields; journal and date are required."""
    _no_unknown(data, ENTRY_FIELDS, "entry")
    for required in ("journal", "date"):
        if not data.get(required):
            raise InvalidInput(
                f"{required} is required (--{required} or in --file)", field=required
            )
    return EntryInput(
        journal=str(data["journal"]),
        date=_date(data["date"], "date"),
        ref=str(data.get("ref") or ""),
        narration=str(data.get("narration") or ""),
        lines=tuple(lines),
    )


def entry_from_options(
    file: Path | None, lines: list[str], header: dict[str, str | None]
) -> EntryInput:
    """``--file`` and/or ``--line`` plus header options (which override the file's)."""
    if file is not None and lines:
        raise InvalidInput("give the lines with --line or in --file, not both", field="lines")
    data = load_file(file) if file is not None else {}
    raw = data.pop("lines", None) or []
    if file is not None and not isinstance(raw, list):
        raise InvalidInput("lines must be a list", field="lines")
    parsed = (
        [file_line(item, n) for n, item in enumerate(raw, 1)]
        if file is not None
        else [parse_line(item, n) for n, item in enumerate(lines, 1)]
    )
    data.update({k: v for k, v in header.items() if v is not None})
    return build_entry(data, parsed)


def parse_day(value: str | None, field: str) -> date | None:
    """An optional ``YYYY-MM-DD`` option; a bad one is a one-line input error."""
    return None if value is None else _date(value, field)
