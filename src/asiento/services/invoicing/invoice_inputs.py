"""Commands of the invoice use cases: what a caller asks for, before defaults.

``None`` on a line means "take it from the product" (description, unit price,
account, taxes); on the invoice it means "take it from the partner, the
company or the journal" (payment term, currency, journal). Every field stays
editable on a draft: ``update_invoice`` replaces the lines with new inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class InvoiceLineInput:
    """One line as asked for; ``None`` takes the product's default."""

    product_id: int | None = None
    description: str | None = None
    quantity: Decimal = Decimal(1)
    price_unit: Decimal | None = None
    discount: Decimal = Decimal(0)
    account_id: int | None = None
    tax_ids: tuple[int, ...] | None = None
    origin_line_id: int | None = None
    """On a credit note: the invoice line it credits (set by ``create_credit_note``)."""


@dataclass(frozen=True, slots=True)
class InvoiceInput:
    """A customer invoice / credit note or vendor bill / credit note (``kind``)."""

    kind: str
    partner_id: int
    lines: tuple[InvoiceLineInput, ...]
    invoice_date: date | None = None
    currency: str | None = None
    journal_id: int | None = None
    payment_term_id: int | None = None
    manual_due_date: date | None = None
    ref: str = ""
    narration: str = ""
    payment_reference: str | None = None


@dataclass(frozen=True, slots=True)
class CreditLineInput:
    """Credit ``quantity`` of the origin invoice's line ``line_id`` (``None``: what is left)."""

    line_id: int
    quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CreditNoteInput:
    """A credit note of a posted invoice: selected lines, or every line when empty.

    ``date`` is the credit note's invoice date (``None``: today at posting).
    """

    lines: tuple[CreditLineInput, ...] = ()
    reason: str = ""
    date: date | None = None


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    """List filters; ``overdue`` keeps posted invoices due before ``today`` with a residual."""

    kind: str | None = None
    state: str | None = None
    payment_state: str | None = None
    partner_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    today: date | None = None
    kinds: tuple[str, ...] = ()
    """Any of these types (a list of invoices shows their credit notes too)."""
    ids: tuple[int, ...] | None = None
    """Only these invoices (what a search box found); ``None``: no such restriction."""


__all__ = [
    "CreditLineInput",
    "CreditNoteInput",
    "InvoiceFilter",
    "InvoiceInput",
    "InvoiceLineInput",
]
