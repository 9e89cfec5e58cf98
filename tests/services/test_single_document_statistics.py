"""Single documents count towards their tables' next ANALYZE, as bulk writes do (PostgreSQL).

Why pinned: PostgreSQL plans each foreign-key check once per connection and keeps that plan
until the table's statistics change. A stream of one entry per transaction into a new
database checked every item's entry, and every item tax link its item, by scanning the
whole parent table (1.1 ms a link after 1,000 invoices, growing) until autovacuum came round
(never, where it is off): create + post on PostgreSQL went from 39.9 to 56.3 invoices/s at
10,000 invoices once the per-document writers reported their rows (``store.statistics``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from asiento.services.demo.seed import SeededCompany, seed_partners_and_products
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_posting import create_and_post_in
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryInput, LineInput, company_of
from asiento.store import statistics
from asiento.store.uow import UnitOfWork
from tests.sql_counter import counting


def _invoice(company: SeededCompany, i: int) -> InvoiceInput:
    line = InvoiceLineInput(product_id=company.products["CHAIR"], quantity=Decimal(1 + i))
    customer = company.partners["Azure Interior"]
    return InvoiceInput("customer_invoice", customer, (line,), invoice_date=date(2026, 1, 1))


WATCHED = {"journal_items", "journal_entries", "invoices"}


def _analysed(engine: Engine, write: Callable[[], object]) -> set[str]:
    """The ledger and invoice tables analysed while ``write`` runs."""
    with counting(engine) as sent:
        write()
    return {s.split()[-1] for s in sent if s.startswith("ANALYZE")} & WATCHED


def _post_invoice(uow: UnitOfWork, company: SeededCompany, i: int) -> None:
    with uow:
        create_and_post_in(uow.session, company_of(uow.session, company.id), _invoice(company, i))
        uow.commit()


def test_a_stream_of_single_invoices_analyses_the_tables_it_grows(
    engine: Engine, uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One invoice writes 3 items (receivable, income, VAT), 1 entry, 1 invoice: with a first
    threshold of 4 rows the items are analysed with the 2nd invoice, then (threshold three
    times the 6 rows seen) with the 8th; the entries and invoices with the 4th."""
    seed_partners_and_products(uow, company)
    monkeypatch.setattr(statistics, "FIRST", 4)
    seen = [_analysed(engine, lambda i=i: _post_invoice(uow, company, i)) for i in range(8)]
    if engine.dialect.name != "postgresql":
        assert seen == [set()] * 8  # SQLite plans without statistics
        return
    both = {"journal_entries", "invoices"}
    assert seen == [set(), {"journal_items"}, set(), both, set(), set(), set(), {"journal_items"}]


def _entry(i: int) -> EntryInput:
    amount = Decimal(100 + i)
    lines = (LineInput("6100", debit=amount), LineInput("1000", credit=amount))
    return EntryInput("MISC", date(2026, 1, 1), lines, ref=f"single {i}")


def test_entries_written_by_an_orm_flush_count_too(
    engine: Engine, uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``create_entry`` adds its entry to the session (a flush), then inserts its two items."""
    monkeypatch.setattr(statistics, "FIRST", 4)
    post = ledger.create_entry
    seen = [
        _analysed(engine, lambda i=i: post(uow, company.id, _entry(i), post=True)) for i in range(4)
    ]
    if engine.dialect.name != "postgresql":
        assert seen == [set()] * 4
        return
    assert seen == [set(), {"journal_items"}, set(), {"journal_entries"}]
