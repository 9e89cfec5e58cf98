"""What purchase and sales orders share: lines, life cycle, movements, billed quantities.

An ``OrderKind`` names the tables of one side (purchase: receipts and bills;
sales: deliveries and invoices); every function here works for both, so the
bill control of a purchase order and the invoice control of a sales order are
one code path. In-session helpers take a ``Session``; the callers in
``purchasing`` and ``sales`` own the transaction.

Invariants:
    - every order line has a product, a positive quantity and a non-negative price;
    - the moved (received / delivered) quantity of a line is the sum of its
      signed movement lines; the billed quantity is read from invoice lines
      (cancelled documents excluded, credit notes subtracted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from asiento.domain import purchasing as rules
from asiento.domain.errors import InvalidInput, InvalidTransition, NoInvoiceLines
from asiento.services.ledger.entries import company_of
from asiento.services.orders.order_totals import store_totals
from asiento.services.orders.purchase_settings import Settings, settings_in
from asiento.store.document_locks import lock_order
from asiento.store.locks import for_update
from asiento.store.query import get_scoped
from asiento.store.tables import Company, Invoice, InvoiceLine, Partner, Product, Tax
from asiento.store.tables import product_taxes as product_taxes_table
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class OrderKind:
    """The tables and words of one side of the business (purchase or sales)."""

    label: str  # "purchase order"
    prefix: str  # "PO"
    order: Any
    line: Any
    line_taxes: Any
    movement: Any
    movement_line: Any
    movement_fk: str  # movement_line column naming its movement
    invoice_link: Any  # InvoiceLine.purchase_line_id / sale_line_id
    credit_note_kind: str  # "vendor_credit_note" / "customer_credit_note"
    tax_usage: str  # "purchase" / "sale"
    price_field: str  # product column of the default unit price
    product_policy: str  # product column overriding the company policy
    invoice_kind: str  # document created from the order: "vendor_bill" / "customer_invoice"
    product_account: str  # "expense_account_id" / "income_account_id"
    link_name: str  # InvoiceLine column pointing at the order line
    order_link: str  # Invoice column pointing at the order

    def policy(self, settings: Settings, product: Product) -> str:
        override = getattr(product, self.product_policy)
        if override:
            return str(override)
        return settings.bill_policy if self.prefix == "PO" else settings.invoice_policy


@dataclass(frozen=True, slots=True)
class OrderLineInput:
    """One ordered product; price and taxes default to the product's."""

    product_id: int
    quantity: Decimal
    price_unit: Decimal | None = None
    description: str = ""
    tax_ids: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class OrderInput:
    partner_id: int
    order_date: dt.date
    lines: tuple[OrderLineInput, ...]
    ref: str = ""
    currency: str | None = None
    wait_for_payment: bool | None = None  # sales only; None: the company setting


@dataclass(frozen=True, slots=True)
class OrderLineView:
    id: int
    sequence: int
    product_id: int
    description: str
    quantity: Decimal
    price_unit: Decimal
    tax_ids: tuple[int, ...]
    policy: str
    moved: Decimal
    billed: Decimal
    to_bill: Decimal
    billing_status: str


@dataclass(frozen=True, slots=True)
class OrderView:
    id: int
    name: str
    state: str
    partner_id: int
    order_date: dt.date
    currency: str
    ref: str
    amount_untaxed: Decimal
    amount_total: Decimal
    billing_status: str
    billing_status_label: str
    invoice_ids: tuple[int, ...]
    lines: tuple[OrderLineView, ...]
    wait_for_payment: bool = False


def _check_line(n: int, line: OrderLineInput) -> None:
    where = f"lines[{n}]"
    rules.require_positive(line.quantity, f"{where}.quantity")
    if line.price_unit is not None and (not line.price_unit.is_finite() or line.price_unit < 0):
        raise InvalidInput(
            f"{where}.price_unit: unit price cannot be negative, got {line.price_unit}",
            field=f"{where}.price_unit",
        )


def _default_taxes(session: Session, kind: OrderKind, product: Product) -> list[int]:
    stmt = (
        select(Tax.id)
        .join(
            product_taxes_table,
            (product_taxes_table.c.company_id == Tax.company_id)
            & (product_taxes_table.c.tax_id == Tax.id),
        )
        .where(
            product_taxes_table.c.company_id == product.company_id,
            product_taxes_table.c.product_id == product.id,
            Tax.usage == kind.tax_usage,
        )
        .order_by(Tax.id)
    )
    return list(session.scalars(stmt))


