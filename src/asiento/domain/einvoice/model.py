"""The EN 16931 semantic model of an invoice or credit note, as plain immutable values.

Invariants the writers rely on and the readers establish:
- amounts are ``Decimal`` in the document currency (BT-5), exactly as written or computed, never
  floats; rates are percentages (``Decimal("21")`` for 21 %);
- a credit note (``kind == "credit_note"``) carries positive amounts, as UBL CreditNote and CII
  type 381 do: the sign is in the kind, not in the figures;
- ``vat_breakdown`` has one row per (category, rate) pair (BG-23), and ``totals`` are the
  document's own figures (BG-22); a reader keeps what the file says even when it does not add up,
  so that the difference can be shown, never silently corrected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

EInvoiceKind = Literal["invoice", "credit_note"]

# UNCL5305 VAT category codes used by EN 16931 (BT-95, BT-102, BT-118, BT-151), with their meaning.
VAT_CATEGORIES: dict[str, str] = {
    "S": "standard rate",
    "Z": "zero rated goods",
    "E": "exempt from tax",
    "AE": "VAT reverse charge",
    "K": "intra-community supply, VAT exempt",
    "G": "free export item, VAT not charged",
    "O": "services outside scope of tax",
    "L": "Canary Islands general indirect tax",
    "M": "tax for production, services and importation in Ceuta and Melilla",
}


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address (BG-5 seller, BG-8 buyer); ``country_code`` is ISO 3166-1 alpha-2."""

    country_code: str
    lines: tuple[str, ...] = ()
    city: str | None = None
    postal_code: str | None = None
    subdivision: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """Seller (BG-4) or buyer (BG-7).

    ``vat_id`` is BT-31/BT-48 with its country prefix; ``legal_id`` is BT-30/BT-47 (company
    registration); ``endpoint`` is the electronic address BT-34/BT-49 with its EAS scheme
    (``endpoint_scheme``, e.g. ``"0088"`` GLN, ``"9930"`` German VAT, ``"EM"`` e-mail).
    """

    name: str
    address: Address
    trade_name: str | None = None
    vat_id: str | None = None
    tax_registration_id: str | None = None
    legal_id: str | None = None
    legal_id_scheme: str | None = None
    endpoint: str | None = None
    endpoint_scheme: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True, slots=True)
class AllowanceCharge:
    """A line (BG-27/28) or document (BG-20/21) allowance or charge.

    Document-level ones carry their own VAT category and rate (BT-95/96, BT-102/103); on a line
    they are taxed with the line and ``vat_category``/``vat_rate`` stay ``None``.
    """

    is_charge: bool
    amount: Decimal
    reason: str | None = None
    reason_code: str | None = None
    base_amount: Decimal | None = None
    percent: Decimal | None = None
    vat_category: str | None = None
    vat_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One invoice line (BG-25).

    ``net_amount`` (BT-131) = quantity × net price / base quantity − allowances + charges, as the
    document states it. ``unit_code`` is UN/ECE Recommendation 20 (``"C62"`` one, ``"HUR"`` hour).
    """

    line_id: str
    name: str
    quantity: Decimal
    unit_code: str
    net_price: Decimal
    net_amount: Decimal
    vat_category: str
    vat_rate: Decimal | None
    price_base_quantity: Decimal | None = None
    gross_price: Decimal | None = None
    description: str | None = None
    note: str | None = None
    seller_item_id: str | None = None
    buyer_item_id: str | None = None
    standard_item_id: str | None = None
    standard_item_scheme: str | None = None
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    period_start: dt.date | None = None
    period_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class VatBreakdown:
    """One row of the VAT breakdown (BG-23): per category and rate.

    An exempt, reverse-charge or intra-community row states why (BT-120 text and/or BT-121 code
    from the VATEX list).
    """

    category: str
    rate: Decimal | None
    taxable_amount: Decimal
    tax_amount: Decimal
    exemption_reason: str | None = None
    exemption_reason_code: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentTotals:
    """Document totals (BG-22): BT-106 … BT-115."""

    line_total: Decimal
    tax_exclusive: Decimal
    tax_total: Decimal
    tax_inclusive: Decimal
    payable: Decimal
    allowance_total: Decimal = Decimal(0)
    charge_total: Decimal = Decimal(0)
    prepaid: Decimal = Decimal(0)
    rounding: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class PaymentInstructions:
    """How to pay (BG-16): means code (UNCL4461: 58 SEPA transfer, 30 credit transfer, 59 SEPA
    direct debit), the structured reference (BT-83) and the payee's account (BG-17)."""

    means_code: str
    remittance_information: str | None = None
    iban: str | None = None
    account_name: str | None = None
    bic: str | None = None
    means_text: str | None = None


@dataclass(frozen=True, slots=True)
class PrecedingInvoice:
    """A preceding invoice reference (BG-3), as a credit note names the invoice it corrects."""

    number: str
    issue_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class EInvoice:
    """An invoice or credit note as EN 16931 sees it.

    ``type_code`` is UNTDID 1001 (380 invoice, 381 credit note, 384 corrected invoice, 389
    self-billed). ``specification_id`` is BT-24 (the customisation the file claims to follow).
    ``delivery_address`` is the deliver-to address (BG-15), which an intra-community supply
    must state (at least its country, BT-80).
    """

    kind: EInvoiceKind
    number: str
    issue_date: dt.date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[InvoiceLine, ...]
    vat_breakdown: tuple[VatBreakdown, ...]
    totals: DocumentTotals
    type_code: str = "380"
    specification_id: str | None = None
    business_process: str | None = None
    due_date: dt.date | None = None
    tax_point_date: dt.date | None = None
    delivery_date: dt.date | None = None
    delivery_address: Address | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    buyer_reference: str | None = None
    order_reference: str | None = None
    contract_reference: str | None = None
    payment_terms: str | None = None
    notes: tuple[str, ...] = ()
    preceding_invoices: tuple[PrecedingInvoice, ...] = ()
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    payment: PaymentInstructions | None = None
    tax_currency: str | None = None
    tax_total_in_tax_currency: Decimal | None = None
