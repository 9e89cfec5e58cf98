"""The invoice form as typed: raw strings in, an ``InvoiceInput`` out, and back again.

The form keeps every value as the user typed it, so a refused submission
shows the page again with nothing lost. Lines are indexed fields
(``lines-0-product``, ``lines-0-taxes`` repeated ...). A line left empty is
ignored; a blank description, price or account means "the product's". A
line's taxes come from its product while ``auto`` is set (a new row the
browser has not filled in), else they are exactly the ones ticked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Final

from fastapi import Depends, Request
from starlette.datastructures import FormData

from asiento.domain.errors import InvalidInput
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_views import InvoiceView

_LINE_KEY: Final = re.compile(r"^lines-(\d+)-(\w+)$")
CUSTOMER_TYPES: Final = ("customer_invoice", "customer_credit_note")
VENDOR_TYPES: Final = ("vendor_bill", "vendor_credit_note")


@dataclass(frozen=True, slots=True)
class LineFields:
    product: str = ""
    description: str = ""
    quantity: str = "1"
    price_unit: str = ""
    discount: str = "0"
    taxes: tuple[str, ...] = ()
    account: str = ""
    auto: bool = True

    @property
    def empty(self) -> bool:
        return not (self.product or self.description.strip() or self.price_unit.strip())


@dataclass(frozen=True, slots=True)
class InvoiceFields:
    kind: str
    partner: str = ""
    invoice_date: str = ""
    currency: str = ""
    payment_term: str = ""
    ref: str = ""
    lines: tuple[LineFields, ...] = field(default_factory=lambda: (LineFields(),))

    @property
    def area(self) -> str:
        """``bills`` for vendor documents, else ``invoices`` (the URL prefix)."""
        return "bills" if self.kind in VENDOR_TYPES else "invoices"

    def with_line(self, index: int, line: LineFields) -> InvoiceFields:
        lines = list(self.lines)
        lines[index] = line
        return replace(self, lines=tuple(lines))

    def added(self) -> InvoiceFields:
        return replace(self, lines=(*self.lines, LineFields()))

    def removed(self, index: int) -> InvoiceFields:
        kept = tuple(line for n, line in enumerate(self.lines) if n != index)
        return replace(self, lines=kept or (LineFields(),))


async def _submitted(request: Request) -> FormData:
    """The request's form, read on the event loop so that the page itself can be sync
    (its database work then runs in the thread pool, off the loop)."""
    return await request.form()


Submitted = Annotated[FormData, Depends(_submitted)]


def from_form(form: FormData, default_type: str = "customer_invoice") -> InvoiceFields:
    """The fields of a submitted form (unknown keys ignored)."""
    rows: dict[int, dict[str, str | tuple[str, ...]]] = {}
    for key in form:
        match = _LINE_KEY.match(key)
        if match is None:
            continue
        n, name = int(match.group(1)), match.group(2)
        values = [v for v in form.getlist(key) if isinstance(v, str)]
        rows.setdefault(n, {})[name] = tuple(values) if name == "taxes" else (values or [""])[-1]
    return InvoiceFields(
        kind=_text(form, "kind") or default_type,
        partner=_text(form, "partner"),
        invoice_date=_text(form, "invoice_date"),
        currency=_text(form, "currency"),
        payment_term=_text(form, "payment_term"),
        ref=_text(form, "ref"),
        lines=tuple(_line(rows[n]) for n in sorted(rows)) or (LineFields(),),
    )


def _text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _line(raw: dict[str, str | tuple[str, ...]]) -> LineFields:
    def text(name: str, default: str = "") -> str:
        value = raw.get(name, default)
        return value.strip() if isinstance(value, str) else default

    taxes = raw.get("taxes", ())
    return LineFields(
        product=text("product"),
        description=text("description"),
        quantity=text("quantity", "1"),
        price_unit=text("price_unit"),
        discount=text("discount", "0"),
        taxes=taxes if isinstance(taxes, tuple) else (taxes,),
        account=text("account"),
        auto=text("auto") == "1",
    )


def from_view(view: InvoiceView) -> InvoiceFields:
    """A stored draft as form fields (for editing)."""
    lines = tuple(
        LineFields(
            product=str(line.product_id or ""),
            description=line.description,
            quantity=_plain(line.quantity),
            price_unit=_plain(line.price_unit),
            discount=_plain(line.discount),
            taxes=tuple(str(t) for t in line.tax_ids),
            account=str(line.account_id),
            auto=False,
        )
        for line in view.lines
    )
    return InvoiceFields(
        kind=view.kind,
        partner=str(view.partner_id),
        invoice_date=view.invoice_date.isoformat() if view.invoice_date else "",
        currency=view.currency,
        payment_term=str(view.payment_term_id or ""),
        ref=view.ref,
        lines=lines or (LineFields(),),
    )


def _plain(value: Decimal) -> str:
    """``2.500`` -> ``2.5``; ``10`` stays ``10``."""
    text = format(value.normalize(), "f")
    return text


def to_input(fields: InvoiceFields) -> InvoiceInput:
    """The use-case input; a value that is not a number or a date raises ``InvalidInput``."""
    lines = tuple(
        _line_input(line, f"lines[{n}]") for n, line in enumerate(fields.lines) if not line.empty
    )
    return InvoiceInput(
        kind=fields.kind,
        partner_id=_id(fields.partner, "partner_id", required=True) or 0,
        lines=lines,
        invoice_date=_date(fields.invoice_date, "invoice_date"),
        currency=fields.currency or None,
        payment_term_id=_id(fields.payment_term, "payment_term_id"),
        ref=fields.ref,
    )


def _line_input(line: LineFields, where: str) -> InvoiceLineInput:
    taxes = tuple(_id(t, f"{where}.taxes") or 0 for t in line.taxes)
    return InvoiceLineInput(
        product_id=_id(line.product, f"{where}.product_id"),
        description=line.description or None,
        quantity=_decimal(line.quantity or "1", f"{where}.quantity"),
        price_unit=_decimal(line.price_unit, f"{where}.price_unit") if line.price_unit else None,
        discount=_decimal(line.discount or "0", f"{where}.discount"),
        account_id=_id(line.account, f"{where}.account_id"),
        tax_ids=None if (line.auto and not taxes) else taxes,
    )


def _decimal(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(f"{where}: {text!r} is not a number", field=where) from None
    if not value.is_finite():
        raise InvalidInput(f"{where}: {text!r} is not a number", field=where)
    return value


def _id(text: str, where: str, *, required: bool = False) -> int | None:
    if not text:
        if required:
            raise InvalidInput(f"{where}: choose one", field=where)
        return None
    if not text.isdigit():
        raise InvalidInput(f"{where}: {text!r} is not a valid choice", field=where)
    return int(text)


def _date(text: str, where: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{where}: {text!r} is not a date (YYYY-MM-DD)", field=where) from None
