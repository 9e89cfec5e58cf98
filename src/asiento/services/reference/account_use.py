"""What refers to an account, read for ``domain.chart.check_account_change``.

The rule lives in the domain; this module only gathers its facts in the transaction
that changes the account (whose row is locked by then), so the facts hold at commit.
"""

from __future__ import annotations

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from asiento.domain.account_settings import COMPANY_ACCOUNT_SETTINGS, JOURNAL_ACCOUNT_SETTINGS
from asiento.domain.chart import AccountUse
from asiento.store.tables import AccountingSettings, Company, Journal, JournalItem, Product, Tax
from asiento.store.types import from_minor


def account_use(session: Session, company_id: int, account_id: int) -> AccountUse:
    """Items, posted balance (company currency) and the settings naming the account."""
    has_items = bool(session.scalar(select(exists().where(JournalItem.account_id == account_id))))
    currency = session.get_one(Company, company_id).currency
    balance_minor = session.scalar(
        select(func.coalesce(func.sum(JournalItem.debit - JournalItem.credit), 0)).where(
            JournalItem.company_id == company_id,
            JournalItem.account_id == account_id,
            JournalItem.parent_state == "posted",
        )
    )
    return AccountUse(
        has_items=has_items,
        balance=from_minor(int(balance_minor or 0), currency),
        currency=currency,
        settings=_settings_naming(session, company_id, account_id),
    )


def _settings_naming(session: Session, company_id: int, account_id: int) -> tuple[str, ...]:
    names: list[str] = []
    settings = session.scalar(
        select(AccountingSettings).where(AccountingSettings.company_id == company_id)
    )
    if settings is not None:
        names += [
            f"the company's {name.replace('_', ' ')}"
            for name in COMPANY_ACCOUNT_SETTINGS
            if getattr(settings, f"{name}_id") == account_id
        ]
    journal_cols = [getattr(Journal, f"{n}_id") == account_id for n in JOURNAL_ACCOUNT_SETTINGS]
    names += [
        f"journal {code}"
        for code in session.scalars(
            select(Journal.code)
            .where(Journal.company_id == company_id, Journal.active.is_(True))
            .where(or_(*journal_cols))
            .order_by(Journal.code)
        )
    ]
    names += [
        f"tax {name}"
        for name in session.scalars(
            select(Tax.name)
            .where(Tax.company_id == company_id, Tax.active.is_(True))
            .where(or_(Tax.tax_account_id == account_id, Tax.base_account_id == account_id))
            .order_by(Tax.name)
        )
    ]
    names += [
        f"product {code}"
        for code in session.scalars(
            select(Product.code)
            .where(Product.company_id == company_id, Product.active.is_(True))
            .where(
                or_(
                    Product.income_account_id == account_id,
                    Product.expense_account_id == account_id,
                )
            )
            .order_by(Product.code)
            .limit(5)
        )
    ]
    return tuple(names)