def _next_name(session: Session, kind: OrderKind, company_id: int) -> str:
    """The next order name; the company row is locked so that two creations never share one."""
    session.execute(for_update(session, select(Company.id).where(Company.id == company_id)))
    count = session.scalar(
        select(func.count()).select_from(kind.order).where(kind.order.company_id == company_id)
    )
    return f"{kind.prefix}{int(count or 0) + 1:05d}"


def create_order_in(session: Session, kind: OrderKind, company_id: int, cmd: OrderInput) -> Any:
    """Insert a draft order and its lines; refuses bad lines before writing anything."""
    if not cmd.lines:
        raise NoInvoiceLines(f"a {kind.label} needs at least one line", field="lines")
    for n, line in enumerate(cmd.lines):
        _check_line(n, line)
    company = company_of(session, company_id)
    get_scoped(session, Partner, company_id, cmd.partner_id, "partner")
    products = [
        get_scoped(session, Product, company_id, line.product_id, "product") for line in cmd.lines
    ]
    for n, line in enumerate(cmd.lines):
        for tax_id in line.tax_ids or ():
            tax = get_scoped(session, Tax, company_id, tax_id, "tax")
            if tax.usage != kind.tax_usage:
                raise InvalidInput(
                    f"lines[{n}].tax_ids: tax {tax.name} is a {tax.usage} tax",
                    field=f"lines[{n}].tax_ids",
                )
    order = kind.order(
        company_id=company_id,
        name=_next_name(session, kind, company_id),
        partner_id=cmd.partner_id,
        order_date=cmd.order_date,
        currency=cmd.currency or company.currency,
        ref=cmd.ref,
    )
    session.add(order)
    session.flush()
    priced = [
        _add_line(session, kind, order, n, line, product)
        for n, (line, product) in enumerate(zip(cmd.lines, products, strict=True))
    ]
    store_totals(session, company, kind.invoice_kind, order, priced)
    session.flush()
    return order


def _add_line(
    session: Session, kind: OrderKind, order: Any, n: int, line: OrderLineInput, product: Product
) -> tuple[Decimal, Decimal, list[int]]:
    """Insert one line with its taxes; return what its amounts depend on."""
    price = line.price_unit if line.price_unit is not None else getattr(product, kind.price_field)
    row = kind.line(
        company_id=order.company_id,
        order_id=order.id,
        sequence=n + 1,
        product_id=product.id,
        description=line.description or product.name,
        quantity=line.quantity,
        price_unit=price,
    )
    session.add(row)
    session.flush()
    taxes = (
        list(line.tax_ids) if line.tax_ids is not None else _default_taxes(session, kind, product)
    )
    if taxes:
        links = [{"company_id": order.company_id, "line_id": row.id, "tax_id": t} for t in taxes]
        session.execute(kind.line_taxes.insert(), links)
    return line.quantity, price, taxes


def order_lines(session: Session, kind: OrderKind, order_id: int) -> list[Any]:
    stmt = select(kind.line).where(kind.line.order_id == order_id).order_by(kind.line.sequence)
    return list(session.scalars(stmt))


def moved_quantities(
    session: Session, kind: OrderKind, company_id: int, line_ids: Sequence[int]
) -> dict[int, Decimal]:
    """Received (or delivered) quantity per order line, net of returns."""
    mline = kind.movement_line
    rows = session.execute(
        select(mline.order_line_id, mline.quantity).where(
            mline.company_id == company_id, mline.order_line_id.in_(line_ids)
        )
    )
    out = {line_id: Decimal(0) for line_id in line_ids}
    for line_id, quantity in rows:
        out[line_id] += quantity
    return out


