"""Payments and the reconciliation of receivable and payable items.

Owns payment documents, registering a payment from invoices, manual and
automatic reconciliation, payment states, cash discounts and exchange
differences the reconciliation books by itself.
"""
