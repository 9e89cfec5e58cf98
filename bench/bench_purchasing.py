"""Purchase flow through the services: order, confirm, receive, bill, against a raw insert.

Prints one JSON line per database (bench/common.py: per_second, ratio, peak_rss_mb, cores):
- ``purchase_order_to_bill``: per order of three lines, four transactions:
  create, confirm, receive everything, create the draft bill (bill control,
  billed quantities from invoice lines, invoice defaults and totals, 3-way
  verdict and its history row). ``ratio`` = its throughput / the raw insert's.
- the raw baseline inserts one order and its three lines and one receipt with
  its three lines per order with ``executemany`` in one transaction.

Default size 200 orders (well under two minutes on two cores); ``--n 2000``
(or ``BENCH_N``) for the full run; ``BENCH_DATABASES=sqlite`` limits the databases.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from decimal import Decimal

from common import databases, emit, fresh_database, timed
from sqlalchemy import Engine, insert

from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.services.demo.seed import SeededCompany, seed_company, seed_partners_and_products
from asiento.services.orders import purchasing
from asiento.services.orders.orders import MovementInput, OrderInput, OrderLineInput
from asiento.services.orders.purchase_bills import create_bill
from asiento.services.orders.purchase_settings import update_settings
from asiento.store.tables import PurchaseOrder, PurchaseOrderLine, Receipt, ReceiptLine
from asiento.store.uow import UnitOfWork

D = Decimal
DAY = date(2026, 3, 2)
PRODUCTS = ("CHAIR", "DESK", "BOOK")


def order_input(company: SeededCompany, i: int) -> OrderInput:
    lines = tuple(
        OrderLineInput(company.products[p], D(1 + (i + k) % 7)) for k, p in enumerate(PRODUCTS)
    )
    return OrderInput(company.partners["Wood Corner"], DAY, lines)


def service_flow(uow: UnitOfWork, company: SeededCompany, n: int) -> None:
    for i in range(n):
        order = purchasing.create_purchase_order(uow, company.id, order_input(company, i))
        purchasing.confirm_purchase_order(uow, company.id, order.id)
        moves = tuple((line.id, line.quantity) for line in order.lines)
        purchasing.receive(uow, company.id, order.id, MovementInput(DAY, moves))
        create_bill(uow, company.id, order.id, DAY)


def raw_insert(engine: Engine, company: SeededCompany, n: int, offset: int) -> None:
    cid, partner = company.id, company.partners["Wood Corner"]
    with engine.begin() as conn:
        for i in range(n):
            order_id = conn.execute(
                insert(PurchaseOrder).returning(PurchaseOrder.id),
                {"company_id": cid, "name": f"RAW{offset + i:06d}", "state": "confirmed",
                 "partner_id": partner, "order_date": DAY, "currency": "EUR", "ref": ""},
            ).scalar_one()  # fmt: skip
            line_ids = conn.execute(
                insert(PurchaseOrderLine).returning(PurchaseOrderLine.id),
                [{"company_id": cid, "order_id": order_id, "sequence": k + 1,
                  "product_id": company.products[p], "description": p, "quantity": D(2),
                  "price_unit": D("10.00")} for k, p in enumerate(PRODUCTS)],
            ).scalars().all()  # fmt: skip
            receipt_id = conn.execute(
                insert(Receipt).returning(Receipt.id),
                {"company_id": cid, "order_id": order_id, "kind": "receipt", "date": DAY,
                 "note": ""},
            ).scalar_one()  # fmt: skip
            conn.execute(
                insert(ReceiptLine),
                [{"company_id": cid, "receipt_id": receipt_id, "order_line_id": line_id,
                  "quantity": D(2)} for line_id in line_ids],
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "200")))
    n = parser.parse_args().n
    for kind in databases():
        with fresh_database(kind) as engine:
            run_one(engine, kind, n)


def run_one(engine: Engine, kind: str, n: int) -> None:
    uow = UnitOfWork.from_engine(engine)
    company = seed_company(uow, "Bench SL", "EUR")
    seed_partners_and_products(uow, company)
    update_settings(
        uow, company.id, SettingsChanges(bill_policy="received", three_way_matching=True)
    )
    base, _ = timed(lambda: raw_insert(engine, company, n, 0))
    seconds, _ = timed(lambda: service_flow(uow, company, n))
    emit("purchase_order_to_bill", n, seconds, base, database=kind)


if __name__ == "__main__":
    main()
