"""Ledger invariants the harness checks after the races: the books agree with the documents.

Each check is one SQL query that lists offenders (empty when the invariant
holds), so a failure names the rows at fault. They read the database directly
and hold for any sequence of operations, whatever raced.
"""

from __future__ import annotations

from tests.concurrency.conftest import Live

DOCUMENTS = {"invoice": "invoices", "payment": "payments", "statement_line": "statement_lines"}

UNBALANCED_ENTRIES = """
SELECT e.id, sum(i.debit), sum(i.credit) FROM journal_entries e
JOIN journal_items i ON i.entry_id = e.id
WHERE e.state = 'posted' GROUP BY e.id HAVING sum(i.debit) <> sum(i.credit)
"""

TRIAL_BALANCE = """
SELECT coalesce(sum(debit), 0) - coalesce(sum(credit), 0) FROM journal_items
WHERE parent_state = 'posted'
"""

# a posted entry made by a document is that document's entry, or has been reversed
ORPHAN_ENTRIES = """
SELECT e.id, e.origin_kind, e.origin_id FROM journal_entries e
LEFT JOIN {table} d ON d.id = e.origin_id
WHERE e.state = 'posted' AND e.origin_kind = '{kind}' AND e.reversal_of_id IS NULL
  AND (d.id IS NULL OR d.entry_id IS NULL OR d.entry_id <> e.id)
  AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reversal_of_id = e.id)
"""

# a document's entry is a posted entry made by that very document
DOCUMENTS_WITHOUT_ENTRY = """
SELECT d.id FROM {table} d LEFT JOIN journal_entries e ON e.id = d.entry_id
WHERE d.entry_id IS NOT NULL
  AND (e.id IS NULL OR e.state <> 'posted' OR e.origin_kind <> '{kind}' OR e.origin_id <> d.id)
"""

# the receivable/payable items of an invoice's entry carry its stored total, signed
INVOICE_TOTALS = """
SELECT v.id, v.amount_total, sum(i.amount_currency) FROM invoices v
JOIN journal_items i ON i.entry_id = v.entry_id AND i.account_id = v.partner_account_id
WHERE v.state IN ('posted', 'cancelled')
GROUP BY v.id, v.amount_total, v.kind
HAVING sum(i.amount_currency) <> CASE WHEN v.kind IN ('customer_invoice', 'vendor_credit_note')
  THEN v.amount_total ELSE -v.amount_total END
"""

# a posted invoice's stored residual is what its items still have open; a cancelled one has 0
INVOICE_RESIDUALS = """
SELECT v.id, v.state, v.amount_residual, sum(i.amount_residual_currency) FROM invoices v
JOIN journal_items i ON i.entry_id = v.entry_id AND i.account_id = v.partner_account_id
WHERE v.state IN ('posted', 'cancelled')
GROUP BY v.id, v.state, v.amount_residual
HAVING (v.state = 'posted' AND v.amount_residual <> abs(sum(i.amount_residual_currency)))
    OR (v.state = 'cancelled' AND v.amount_residual <> 0)
"""

PAYMENT_TOTALS = """
SELECT p.id, p.amount, sum(i.debit) FROM payments p JOIN journal_items i ON i.entry_id = p.entry_id
WHERE p.entry_id IS NOT NULL GROUP BY p.id, p.amount HAVING sum(i.debit) <> p.amount
"""

# residual = balance - matched as debit + matched as credit, on every reconcilable item
ITEM_RESIDUALS = """
SELECT i.id, i.balance, i.amount_residual,
  coalesce((SELECT sum(p.amount) FROM partial_reconciliations p WHERE p.debit_item_id = i.id), 0),
  coalesce((SELECT sum(p.amount) FROM partial_reconciliations p WHERE p.credit_item_id = i.id), 0)
FROM journal_items i JOIN accounts a ON a.id = i.account_id
WHERE a.reconcilable AND i.parent_state = 'posted'
  AND i.amount_residual <> i.balance
    - coalesce((SELECT sum(p.amount) FROM partial_reconciliations p WHERE p.debit_item_id = i.id), 0)
    + coalesce((SELECT sum(p.amount) FROM partial_reconciliations p WHERE p.credit_item_id = i.id), 0)
"""


def offenders(live: Live) -> dict[str, list[tuple[object, ...]]]:
    """Every invariant that does not hold, with the rows at fault."""
    found: dict[str, list[tuple[object, ...]]] = {}

    def check(name: str, query: str) -> None:
        rows = [tuple(r) for r in live.sql(query)]
        if rows:
            found[name] = rows[:5]

    check("unbalanced entries", UNBALANCED_ENTRIES)
    for kind, table in DOCUMENTS.items():
        check(
            f"posted {kind} entries without their {kind}",
            ORPHAN_ENTRIES.format(table=table, kind=kind),
        )
        check(
            f"{table} whose entry is not theirs",
            DOCUMENTS_WITHOUT_ENTRY.format(table=table, kind=kind),
        )
    check("invoice totals unlike their entries", INVOICE_TOTALS)
    check("invoice residuals unlike their items", INVOICE_RESIDUALS)
    check("payment amounts unlike their entries", PAYMENT_TOTALS)
    check("item residuals unlike their reconciliations", ITEM_RESIDUALS)
    total = live.sql(TRIAL_BALANCE)[0][0]
    if total != 0:
        found["trial balance"] = [(total,)]
    return found


def check_all(live: Live) -> None:
    problems = offenders(live)
    assert problems == {}, problems
