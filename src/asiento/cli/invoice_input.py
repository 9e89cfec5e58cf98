"""Invoice input from the command line: ``--line`` options or a JSON/YAML file.

``--line PRODUCT:QTY[:PRICE]``: ``CHAIR:3`` is three office chairs at the
product's price, ``CONS:7.5:90.00`` seven and a half consulting hours at 90.00.
PRODUCT is a product code (or an id when it is all digits).

A file has the API's fields (``partner``, ``kind``, ``invoice_date``,
``lines`` with ``product``/``description``/``quantity``/``price_unit``/
``discount``/``account``/``taxes``...). Options given on the command line win
over the file's header fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from asiento.cli.entry_input import load_file
from asiento.domain.errors import InvalidInput
from asiento.wire.invoices import InvoiceIn

LINE_SYNTAX = "PRODUCT:QTY[:PRICE]"


def parse_line(raw: str, n: int) -> dict[str, Any]:
    """One ``--line`` as a line of the API body."""
    parts = raw.split(":")
    if len(parts) not in (2, 3) or not parts[0]:
        message = f"--line {raw!r}: expected {LINE_SYNTAX}, e.g. CHAIR:3 or CONS:7.5:90.00"
        raise InvalidInput(message, field=f"lines[{n}]")
    product: int | str = int(parts[0]) if parts[0].isdigit() else parts[0]
    line: dict[str, Any] = {"product": product, "quantity": parts[1]}
    if len(parts) == 3 and parts[2]:
        line["price_unit"] = parts[2]
    return line


def invoice_body(file: Path | None, lines: list[str], header: dict[str, Any]) -> InvoiceIn:
    """The request from a file and/or options, validated like the API's body."""
    data: dict[str, Any] = load_file(file) if file is not None else {}
    data |= {k: v for k, v in header.items() if v is not None}
    if lines:
        data["lines"] = [parse_line(raw, n) for n, raw in enumerate(lines)]
    data.setdefault("lines", [])
    data["lines"] = [_integers_as_text(line) for line in data["lines"]]
    try:
        return InvoiceIn.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"{where}: {first['msg']}", field=where) from None


AMOUNT_FIELDS = ("quantity", "price_unit", "discount")


def _integers_as_text(line: Any) -> Any:
    """YAML/JSON integers in amount fields as decimal text (floats are already text)."""
    if not isinstance(line, dict):
        return line
    return {k: str(v) if k in AMOUNT_FIELDS and type(v) is int else v for k, v in line.items()}