def billed_quantities(
    session: Session,
    kind: OrderKind,
    company_id: int,
    line_ids: Sequence[int],
    exclude_invoice: int | None = None,
) -> dict[int, Decimal]:
    """Quantity billed per order line on non-cancelled documents, credit notes subtracted.

    Names its company, so on a cluster distributed by company it reads one shard.
    """
    sign = case((Invoice.kind == kind.credit_note_kind, -1), else_=1)
    stmt = (
        select(kind.invoice_link, InvoiceLine.quantity, sign)
        .join(
            Invoice,
            (Invoice.company_id == InvoiceLine.company_id) & (Invoice.id == InvoiceLine.invoice_id),
        )
        .where(
            InvoiceLine.company_id == company_id,
            kind.invoice_link.in_(line_ids),
            Invoice.state != "cancelled",
        )
    )
    if exclude_invoice is not None:
        stmt = stmt.where(Invoice.id != exclude_invoice)
    out = {line_id: Decimal(0) for line_id in line_ids}
    for line_id, quantity, factor in session.execute(stmt):
        out[line_id] += quantity * factor
    return out


def line_taxes(
    session: Session, kind: OrderKind, company_id: int, line_ids: Sequence[int]
) -> dict[int, tuple[int, ...]]:
    table = kind.line_taxes
    out: dict[int, list[int]] = {line_id: [] for line_id in line_ids}
    rows = session.execute(
        select(table.c.line_id, table.c.tax_id)
        .where(table.c.company_id == company_id, table.c.line_id.in_(line_ids))
        .order_by(table.c.line_id, table.c.tax_id)
    )
    for line_id, tax_id in rows:
        out[line_id].append(tax_id)
    return {k: tuple(v) for k, v in out.items()}


def line_billing(
    session: Session, kind: OrderKind, order: Any, lines: Sequence[Any]
) -> list[tuple[Any, rules.LineBilling]]:
    """Each line with the quantities and policy the bill control works on."""
    settings = settings_in(session, order.company_id)
    ids = [line.id for line in lines]
    moved = moved_quantities(session, kind, order.company_id, ids)
    billed = billed_quantities(session, kind, order.company_id, ids)
    out = []
    for line in lines:
        product = session.get(Product, line.product_id)
        policy = kind.policy(settings, product) if product is not None else "ordered"
        out.append(
            (line, rules.LineBilling(line.quantity, moved[line.id], billed[line.id], policy))
        )
    return out


def order_invoice_ids(session: Session, kind: OrderKind, order: Any) -> tuple[int, ...]:
    column = getattr(Invoice, kind.order_link)
    stmt = (
        select(Invoice.id)
        .where(Invoice.company_id == order.company_id, column == order.id)
        .order_by(Invoice.id)
    )
    return tuple(session.scalars(stmt))


def order_view(session: Session, kind: OrderKind, order: Any) -> OrderView:
    """The order with per-line quantities and the one billing status of the table."""
    lines = order_lines(session, kind, order.id)
    billing = line_billing(session, kind, order, lines)
    taxes = line_taxes(session, kind, order.company_id, [line.id for line in lines])
    views = tuple(
        OrderLineView(
            line.id,
            line.sequence,
            line.product_id,
            line.description,
            line.quantity,
            line.price_unit,
            taxes[line.id],
            b.policy,
            b.moved,
            b.billed,
            b.to_bill,
            b.status,
        )
        for line, b in billing
    )
    status = rules.order_status(order.state, [b for _, b in billing])
    return OrderView(
        order.id,
        order.name,
        order.state,
        order.partner_id,
        order.order_date,
        order.currency,
        order.ref,
        from_minor(order.amount_untaxed, order.currency),
        from_minor(order.amount_total, order.currency),
        status,
        rules.STATUS_LABELS[status],
        order_invoice_ids(session, kind, order),
        views,
        bool(getattr(order, "wait_for_payment", False)),
    )


def transition(
    session: Session, kind: OrderKind, company_id: int, order_id: int, target: str
) -> Any:
    """Move an order along draft -> confirmed -> done | cancelled (409 otherwise)."""
    order = lock_order(session, kind.order, company_id, order_id, kind.label)
    rules.require_order_transition(f"{kind.label} {order.name}", order.state, target)
    if target == "cancelled" and order.state == "confirmed":
        _require_untouched(session, kind, order)
    order.state = target
    if target == "confirmed":
        order.confirmed_at = dt.datetime.now(dt.UTC)
    session.flush()
    return order


