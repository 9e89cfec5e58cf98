"""Importing exchange rates from a CSV file, all or nothing.

Each row is checked by the parser (``importers.rates_csv``), then against the
company: the currency must be enabled and not the company's own, and no rate may
exist for that currency on that day. Any problem refuses the whole file with every
problem by row; otherwise every rate is written in one transaction.

Invariants:
    - the database is unchanged when the import is refused;
    - the enabled currencies named by the file are read under a row lock, so a
      concurrent import of the same rates waits and then finds them (refused).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import Problem, ValidationFailed
from asiento.importers.rates_csv import RateRow, parse_rates_csv
from asiento.services.access import principal as access
from asiento.services.reference.currencies import rate_view
from asiento.services.reference.views import RateView
from asiento.store.locks import for_update
from asiento.store.tables import Company, Currency, CurrencyRate
from asiento.store.uow import UnitOfWork


def import_rates(uow: UnitOfWork, company_id: int, content: bytes) -> list[RateView]:
    """Write every rate of the CSV ``content`` or none; ``ValidationFailed`` names rows."""
    access.require(Permission.SETTINGS, company_id)
    rows, problems = parse_rates_csv(content)
    _refuse(problems)
    with uow:
        s = uow.session
        _refuse(_company_problems(s, company_id, rows))
        written = [
            CurrencyRate(company_id=company_id, currency=r.currency, date=r.date, rate=r.rate)
            for r in rows
        ]
        s.add_all(written)
        s.flush()
        views = [rate_view(r) for r in written]
        uow.commit()
        return views


def _refuse(problems: list[Problem]) -> None:
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValidationFailed(problems, summary=problems[0].message + more)


def _company_problems(s: Session, company_id: int, rows: list[RateRow]) -> list[Problem]:
    own = s.get_one(Company, company_id).currency
    codes = sorted({r.currency for r in rows})
    enabled = set(
        s.scalars(
            for_update(
                s,
                select(Currency.code).where(
                    Currency.company_id == company_id,
                    Currency.code.in_(codes),
                    Currency.active.is_(True),
                ),
            )
        )
    )
    existing = {
        (code, day)
        for code, day in s.execute(
            select(CurrencyRate.currency, CurrencyRate.date).where(
                CurrencyRate.company_id == company_id, CurrencyRate.currency.in_(codes)
            )
        )
    }
    problems: list[Problem] = []
    for r in rows:
        reason = _reason(r, own, enabled, existing)
        if reason:
            problems.append(Problem(f"rows[{r.row}]", f"row {r.row}: {reason}"))
    return problems


def _reason(r: RateRow, own: str, enabled: set[str], existing: set[tuple[str, dt.date]]) -> str:
    if r.currency == own:
        return f"{own} is the company currency: its rate is always 1"
    if r.currency not in enabled:
        return f"currency {r.currency} is not enabled"
    if (r.currency, r.date) in existing:
        return f"a {r.currency} rate for {r.date.isoformat()} exists already"
    return ""
