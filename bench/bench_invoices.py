"""Create and post three-line invoices through the service layer, against a raw insert.

Prints one JSON line per database (bench/common.py: per_second, ratio, peak_rss_mb, cores):
- ``invoice_create_post``: for each invoice one transaction running
  ``create_and_post_in`` (defaults from partner and products, totals computed once, then the
  schedule and the entry through ``services.posting``: checks, gapless number, hash chain).
  ``ratio`` = its throughput / the raw insert's.
- ``statements_per_invoice``: SQL statements per create + post transaction
  (BEGIN on SQLite included; ``tests/services/test_sql_statement_counts.py`` pins the post alone).
- the raw baseline (``bench/raw.py``) makes the same writes in one plain DBAPI transaction per
  invoice: the number taken (sequence row), the chain head moved, the entry, 4 items and their
  2 tax links, the audit event, the invoice, 3 lines and 3 line-tax links (until session 13 it
  left out the first two and the tax links and audit event of the entry), with the ``sqlite3``
  module, or psycopg, with no SQLAlchemy and nothing read back.

Default size 2,000 invoices (under two minutes for both databases on two cores);
``--n 10000`` (or ``BENCH_N``) for the full run. ``BENCH_DATABASES=sqlite`` limits the databases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import raw
from common import StatementCounter, databases, emit, fresh_database, load, timed
from sqlalchemy import Engine

from asiento.services.demo.seed import SeededCompany, seed_company, seed_partners_and_products
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_posting import create_and_post_in
from asiento.services.ledger.entries import company_of
from asiento.store.sequences import ensure_fiscal_year, take_numbers
from asiento.store.uow import UnitOfWork

D = Decimal
START = date(2026, 1, 1)
PRODUCTS = ("CHAIR", "DESK", "CONS")


def inputs(company: SeededCompany, n: int) -> list[InvoiceInput]:
    customers = [company.partners[c] for c in ("Smith and Offspring", "Azure Interior")]
    return [
        InvoiceInput(
            "customer_invoice",
            customers[i % 2],
            tuple(
                InvoiceLineInput(product_id=company.products[p], quantity=D(1 + (i + k) % 5))
                for k, p in enumerate(PRODUCTS)
            ),
            invoice_date=START + timedelta(days=i % 360),
        )
        for i in range(n)
    ]


def create_and_post(uow: UnitOfWork, company_id: int, data: list[InvoiceInput]) -> None:
    for one in data:
        with uow:
            create_and_post_in(uow.session, company_of(uow.session, company_id), one)
            uow.commit()


def raw_rows(
    company: SeededCompany, data: list[InvoiceInput], start: int = 1
) -> list[dict[str, Any]]:
    """Row values per invoice: header, lines, entry and items (amounts as the service posts);
    ``start``: the number of the first (a chunk of a larger run)."""
    acc, vat = company.accounts, company.taxes["VAT 21% sale"]
    prices = {"CHAIR": D("149.00"), "DESK": D("489.90"), "CONS": D("95.00")}
    out = []
    for n, one in enumerate(data, start):
        bases = [prices[p] * ln.quantity for p, ln in zip(PRODUCTS, one.lines, strict=True)]
        tax = [(b * D("0.21")).quantize(D("0.01")) for b in bases]
        untaxed, total = sum(bases), sum(bases) + sum(tax)
        cents = [int(x * 100) for x in (bases[0] + bases[1], bases[2], sum(tax), total)]
        items = list(zip((acc["4000"], acc["4100"], acc["2100"], acc["1100"]), cents, strict=True))
        out.append(
            {
                "n": n,
                "data": one,
                "bases": bases,
                "untaxed": untaxed,
                "tax": sum(tax),
                "total": total,
                "items": items,
                "vat": vat,
            }
        )
    return out


TABLES = ("journal_entries", "journal_items", "invoices", "invoice_lines")

NEXT_NUMBER = "UPDATE sequences SET next_number = next_number + 1 WHERE company_id = %s AND journal_id = %s AND fiscal_year_id = %s"  # fmt: skip
CHAIN_HEAD = "UPDATE journals SET chain_length = %s, last_hash = %s WHERE company_id = %s AND id = %s"  # fmt: skip


def chain_hash(n: int) -> str:
    """A stand-in for the n-th entry's SHA-256 (64 hex digits; computing it is the product's
    work, not the database's)."""
    return f"{n:064x}"