def _require_untouched(session: Session, kind: OrderKind, order: Any) -> None:
    """A confirmed order may be cancelled only while nothing moved and nothing was billed."""
    lines = order_lines(session, kind, order.id)
    for line, b in line_billing(session, kind, order, lines):
        if b.moved != 0 or b.billed != 0:
            raise InvalidTransition(
                f"{kind.label} {order.name} cannot be cancelled: line {line.sequence} "
                f"has {b.moved} moved and {b.billed} billed",
                field="state",
            )


@dataclass(frozen=True, slots=True)
class MovementInput:
    """Quantities arriving (receipt / delivery) or sent back (``return``), per order line id."""

    date: dt.date
    lines: tuple[tuple[int, Decimal], ...]
    kind: str = "receipt"
    note: str = ""


@dataclass(frozen=True, slots=True)
class MovementView:
    id: int
    order_id: int
    order_name: str
    kind: str
    date: dt.date
    lines: tuple[tuple[int, Decimal], ...]


def record_movement(
    session: Session,
    kind: OrderKind,
    company_id: int,
    order_id: int,
    cmd: MovementInput,
    forward: str,
    verb: str,
) -> MovementView:
    """Check every line, then insert the movement with signed quantities.

    ``forward`` is the movement kind that adds ("receipt" / "delivery"), the
    other accepted kind is "return". Over-receipt beyond the tolerance and
    returns above what moved are refused with the line named.
    """
    if cmd.kind not in (forward, "return"):
        raise InvalidInput(f"kind must be {forward!r} or 'return', got {cmd.kind!r}", field="kind")
    order = lock_order(session, kind.order, company_id, order_id, kind.label)
    rules.require_open(kind.label, order.name, order.state, verb)
    if not cmd.lines:
        raise InvalidInput("at least one line is needed", field="lines")
    lines = {line.id: line for line in order_lines(session, kind, order.id)}
    moved = moved_quantities(session, kind, company_id, list(lines))
    tolerance = settings_in(session, company_id).receipt_tolerance_pct
    signed: list[tuple[int, Decimal]] = []
    for n, (line_id, quantity) in enumerate(cmd.lines):
        line = lines.get(line_id)
        if line is None:
            raise InvalidInput(
                f"lines[{n}]: line {line_id} is not on {kind.label} {order.name}",
                field=f"lines[{n}].line_id",
            )
        rules.require_positive(quantity, f"lines[{n}].quantity")
        label = f"line {line.sequence} ({line.description})"
        if cmd.kind == "return":
            rules.check_return(label, moved[line_id], quantity, verb)
            moved[line_id] -= quantity
            signed.append((line_id, -quantity))
        else:
            rules.check_receipt(label, line.quantity, moved[line_id], quantity, tolerance)
            moved[line_id] += quantity
            signed.append((line_id, quantity))
    movement = kind.movement(
        company_id=company_id, order_id=order.id, kind=cmd.kind, date=cmd.date, note=cmd.note
    )
    session.add(movement)
    session.flush()
    for line_id, quantity in signed:
        session.add(
            kind.movement_line(
                company_id=company_id,
                order_line_id=line_id,
                quantity=quantity,
                **{kind.movement_fk: movement.id},
            )
        )
    session.flush()
    return MovementView(movement.id, order.id, order.name, cmd.kind, cmd.date, tuple(signed))


def list_movements(
    uow: UnitOfWork, kind: OrderKind, company_id: int, order_id: int | None
) -> list[MovementView]:
    """Receipts (or deliveries) and returns of the company, oldest first."""
    with uow:
        s = uow.session
        stmt = (
            select(kind.movement, kind.order.name)
            .join(kind.order, kind.order.id == kind.movement.order_id)
            .where(kind.movement.company_id == company_id)
        )
        if order_id is not None:
            stmt = stmt.where(kind.movement.order_id == order_id)
        out = []
        for movement, name in s.execute(stmt.order_by(kind.movement.id)):
            mline = kind.movement_line
            rows = s.execute(
                select(mline.order_line_id, mline.quantity)
                .where(getattr(mline, kind.movement_fk) == movement.id)
                .order_by(mline.id)
            )
            lines = tuple((int(a), b) for a, b in rows)
            out.append(
                MovementView(
                    movement.id, movement.order_id, name, movement.kind, movement.date, lines
                )
            )
        return out
