"""All tables, imported so that ``Base.metadata`` knows them (Alembic, tests)."""

from asiento.store.tables.accounting import (
    Account,
    AccountingSettings,
    Journal,
    Sequence,
    Tax,
    TaxReportBox,
    TaxReportLine,
)
from asiento.store.tables.auth import ApiToken, AuditEvent, Membership, User, WebSession
from asiento.store.tables.bank_accounts import BankAccount
from asiento.store.tables.base import Base
from asiento.store.tables.bill_imports import BillImport
from asiento.store.tables.company import (
    Company,
    Currency,
    CurrencyRate,
    FiscalYear,
    IdempotencyKey,
)
from asiento.store.tables.followups import (
    FollowupDispute,
    FollowupHistory,
    FollowupHold,
    FollowupLevel,
)
from asiento.store.tables.invoicing import Invoice, InvoiceLine, PaymentTerm, invoice_line_taxes
from asiento.store.tables.ledger import JournalEntry, JournalItem, journal_item_taxes
from asiento.store.tables.partners import Partner, PartnerContact, Product, product_taxes
from asiento.store.tables.payments import FullReconciliation, PartialReconciliation, Payment
from asiento.store.tables.purchasing import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseSettings,
    Receipt,
    ReceiptLine,
    ShouldBePaidChange,
    purchase_line_taxes,
)
from asiento.store.tables.recurring import (
    RecurringInvoice,
    RecurringInvoiceLine,
    RecurringOccurrence,
)
from asiento.store.tables.sales import (
    Delivery,
    DeliveryLine,
    SaleOrder,
    SaleOrderLine,
    sale_line_taxes,
)
from asiento.store.tables.statements import (
    BankStatement,
    CsvProfileRow,
    ReconciliationRule,
    StatementLine,
)

__all__ = [
    "Account",
    "AccountingSettings",
    "ApiToken",
    "AuditEvent",
    "BankAccount",
    "BankStatement",
    "Base",
    "BillImport",
    "Company",
    "CsvProfileRow",
    "Currency",
    "CurrencyRate",
    "Delivery",
    "DeliveryLine",
    "FiscalYear",
    "FollowupDispute",
    "FollowupHistory",
    "FollowupHold",
    "FollowupLevel",
    "FullReconciliation",
    "IdempotencyKey",
    "Invoice",
    "InvoiceLine",
    "Journal",
    "JournalEntry",
    "JournalItem",
    "Membership",
    "PartialReconciliation",
    "Partner",
    "PartnerContact",
    "Payment",
    "PaymentTerm",
    "Product",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseSettings",
    "Receipt",
    "ReceiptLine",
    "ReconciliationRule",
    "RecurringInvoice",
    "RecurringInvoiceLine",
    "RecurringOccurrence",
    "SaleOrder",
    "SaleOrderLine",
    "Sequence",
    "ShouldBePaidChange",
    "StatementLine",
    "Tax",
    "TaxReportBox",
    "TaxReportLine",
    "User",
    "WebSession",
    "invoice_line_taxes",
    "journal_item_taxes",
    "product_taxes",
    "purchase_line_taxes",
    "sale_line_taxes",
]
