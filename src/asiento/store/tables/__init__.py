"""All tables, imported so that ``Base.metadata`` knows them (Alembic, tests)."""

from asiento.store.tables.accounting import Account, Journal, Sequence, Tax
from asiento.store.tables.base import Base
from asiento.store.tables.company import (
    Company,
    Currency,
    CurrencyRate,
    FiscalYear,
    IdempotencyKey,
)
from asiento.store.tables.ledger import JournalEntry, JournalItem, journal_item_taxes
from asiento.store.tables.partners import Partner, Product, product_taxes

__all__ = [
    "Account",
    "Base",
    "Company",
    "Currency",
    "CurrencyRate",
    "FiscalYear",
    "IdempotencyKey",
    "Journal",
    "JournalEntry",
    "JournalItem",
    "Partner",
    "Product",
    "Sequence",
    "Tax",
    "journal_item_taxes",
    "product_taxes",
]
