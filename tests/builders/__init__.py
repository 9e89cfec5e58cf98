"""Test builders: small functions that put a company's data in place through the services.

``ledger`` (partners, simple entries, row counts), ``invoices`` (catalogue, invoice
inputs, posted invoices), ``purchases`` (stocked products, orders, receipts) and
``recon`` (raw invoice/payment entries for reconciliation tests).
"""
