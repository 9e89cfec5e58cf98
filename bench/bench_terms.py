"""Payment schedules: ``schedule_for`` (the invoice-posting seam) against the bare domain.

Prints one JSON line per database:
- ``schedule_for``: N schedules of "30% now, balance end of following month" in one session,
  with the company's working calendar (weekend, Spanish + Madrid public holidays from the
  ``holidays`` package, one extra day off), invoice dates spread over four years;
  ``ratio`` = its throughput / the baseline's.
The baseline is ``compute_installments`` on the same term, totals and dates, with no
calendar and no database: the pure rule.
``BENCH_N`` sets N (default 5,000, under two minutes for both databases); ``BENCH_DATABASES`` the databases.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal

from common import databases, emit, fresh_database, timed

from asiento.domain.commands.companies import CompanyChanges
from asiento.domain.installments import compute_installments
from asiento.domain.money import Money
from asiento.domain.payment_term_seeds import SEED_TERM_DICTS
from asiento.services.demo.seed import seed_company
from asiento.services.invoicing.payment_schedule import schedule_for
from asiento.services.reference import company_settings, payment_terms
from asiento.store.tables import Company
from asiento.store.uow import UnitOfWork

N = int(os.environ.get("BENCH_N", "5000"))
TERM = next(t for t in SEED_TERM_DICTS if t["name"].startswith("30%"))


def cases(n: int) -> list[tuple[date, Money]]:
    start = date(2026, 1, 1)
    return [
        (start + timedelta(days=i % 1460), Money(Decimal(1000 + i % 900000) / 100, "EUR"))
        for i in range(n)
    ]


def run(kind: str) -> None:
    with fresh_database(kind) as engine:
        uow = UnitOfWork.from_engine(engine)
        company = seed_company(uow, "Bench", "EUR")
        calendar = CompanyChanges(
            weekend_days=[5, 6], holiday_country="ES",
            holiday_subdivision="MD", extra_holidays=["2026-04-30"],
        )  # fmt: skip
        company_settings.update_company(uow, company.id, calendar)
        term = payment_terms.create_term(uow, company.id, TERM)
        work = cases(N)
        bare_seconds, _ = timed(lambda: [compute_installments(term.rule, t, d) for d, t in work])

        def scheduled() -> int:
            count = 0
            with uow:
                row = uow.session.get(Company, company.id)
                assert row is not None
                for day, total in work:
                    count += len(
                        schedule_for(
                            uow.session,
                            row,
                            term_id=term.id,
                            invoice_date=day,
                            total=total,
                            untaxed=total,
                        )
                    )
            return count

        seconds, installments = timed(scheduled)
        assert installments == 2 * N
        emit(f"schedule_for[{kind}]", N, seconds, bare_seconds, installments=installments)


if __name__ == "__main__":
    for kind in databases():
        run(kind)
