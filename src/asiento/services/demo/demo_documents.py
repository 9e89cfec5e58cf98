"""Demo invoices, a bill, payments and a bank statement, so every page has something to show.

Dates are relative to the day the demo is loaded: some invoices are overdue,
one is partly paid, one is paid, one waits as a draft, and the bank statement
has a line that pays an open invoice by its number (to reconcile by hand or
automatically) and a bank fee (for a reconciliation rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from asiento.services.bank import statements
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DemoInvoice:
    partner: str
    product: str
    quantity: str
    days_ago: int
    kind: str = "customer_invoice"


POSTED = (
    DemoInvoice("Azure Interior", "DESK", "2", 70),
    DemoInvoice("Deco Addict", "CHAIR", "4", 40),
    DemoInvoice("Smith and Offspring", "CONS", "10", 12),
    DemoInvoice("Wood Corner", "CHAIR", "6", 20, "vendor_bill"),
)
DRAFT = DemoInvoice("Azure Interior", "BOOK", "5", 0)


def _create(uow: UnitOfWork, seeded: SeededCompany, doc: DemoInvoice, today: date) -> int:
    data = InvoiceInput(
        kind=doc.kind,
        partner_id=seeded.partners[doc.partner],
        invoice_date=today - timedelta(days=doc.days_ago),
        lines=(
            InvoiceLineInput(
                product_id=seeded.products[doc.product], quantity=Decimal(doc.quantity)
            ),
        ),
    )
    return invoices.create_invoice(uow, seeded.id, data).id


def load_demo_documents(uow: UnitOfWork, seeded: SeededCompany, today: date | None = None) -> None:
    today = today or date.today()
    ids = []
    for doc in POSTED:
        ids.append(_create(uow, seeded, doc, today))
        invoices.post_invoice(uow, seeded.id, ids[-1])
    _create(uow, seeded, DRAFT, today)
    azure, deco, smith, _bill = ids
    register_payment(
        uow, seeded.id, [azure], RegisterPaymentInput(today - timedelta(days=30), Decimal("300.00"))
    )
    register_payment(uow, seeded.id, [smith], RegisterPaymentInput(today - timedelta(days=2)))
    open_invoice = invoices.get_invoice(uow, seeded.id, deco)
    lines = (
        statements.ManualLine(
            today - timedelta(days=1),
            open_invoice.amount_total,
            counterparty_name="Deco Addict",
            communication=f"Payment {open_invoice.number}",
        ),
        statements.ManualLine(
            today - timedelta(days=1), Decimal("-12.50"), communication="BANK FEES"
        ),
    )
    closing = sum((line.amount for line in lines), Decimal(0))
    statements.create_statement(
        uow,
        seeded.id,
        statements.ManualStatement(
            "BNK1", today - timedelta(days=1), f"DEMO-{today:%Y%m%d}", Decimal(0), closing, lines
        ),
    )
