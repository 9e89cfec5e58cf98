"""Read-only reports computed from journal items: SQL aggregates, never documents.

Modules: ``common`` (filter, company context), ``balances`` (trial balance),
``ledgers`` (general ledger, partner ledger, journal), ``aged`` (aged
receivable/payable), ``statements`` (profit and loss, balance sheet), ``tax``
(tax report) and ``export`` (CSV, XLSX, PDF).
"""
