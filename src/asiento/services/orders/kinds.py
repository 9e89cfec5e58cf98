"""The two sides of ordering as ``OrderKind``s: which tables and fields each uses.

One module for both, so the buying and selling sides are read side by side, and so
that the use cases and the 3-way matching (which receipts trigger) read them without
importing each other.
"""

from __future__ import annotations

from asiento.services.orders.orders import OrderKind
from asiento.store.tables import (
    Delivery,
    DeliveryLine,
    InvoiceLine,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    SaleOrder,
    SaleOrderLine,
    purchase_line_taxes,
    sale_line_taxes,
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
    credit_note_kind="vendor_credit_note",
    tax_usage="purchase",
    price_field="purchase_price",
    product_policy="bill_policy",
    invoice_kind="vendor_bill",
    product_account="expense_account_id",
    link_name="purchase_line_id",
    order_link="purchase_order_id",
)

SALES = OrderKind(
    label="sales order",
    prefix="SO",
    order=SaleOrder,
    line=SaleOrderLine,
    line_taxes=sale_line_taxes,
    movement=Delivery,
    movement_line=DeliveryLine,
    movement_fk="delivery_id",
    invoice_link=InvoiceLine.sale_line_id,
    credit_note_kind="customer_credit_note",
    tax_usage="sale",
    price_field="sale_price",
    product_policy="invoice_policy",
    invoice_kind="customer_invoice",
    product_account="income_account_id",
    link_name="sale_line_id",
    order_link="sale_order_id",
)
