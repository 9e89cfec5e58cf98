"""The raw baselines of ``bench/`` write what the product writes (issue 23: "the true raw
limit for the same rows"). A baseline that leaves out a write the product makes is faster
than the limit and flatters nothing but itself; one that writes more hides the product's cost.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from asiento.services.demo.seed import seed_company, seed_partners_and_products
from asiento.store.tables import Base, Journal
from asiento.store.uow import UnitOfWork

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bench_invoices import START, create_and_post, inputs, numbering_ready, raw_insert


def _rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: int(conn.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
        }


def _moved(engine: Engine, journal_id: int) -> tuple[int, int]:
    """The invoice journal's sequence counter and chain length."""
    with engine.connect() as conn:
        number = conn.scalar(
            text("SELECT next_number FROM sequences WHERE journal_id = :j"), {"j": journal_id}
        )
        chain = conn.scalar(select(Journal.chain_length).where(Journal.id == journal_id))
        return int(number or 0), int(chain or 0)


def _grown(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {t: after[t] - before[t] for t in before if after[t] != before[t]}


def test_raw_invoice_documents_write_the_rows_create_and_post_writes(engine: Engine) -> None:
    uow = UnitOfWork.from_engine(engine)
    company = seed_company(uow, "Bench", "EUR")
    seed_partners_and_products(uow, company)
    data = inputs(company, 6)
    journal = company.journals["INV"]
    numbering_ready(engine, company, START)  # the year and its counter, as a first posting makes

    start = _rows(engine)
    raw_insert(engine, company, data[:3])
    raw_rows, raw_moved = _rows(engine), _moved(engine, journal)
    create_and_post(uow, company.id, data[3:])
    product_moved = _moved(engine, journal)

    assert _grown(start, raw_rows) == _grown(raw_rows, _rows(engine))
    assert _grown(start, raw_rows) == {
        "journal_entries": 3, "journal_items": 12, "journal_item_taxes": 6, "audit_events": 3,
        "invoices": 3, "invoice_lines": 9, "invoice_line_taxes": 9,
    }  # fmt: skip
    assert raw_moved == (4, 3)  # three numbers taken, three links of the chain
    assert product_moved == (7, 6)
