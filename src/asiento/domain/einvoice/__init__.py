"""Electronic invoices (EN 16931): one neutral model every syntax is written from and read into.

The model names the standard's business terms (BT-n, BG-n) so that the CII and UBL writers, the
readers, and the checks of a received document all speak of the same thing. It holds no SQL and no
XML: building it from an invoice is a use case (``services``), turning it into bytes is a writer.
"""

from asiento.domain.einvoice.model import (
    VAT_CATEGORIES,
    Address,
    AllowanceCharge,
    DocumentTotals,
    EInvoice,
    EInvoiceKind,
    InvoiceLine,
    Party,
    PaymentInstructions,
    PrecedingInvoice,
    VatBreakdown,
)

__all__ = [
    "VAT_CATEGORIES",
    "Address",
    "AllowanceCharge",
    "DocumentTotals",
    "EInvoice",
    "EInvoiceKind",
    "InvoiceLine",
    "Party",
    "PaymentInstructions",
    "PrecedingInvoice",
    "VatBreakdown",
]
