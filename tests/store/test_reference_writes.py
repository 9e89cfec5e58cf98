"""Which statements mark a transaction as having changed reference data."""

from __future__ import annotations

import pytest

from asiento.store.reference_writes import changes_reference


@pytest.mark.parametrize(("statement", "changes"), [
    ("UPDATE taxes SET amount=? WHERE taxes.id = ?", True),
    ('INSERT INTO product_taxes (product_id, tax_id) VALUES (?, ?)', True),
    ("DELETE FROM accounts WHERE accounts.id = ?", True),
    ("INSERT INTO currencies (code) VALUES (%(code)s)", True),
    ("UPDATE payment_terms SET note=? WHERE payment_terms.id = ?", True),
    ("UPDATE journals SET name=?, chain_length=? WHERE journals.id = ?", True),
    ("UPDATE journals SET chain_length=?, last_hash=? WHERE journals.id = ?", False),
    ("SELECT taxes.id FROM taxes", False),
    ("INSERT INTO journal_item_taxes (item_id, tax_id) VALUES (?, ?)", False),
    ("UPDATE bank_accounts SET iban=? WHERE bank_accounts.id = ?", True),
    ("INSERT INTO invoices (journal_id) VALUES (?)", False),
    ("INSERT INTO invoice_line_taxes (line_id, tax_id) SELECT l.id, taxes.id FROM invoice_lines "
     "AS l JOIN taxes ON taxes.company_id = l.company_id", False),
    ('DELETE FROM "taxes" WHERE id = ?', True),
])  # fmt: skip
def test_a_write_naming_a_reference_table_marks_the_transaction(
    statement: str, changes: bool
) -> None:
    assert changes_reference(statement) is changes
