"""The dashboard's four questions, each one SQL aggregate or one short list.

What waits for someone: drafts to approve, overdue receivables by age,
bank lines to reconcile, and vendor bills to pay (Should Be Paid = Yes).
Figures come from the same tables and report code as everything else, so
the dashboard never disagrees with the invoice list or the aged balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from asiento.domain.access import Permission
from asiento.reports.aged import aged_receivable
from asiento.reports.common import ReportFilter
from asiento.services.access import principal as access
from asiento.services.invoicing.invoice_views import InvoiceSummary, summaries
from asiento.services.ledger.entries import company_of
from asiento.services.orders.should_be_paid import BillView, list_bills
from asiento.store.tables import Invoice, StatementLine
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork

LIST_SIZE = 8


@dataclass(frozen=True, slots=True)
class Dashboard:
    currency: str
    drafts: list[InvoiceSummary]
    draft_count: int
    overdue_labels: tuple[str, ...]
    overdue_buckets: tuple[Decimal, ...]
    overdue_total: Decimal
    open_lines: int
    open_lines_amount: Decimal
    bills_to_pay: list[BillView]


def dashboard(uow: UnitOfWork, company_id: int, today: date | None = None) -> Dashboard:
    """Everything the dashboard shows, as of ``today``."""
    access.require(Permission.READ, company_id)
    today = today or date.today()
    bills = list_bills(uow, company_id, to_pay=True, limit=LIST_SIZE).bills
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        drafts_q = select(Invoice).where(Invoice.company_id == company_id, Invoice.state == "draft")
        drafts = s.scalars(drafts_q.order_by(Invoice.id.desc()).limit(LIST_SIZE)).all()
        draft_count = s.scalar(select(func.count()).select_from(drafts_q.subquery())) or 0
        aged = aged_receivable(s, ReportFilter(company_id, date_to=today))
        lines = s.execute(
            select(
                func.count(StatementLine.id), func.coalesce(func.sum(StatementLine.amount), 0)
            ).where(StatementLine.company_id == company_id, StatementLine.state == "open")
        ).one()
        return Dashboard(
            currency=company.currency,
            drafts=summaries(s, company, drafts),
            draft_count=int(draft_count),
            overdue_labels=aged.bucket_labels[1:],
            overdue_buckets=aged.total.buckets[1:],
            overdue_total=sum(aged.total.buckets[1:], Decimal(0)),
            open_lines=int(lines[0]),
            open_lines_amount=from_minor(int(lines[1]), company.currency),
            bills_to_pay=bills,
        )
