"""All tables, imported so that ``Base.metadata`` knows them (Alembic, tests)."""

from asiento.store.tables.accounting import Account, Journal, Sequence, Tax
from asiento.store.tables.auth import ApiToken, AuditEvent, Membership, User
from asiento.store.tables.base import Base
from asiento.store.tables.company import (
    Company,
    Currency,
    CurrencyRate,
    FiscalYear,
    IdempotencyKey,
)
from asiento.store.tables.invoicing import Invoice, InvoiceLine, PaymentTerm, invoice_line_taxes
from asiento.store.tables.ledger import JournalEntry, JournalItem, journal_item_taxes
from asiento.store.tables.partners import Partner, Product, product_taxes
from asiento.store.tables.payments import FullReconcile, PartialReconcile, Payment

__all__ = [
    "Account",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Company",
    "Currency",
    "CurrencyRate",
    "FiscalYear",
    "FullReconcile",
    "IdempotencyKey",
    "Invoice",
    "InvoiceLine",
    "Journal",
    "JournalEntry",
    "JournalItem",
    "Membership",
    "PartialReconcile",
    "Partner",
    "Payment",
    "PaymentTerm",
    "Product",
    "Sequence",
    "Tax",
    "User",
    "invoice_line_taxes",
    "journal_item_taxes",
    "product_taxes",
]
