"""The lock of each document kind: the first read of every state change.

A service that changes a document's state (post, cancel, validate, reconcile,
receive, ...) or checks a cap against it (credit notes against an invoice,
payments against its residual, received against ordered) loads the document
through the function of its kind here, inside the transaction that writes the
effects. The row stays locked until that transaction ends, so the state check
that follows sees the state the previous winner committed: of N concurrent
callers exactly one passes it and the others get the 409 of the check.
See ``docs/design/concurrency.md`` for the rule per document.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from asiento.store.locks import lock_scoped
from asiento.store.tables import (
    BankStatement,
    Invoice,
    JournalEntry,
    Payment,
    PurchaseOrder,
    SaleOrder,
    StatementLine,
)

Order = TypeVar("Order", PurchaseOrder, SaleOrder)


def lock_invoice(session: Session, company_id: int, invoice_id: int) -> Invoice:
    """An invoice, vendor bill or credit note, locked (also the cap of its credit notes
    and payments: they lock their origin invoice)."""
    return lock_scoped(session, Invoice, company_id, invoice_id, "invoice")


def lock_payment(session: Session, company_id: int, payment_id: int) -> Payment:
    return lock_scoped(session, Payment, company_id, payment_id, "payment")


def lock_entry(session: Session, company_id: int, entry_id: int) -> JournalEntry:
    return lock_scoped(session, JournalEntry, company_id, entry_id, "entry")


def lock_statement(session: Session, company_id: int, statement_id: int) -> BankStatement:
    return lock_scoped(session, BankStatement, company_id, statement_id, "statement")


def lock_statement_line(session: Session, company_id: int, line_id: int) -> StatementLine:
    return lock_scoped(session, StatementLine, company_id, line_id, "statement line")


def lock_order(
    session: Session, model: type[Order], company_id: int, order_id: int, label: str
) -> Order:
    """A purchase or sales order, locked (also the cap of its receipts, deliveries and bills)."""
    return lock_scoped(session, model, company_id, order_id, label)
