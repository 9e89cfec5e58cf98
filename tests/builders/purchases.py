"""Builders for purchasing and sales tests: partners, products, orders, receipts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import update

from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.services.demo.seed import SeededCompany, seed_partners_and_products
from asiento.services.orders import purchasing, sales
from asiento.services.orders.orders import MovementInput, OrderInput, OrderLineInput, OrderView
from asiento.services.orders.purchase_settings import update_settings
from asiento.store.tables import Invoice
from asiento.store.uow import UnitOfWork

D = Decimal
DAY = date(2026, 3, 2)


def stock(uow: UnitOfWork, company: SeededCompany, **settings: object) -> SeededCompany:
    """Demo partners and products (CHAIR 82.50, DESK 301.00 ...) plus purchase settings."""
    seed_partners_and_products(uow, company)
    if settings:
        update_settings(uow, company.id, SettingsChanges(**settings))
    return company


def po(
    uow: UnitOfWork,
    company: SeededCompany,
    *lines: tuple[str, str] | tuple[str, str, str],
    confirm: bool = True,
) -> OrderView:
    """A purchase order from Wood Corner: lines are (product code, quantity[, price])."""
    cmd = OrderInput(
        partner_id=company.partners["Wood Corner"],
        order_date=DAY,
        lines=tuple(
            OrderLineInput(
                company.products[line[0]],
                D(line[1]),
                D(line[2]) if len(line) > 2 else None,  # type: ignore[misc]
            )
            for line in lines
        ),
    )
    view = purchasing.create_purchase_order(uow, company.id, cmd)
    if confirm:
        view = purchasing.confirm_purchase_order(uow, company.id, view.id)
    return view


def so(
    uow: UnitOfWork,
    company: SeededCompany,
    *lines: tuple[str, str],
    wait_for_payment: bool | None = None,
) -> OrderView:
    """A draft sales order to Smith and Offspring: lines are (product code, quantity)."""
    cmd = OrderInput(
        partner_id=company.partners["Smith and Offspring"],
        order_date=DAY,
        lines=tuple(OrderLineInput(company.products[c], D(q)) for c, q in lines),
        wait_for_payment=wait_for_payment,
    )
    return sales.create_sales_order(uow, company.id, cmd)


def receive(
    uow: UnitOfWork, company: SeededCompany, order: OrderView, *qty: str, kind: str = "receipt"
) -> None:
    """Receive (or return) quantities line by line; "0" skips a line."""
    lines = tuple((line.id, D(q)) for line, q in zip(order.lines, qty, strict=False) if D(q) != 0)
    purchasing.receive(uow, company.id, order.id, MovementInput(DAY, lines, kind=kind))


def set_payment_state(uow: UnitOfWork, invoice_id: int, state: str) -> None:
    """Stand-in for a registered payment (payments live on another branch)."""
    with uow:
        uow.session.execute(
            update(Invoice).where(Invoice.id == invoice_id).values(payment_state=state)
        )
        uow.commit()
