"""Bringing a company's books in and out: partners, products, chart, opening balances.

Use cases: ``runner.import_book`` (preview or all-or-nothing import of a CSV or
XLSX file) and ``runner.export_book`` (the same layout out). One module per
kind reads its rows (``partner_rows``, ``product_rows``, ``account_rows``,
``opening_rows``); the layouts and cell rules are in ``domain.book_imports``
and ``domain.opening_balances``.
"""