def raw_documents(
    company: SeededCompany,
    rows: list[dict[str, Any]],
    first: dict[str, int],
    offset: int = 0,
    *,
    fiscal_year_id: int,
) -> list[Any]:
    """Per invoice, the writes the service makes, in its order: the number taken (the
    sequence row), the journal's chain head moved, the entry and its 4 items with their 2 tax
    links, the audit event, the invoice, its 3 lines and their 3 tax links; ``offset``: how
    many invoices of the run came before these (their ids follow)."""
    cid, journal, vat = company.id, company.journals["INV"], company.taxes["VAT 21% sale"]
    docs = []
    for n, r in enumerate(rows, offset):
        entry, invoice = first["journal_entries"] + n, first["invoices"] + n
        items = _raw_items(company, r, first["journal_items"] + 4 * n, entry)
        lines = _raw_lines(company, r, first["invoice_lines"] + 3 * n, invoice)
        number, now = f"RAW/{r['n']:06d}", dt.datetime.now(dt.UTC)
        docs.append(
            [
                raw.Statement(NEXT_NUMBER, (cid, journal, fiscal_year_id)),
                raw.Statement(CHAIN_HEAD, (r["n"], chain_hash(r["n"]), cid, journal)),
                ("journal_entries", [{
                    "id": entry, "company_id": cid, "journal_id": journal,
                    "fiscal_year_id": fiscal_year_id, "number": number, "date": r["data"].invoice_date,
                    "ref": "", "narration": "", "state": "posted", "sequence_number": r["n"],
                    "origin_kind": "invoice", "origin_id": invoice, "chain_index": r["n"],
                    "prev_hash": chain_hash(r["n"] - 1), "hash": chain_hash(r["n"]),
                    "posted_at": now, "created_at": now,
                }]),
                ("journal_items", items),
                ("journal_item_taxes", [
                    {"company_id": cid, "item_id": it["id"], "tax_id": vat} for it in items[:2]
                ]),
                ("audit_events", [{
                    "company_id": cid, "actor": "local operator", "action": "entry.post",
                    "object_kind": "entry", "object_id": entry, "after": f'"{number}"', "at": now,
                }]),
                ("invoices", [{"id": invoice, **_invoice_row(company, r, entry, now)}]),
                ("invoice_lines", lines),
                ("invoice_line_taxes", [
                    {"company_id": cid, "line_id": ln["id"], "tax_id": vat} for ln in lines
                ]),
            ]
        )  # fmt: skip
    return docs


def _raw_items(
    company: SeededCompany, r: dict[str, Any], first_id: int, entry: int
) -> list[dict[str, Any]]:
    """The entry's 4 items as posted: two revenue bases, the tax (its ``tax_id``), and the
    receivable (its due date)."""
    day, vat = r["data"].invoice_date, company.taxes["VAT 21% sale"]
    return [
        {
            "id": first_id + k,
            "company_id": company.id,
            "entry_id": entry,
            "sequence": k,
            "journal_id": company.journals["INV"],
            "date": day,
            "parent_state": "posted",
            "account_id": a,
            "partner_id": r["data"].partner_id,
            "label": "",
            "debit": c if k == 3 else 0,
            "credit": 0 if k == 3 else c,
            "balance": c if k == 3 else -c,
            "currency": "EUR",
            "amount_currency": c if k == 3 else -c,
            "tax_id": vat if k == 2 else None,
            "due_date": day if k == 3 else None,
            "amount_residual": c if k == 3 else 0,
            "amount_residual_currency": c if k == 3 else 0,
            "reconciled": False,
        }
        for k, (a, c) in enumerate(r["items"])
    ]


