"""Tax report: base and tax amount per tax and per tax group for a period.

The figures of a VAT return. A tax item carries ``tax_id``; a base item is
linked to the taxes computed on it through ``journal_item_taxes``. Two grouped
aggregates (one per side) over the period's items, merged per tax.

Sign: sale taxes are shown credit-positive (collected), purchase taxes
debit-positive (deductible), so a credit note shows as a negative base.

``output_tax`` is the sum of the sale taxes' amounts, ``input_tax`` of the
purchase taxes' (a reverse-charge pair, +21 % and -21 %, nets to zero),
``net`` = output - input: payable when positive, refundable when negative.
The return's boxes are ``reports.tax_boxes``.

Invariants: each group total is the sum of its taxes' rows; net = output - input.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.reports.common import ReportFilter, company_context, item_scope, require_date
from asiento.store.tables import JournalItem, Tax
from asiento.store.tables.ledger import journal_item_taxes

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class TaxRow:
    tax_group: str
    tax: str
    usage: str
    base: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class TaxGroupTotal:
    tax_group: str
    usage: str
    base: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class TaxReport:
    company: str
    currency: str
    date_from: date
    date_to: date
    rows: tuple[TaxRow, ...]
    groups: tuple[TaxGroupTotal, ...]
    output_tax: Decimal = ZERO
    input_tax: Decimal = ZERO
    net: Decimal = ZERO
    """Payable when positive, refundable when negative."""


def _sums(session: Session, f: ReportFilter, base: bool) -> dict[int, int]:
    item = JournalItem
    if base:
        link = journal_item_taxes
        stmt = select(link.c.tax_id, func.sum(item.balance)).join(
            link, (link.c.company_id == item.company_id) & (link.c.item_id == item.id)
        )
        stmt = stmt.group_by(link.c.tax_id)
    else:
        stmt = select(item.tax_id, func.sum(item.balance)).where(item.tax_id.is_not(None))
        stmt = stmt.group_by(item.tax_id)
    return {int(t): int(s or 0) for t, s in session.execute(stmt.where(item_scope(f, dates=True)))}


def tax_report(session: Session, f: ReportFilter) -> TaxReport:
    """Base and tax per tax of the company over [date_from, date_to]."""
    ctx = company_context(session, f.company_id)
    date_to = require_date(f.date_to, "date_to")
    date_from = f.date_from or ctx.fiscal_year_start(date_to)
    f = replace(f, date_from=date_from, date_to=date_to)
    bases, amounts = _sums(session, f, base=True), _sums(session, f, base=False)
    taxes = session.execute(
        select(Tax.id, Tax.tax_group, Tax.name, Tax.usage)
        .where(Tax.company_id == f.company_id, Tax.id.in_(set(bases) | set(amounts)))
        .order_by(Tax.usage.desc(), Tax.tax_group, Tax.sequence, Tax.name)
    ).all()
    rows = []
    for tax_id, group, name, usage in taxes:
        sign = -1 if usage == "sale" else 1
        rows.append(
            TaxRow(
                group,
                name,
                usage,
                ctx.money(sign * bases.get(tax_id, 0)),
                ctx.money(sign * amounts.get(tax_id, 0)),
            )
        )
    output = sum((r.amount for r in rows if r.usage == "sale"), ZERO)
    deductible = sum((r.amount for r in rows if r.usage == "purchase"), ZERO)
    return TaxReport(
        ctx.name,
        ctx.currency,
        date_from,
        date_to,
        tuple(rows),
        _groups(rows),
        output,
        deductible,
        output - deductible,
    )


def _groups(rows: list[TaxRow]) -> tuple[TaxGroupTotal, ...]:
    keys = list(dict.fromkeys((r.usage, r.tax_group) for r in rows))
    return tuple(
        TaxGroupTotal(
            group,
            usage,
            sum((r.base for r in rows if (r.usage, r.tax_group) == (usage, group)), ZERO),
            sum((r.amount for r in rows if (r.usage, r.tax_group) == (usage, group)), ZERO),
        )
        for usage, group in keys
    )
