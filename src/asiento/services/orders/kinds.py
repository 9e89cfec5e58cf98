"""The purchase side as an ``OrderKind``: which tables and fields purchase orders use.

Its own module so that the purchase use cases and the 3-way matching (which
the receipts trigger) both read it without importing each other.
"""

from __future__ import annotations

from asiento.services.orders.orders import OrderKind
from asiento.store.tables import (
    InvoiceLine,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    purchase_line_taxes,
)

PURCHASE = OrderKind(
    label="purchase order",
    prefix="PO",
    order=PurchaseOrder,
    line=PurchaseOrderLine,
    line_taxes=purchase_line_taxes,
    movement=Receipt,
    movement_line=ReceiptLine,
    movement_fk="receipt_id",
    invoice_link=InvoiceLine.purchase_line_id,
    refund_type="in_refund",
    tax_usage="purchase",
    price_field="purchase_price",
    product_policy="bill_policy",
    move_type="in_invoice",
    product_account="expense_account_id",
    link_name="purchase_line_id",
    order_link="purchase_order_id",
)