def _raw_lines(
    company: SeededCompany, r: dict[str, Any], first_id: int, invoice: int
) -> list[dict[str, Any]]:
    return [
        {
            "id": first_id + k,
            "company_id": company.id,
            "invoice_id": invoice,
            "sequence": k,
            "product_id": ln.product_id,
            "description": p,
            "quantity": ln.quantity,
            "price_unit": b / ln.quantity,
            "discount": D(0),
            "account_id": company.accounts["4000"],
            "price_subtotal": int(b * 100),
        }
        for k, (p, ln, b) in enumerate(zip(PRODUCTS, r["data"].lines, r["bases"], strict=True))
    ]


RAW_CHUNK = 500
"""Invoices whose raw rows are built at a time: all 10,000 at once made the baseline the peak
of the run's memory (198 MB against the service loop's 111 MB)."""


def raw_insert(engine: Engine, company: SeededCompany, data: list[InvoiceInput]) -> float:
    """Seconds for one plain DBAPI transaction per invoice with the same rows (the true limit).

    The rows are built a chunk at a time, outside the timing; only the inserts are timed."""
    first = raw.next_ids(engine, TABLES)
    year = numbering_ready(engine, company, data[0].invoice_date or START)

    def chunks() -> Iterator[list[Any]]:
        for k in range(0, len(data), RAW_CHUNK):
            rows = raw_rows(company, data[k : k + RAW_CHUNK], start=k + 1)
            yield raw_documents(company, rows, first, offset=k, fiscal_year_id=year)

    seconds = raw.insert_per_document_timed(engine, chunks())
    raw.resync_sequences(engine, TABLES)
    return seconds


def numbering_ready(engine: Engine, company: SeededCompany, day: date) -> int:
    """The fiscal year of ``day`` and the invoice journal's sequence row in it, created as the
    product creates them (untimed), so that the baseline's ``UPDATE`` finds its row; the
    year's id."""
    uow = UnitOfWork.from_engine(engine)
    with uow:
        year = ensure_fiscal_year(uow.session, company_of(uow.session, company.id), day)
        take_numbers(uow.session, company.id, company.journals["INV"], year.id, 0)
        uow.commit()
        return int(year.id)


def _invoice_row(
    company: SeededCompany, r: dict[str, Any], entry_id: int, now: dt.datetime
) -> dict[str, Any]:
    cents = {k: int(r[k] * 100) for k in ("untaxed", "tax", "total")}
    return {
        "company_id": company.id,
        "kind": "customer_invoice",
        "state": "posted",
        "payment_state": "not_paid",
        "partner_id": r["data"].partner_id,
        "journal_id": company.journals["INV"],
        "number": f"RAW/{r['n']:06d}",
        "invoice_date": r["data"].invoice_date,
        "due_date": r["data"].invoice_date,
        "currency": "EUR",
        "rate": D(1),
        "partner_account_id": company.accounts["1100"],
        "invoice_address": "GB",
        "ref": "",
        "narration": "",
        "entry_id": entry_id,
        "amount_untaxed": cents["untaxed"],
        "amount_tax": cents["tax"],
        "amount_total": cents["total"],
        "amount_untaxed_company": cents["untaxed"],
        "amount_tax_company": cents["tax"],
        "amount_total_company": cents["total"],
        "amount_residual": cents["total"],
        "structured_reference": f"RF00RAW{r['n']:06d}",
        "is_sent": False,
        "posted_at": now,
        "created_at": now,
        "updated_at": now,
        "should_be_paid_reason": "",
        "should_be_paid_manual": False,
    }


def run(kind: str, n: int) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        seed_partners_and_products(uow, company)
        data = inputs(company, n)
        raw_seconds = raw_insert(engine, company, data)
        with StatementCounter(engine) as sql:
            seconds, _ = timed(lambda: create_and_post(uow, company.id, data))
        emit(
            f"invoice_create_post[{kind}]",
            n,
            seconds,
            raw_seconds,
            lines_per_invoice=3,
            raw_per_second=round(n / raw_seconds, 1),
            statements_per_invoice=round(sql.count / n, 1),
            load=load(),
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "2000")))
    args = parser.parse_args()
    for kind in databases():
        run(kind, args.n)
