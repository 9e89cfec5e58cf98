"""What every report shares: the filter, the company context and SQL predicates.

Reports read journal items alone: each item repeats its entry's ``date``,
``journal_id`` and ``parent_state`` (see ``store/tables/ledger.py``), so every
figure is one aggregate over ``journal_items`` on an index that starts with
``company_id``. No report loops in Python over the items of a period; Python
only touches per-account or per-partner aggregates, or streams rows out.

Invariants: every query is scoped to ``ReportFilter.company_id``; only posted
items count unless ``include_draft`` is set; money leaves a report as a
Decimal of the company currency (``from_minor``), never as a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from asiento.domain.currency import exponent
from asiento.domain.errors import InvalidInput, NotFound
from asiento.domain.numbering import fiscal_year_of
from asiento.store.tables import Account, Company, JournalEntry, JournalItem
from asiento.store.tenancy import bind_company

RECEIVABLE_KINDS = ("receivable",)
PAYABLE_KINDS = ("payable",)
INCOME_KINDS = ("income", "other_income")
EXPENSE_KINDS = ("cost_of_revenue", "expense", "depreciation")
PROFIT_AND_LOSS_KINDS = INCOME_KINDS + EXPENSE_KINDS
ASSET_KINDS = (
    "bank",
    "cash",
    "receivable",
    "current_asset",
    "prepayment",
    "fixed_asset",
    "non_current_asset",
)
LIABILITY_KINDS = ("payable", "current_liability", "non_current_liability")
EQUITY_KINDS = ("equity",)


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """Which items a report reads.

    ``date_from``/``date_to`` bound a period (a balance report uses
    ``date_to`` as its as-of date); ``account_from``/``account_to`` are an
    inclusive range of account codes (compared as text, as printed charts sort).
    """

    company_id: int
    date_from: date | None = None
    date_to: date | None = None
    journal_id: int | None = None
    partner_id: int | None = None
    account_from: str | None = None
    account_to: str | None = None
    include_draft: bool = False

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidInput("date_from must not be after date_to", field="date_from")
        if self.account_from and self.account_to and self.account_from > self.account_to:
            raise InvalidInput("account_from must not be after account_to", field="account_from")


@dataclass(frozen=True, slots=True)
class CompanyContext:
    """The company facts reports need: currency (for ``from_minor``) and fiscal year start."""

    id: int
    name: str
    currency: str
    fy_month: int
    fy_day: int

    def money(self, minor: int | None) -> Decimal:
        """``from_minor`` without its quantize: ``scaleb`` already yields the exponent."""
        return Decimal(int(minor or 0)).scaleb(-self.exponent)

    @property
    def exponent(self) -> int:
        return exponent(self.currency)

    def fiscal_year_start(self, day: date) -> date:
        return fiscal_year_of(day, self.fy_month, self.fy_day).start


def company_context(session: Session, company_id: int) -> CompanyContext:
    bind_company(session, company_id)
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound("company", company_id)
    return CompanyContext(
        company.id,
        company.name,
        company.currency,
        company.fiscal_year_start_month,
        company.fiscal_year_start_day,
    )


def item_scope(f: ReportFilter, *, dates: bool = False) -> ColumnElement[bool]:
    """Company, state, journal and partner predicates (and the period when ``dates``)."""
    parts: list[ColumnElement[bool]] = [JournalItem.company_id == f.company_id]
    if not f.include_draft:
        parts.append(JournalItem.parent_state == "posted")
    if f.journal_id is not None:
        parts.append(JournalItem.journal_id == f.journal_id)
    if f.partner_id is not None:
        parts.append(JournalItem.partner_id == f.partner_id)
    if dates and f.date_from is not None:
        parts.append(JournalItem.date >= f.date_from)
    if dates and f.date_to is not None:
        parts.append(JournalItem.date <= f.date_to)
    return and_(*parts)


def account_scope(f: ReportFilter, kinds: tuple[str, ...] | None = None) -> ColumnElement[bool]:
    """Accounts of the company in the code range (and of ``kinds`` when given)."""
    parts: list[ColumnElement[bool]] = [Account.company_id == f.company_id]
    if f.account_from:
        parts.append(Account.code >= f.account_from)
    if f.account_to:
        parts.append(Account.code <= f.account_to)
    if kinds is not None:
        parts.append(Account.kind.in_(kinds))
    return and_(*parts)


def require_date(value: date | None, name: str) -> date:
    if value is None:
        raise InvalidInput(f"{name} is required", field=name)
    return value


def chart(
    session: Session, f: ReportFilter, kinds: tuple[str, ...] | None
) -> dict[int, tuple[str, str, str]]:
    """{account id: (code, name, kind)} of the accounts in the filter's code range (and ``kinds``).

    A chart has hundreds of accounts, not millions: reports resolve accounts
    here and filter items on ``account_id IN (...)`` instead of joining.
    """
    stmt = select(Account.id, Account.code, Account.name, Account.kind).where(
        account_scope(f, kinds)
    )
    return {a: (code, name, kind) for a, code, name, kind in session.execute(stmt)}


CLOSING_ORIGIN = "year_closing"
"""``origin_kind`` of fiscal year closing entries and their reversals."""


def closing_entry_ids(session: Session, company_id: int) -> list[int]:
    """The company's closing entries and their reversals (a few per year, read once).

    The P&L leaves them out (a closed year still shows what it earned); the
    balance sheet keeps them (they carry the result to retained earnings).
    """
    stmt = select(JournalEntry.id).where(
        JournalEntry.company_id == company_id, JournalEntry.origin_kind == CLOSING_ORIGIN
    )
    return list(session.scalars(stmt))
