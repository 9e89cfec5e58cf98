"""Recurring invoices: templates, runs billing each period once, posting and sending (both databases)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from asiento.domain.errors import (
    DuplicateKey,
    InvalidInput,
    NotFound,
    TaxUsageMismatch,
    TemplateArchived,
    TemplateInUse,
)
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import invoices, recurring_run, recurring_templates
from asiento.services.invoicing.recurring_run import run_recurring
from asiento.store.tables import Company, Invoice, RecurringOccurrence
from asiento.store.uow import UnitOfWork
from tests.builders.recurring import hosting_line, monthly_template, subscriber, template_input
from tests.documents.conftest import running_smtp

D = date.fromisoformat


def _invoices(uow: UnitOfWork, company_id: int) -> list[tuple[date | None, str, int]]:
    """(date, state, total in cents) of the company's invoices, by date."""
    with uow:
        stmt = select(Invoice.invoice_date, Invoice.state, Invoice.amount_total).where(
            Invoice.company_id == company_id
        )
        return sorted(tuple(r) for r in uow.session.execute(stmt))


def test_a_monthly_template_run_twice_for_the_same_month_bills_it_once(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    template = monthly_template(uow, company, partner, day=31)
    first = run_recurring(uow, company.id, D("2026-02-28"))
    second = run_recurring(uow, company.id, D("2026-02-28"))
    assert [(p.period, p.invoice_date, p.state) for p in first.produced] == [
        (D("2026-01-01"), D("2026-01-31"), "draft"),
        (D("2026-02-01"), D("2026-02-28"), "draft"),
    ]
    assert second.produced == [] and second.errors == []
    # 100.00 + VAT 21 % = 121.00 on each
    assert _invoices(uow, company.id) == [(D("2026-01-31"), "draft", 12100),
                                          (D("2026-02-28"), "draft", 12100)]  # fmt: skip
    view = recurring_templates.get_template(uow, company.id, template.id)
    assert view.produced_count == 2 and view.next_date == D("2026-03-31")
    assert [p.invoice_date for p in view.produced] == [D("2026-02-28"), D("2026-01-31")]


def test_count_and_end_date_are_respected(uow: UnitOfWork, company: SeededCompany) -> None:
    partner = subscriber(uow, company)
    monthly_template(uow, company, partner, name="Three", day=1, count=3)
    monthly_template(uow, company, partner, name="Until March", frequency="quarterly", day=15,
                     end=D("2026-07-14"))  # fmt: skip
    result = run_recurring(uow, company.id, D("2027-12-31"))
    by_name = {t.name: [p.invoice_date for p in t.produced] for t in result.templates}
    assert by_name == {
        "Three": [D("2026-01-01"), D("2026-02-01"), D("2026-03-01")],
        "Until March": [D("2026-01-15"), D("2026-04-15")],
    }
    summaries = recurring_templates.list_templates(uow, company.id)
    assert [(s.name, s.produced_count, s.next_date) for s in summaries] == [
        ("Three", 3, None), ("Until March", 2, None)]  # fmt: skip


def test_post_flag_posts_with_numbers_in_date_order(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    monthly_template(uow, company, partner, day=10, post=True)
    result = run_recurring(uow, company.id, D("2026-03-10"))
    assert [(p.state, p.number) for p in result.produced] == [
        ("posted", "INV/2026/00001"),
        ("posted", "INV/2026/00002"),
        ("posted", "INV/2026/00003"),
    ]
    posted = invoices.get_invoice(uow, company.id, result.produced[0].invoice_id)
    assert (posted.invoice_date, posted.amount_total) == (D("2026-01-10"), Decimal("121.00"))


def test_send_without_mail_configured_keeps_the_posted_invoice_and_records_why(
    uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASIENTO_SMTP_URL", raising=False)
    partner = subscriber(uow, company)
    template = monthly_template(uow, company, partner, day=5, post=True, send=True)
    result = run_recurring(uow, company.id, D("2026-01-31"))
    [produced] = result.produced
    assert produced.state == "posted" and not produced.sent
    assert produced.send_error is not None and "ASIENTO_SMTP_URL" in produced.send_error
    [billed] = recurring_templates.get_template(uow, company.id, template.id).produced
    assert (billed.number, billed.is_sent, billed.send_error) == (
        "INV/2026/00001",
        False,
        produced.send_error,
    )
    assert run_recurring(uow, company.id, D("2026-01-31")).produced == []


def test_send_flag_mails_each_posted_invoice(
    uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    partner = subscriber(uow, company)
    monthly_template(uow, company, partner, day=5, post=True, send=True)
    with running_smtp() as (url, box):
        monkeypatch.setenv("ASIENTO_SMTP_URL", url)
        result = run_recurring(uow, company.id, D("2026-02-05"))
    assert [p.sent for p in result.produced] == [True, True]
    assert [m["To"] for m in box.messages] == ["billing@subscriber.example"] * 2
    assert [m["Subject"] for m in box.messages] == [
        "Test Company SL: Invoice INV/2026/00001",
        "Test Company SL: Invoice INV/2026/00002",
    ]


def test_a_template_is_checked_as_the_invoice_it_produces(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    purchase_tax = hosting_line(company)
    purchase_tax = type(purchase_tax)(description="Hosting", price_unit=Decimal(1),
                                      tax_ids=(company.taxes["VAT 21% purchase"],))  # fmt: skip
    with pytest.raises(TaxUsageMismatch):
        monthly_template(uow, company, partner, lines=(purchase_tax,))
    with pytest.raises(InvalidInput) as caught:
        monthly_template(uow, company, partner, send=True)
    assert caught.value.field == "send"
    monthly_template(uow, company, partner)
    with pytest.raises(DuplicateKey) as caught:
        monthly_template(uow, company, partner, name=" hosting ")
    assert caught.value.field == "name"
    assert len(recurring_templates.list_templates(uow, company.id)) == 1


def test_a_template_that_billed_is_archived_not_deleted(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    unused = monthly_template(uow, company, partner, name="Unused", start=D("2027-01-01"))
    used = monthly_template(uow, company, partner)
    run_recurring(uow, company.id, D("2026-01-31"))
    recurring_templates.delete_template(uow, company.id, unused.id)
    with pytest.raises(TemplateInUse):
        recurring_templates.delete_template(uow, company.id, used.id)
    archived = recurring_templates.archive_template(uow, company.id, used.id)
    assert (archived.state, archived.next_date) == ("archived", None)
    with pytest.raises(TemplateArchived):
        recurring_templates.archive_template(uow, company.id, used.id)
    assert run_recurring(uow, company.id, D("2026-12-31")).produced == []
    assert len(_invoices(uow, company.id)) == 1


def test_a_failing_template_keeps_nothing_and_the_others_run(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    partner = subscriber(uow, company)
    monthly_template(uow, company, partner, name="Good", day=1)
    bad = monthly_template(uow, company, partner, name="Bad", day=1, post=True)
    with uow:  # lock 2026: posting into it is refused
        uow.session.get_one(Company, company.id).lock_date = D("2026-12-31")
        uow.commit()
    result = run_recurring(uow, company.id, D("2026-02-01"))
    errors = {t.template_id: t.error for t in result.errors}
    assert list(errors) == [bad.id] and "2026" in (errors[bad.id] or "")
    assert [p.invoice_date for p in result.produced] == [D("2026-01-01"), D("2026-02-01")]
    with uow:
        billed = uow.session.scalar(
            select(func.count()).where(RecurringOccurrence.template_id == bad.id)
        )
    assert billed == 0


def test_another_company_cannot_read_or_run_a_template(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    template = monthly_template(uow, company, subscriber(uow, company))
    with pytest.raises(NotFound):
        recurring_templates.get_template(uow, other.id, template.id)
    with pytest.raises(NotFound):
        run_recurring(uow, other.id, D("2026-12-31"), template.id)
    with pytest.raises(NotFound):
        recurring_templates.archive_template(uow, other.id, template.id)
    assert run_recurring(uow, other.id, D("2026-12-31")).produced == []
    assert recurring_templates.list_templates(uow, other.id) == []
    assert _invoices(uow, company.id) == []
    # a template of one company naming another company's partner is refused
    with pytest.raises(NotFound):
        monthly_template(uow, other, company.partners["Subscriber SL"])


@pytest.mark.pg
def test_two_runs_at_once_on_postgresql_bill_each_period_once(
    engine: Engine, uow: UnitOfWork, company: SeededCompany
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("races are proven on PostgreSQL")
    partner = subscriber(uow, company)
    for n in range(3):
        monthly_template(uow, company, partner, name=f"Plan {n}", day=28, post=True)
    barrier = threading.Barrier(4)
    results: list[int] = []
    failures: list[BaseException] = []

    def worker() -> None:
        mine = UnitOfWork.from_engine(engine)
        barrier.wait()
        try:
            results.append(len(run_recurring(mine, company.id, D("2026-06-30")).produced))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sum(results) == 18  # 3 templates x 6 months, whoever billed them
    with uow:
        periods = uow.session.execute(
            select(RecurringOccurrence.template_id, RecurringOccurrence.period)
        ).all()
    assert len(periods) == len(set(periods)) == 18
    assert len(_invoices(uow, company.id)) == 18
    numbers = [i for i in _invoices(uow, company.id) if i[1] == "posted"]
    assert len(numbers) == 18


def test_template_input_dates_and_lines_round_trip(uow: UnitOfWork, company: SeededCompany) -> None:
    partner = subscriber(uow, company)
    data = template_input(company, partner, frequency="yearly", day=29, start=D("2026-02-01"),
                          count=2, ref="Contract 7")  # fmt: skip
    view = recurring_templates.create_template(uow, company.id, data)
    assert (view.frequency, view.day, view.start_date, view.count, view.ref) == (
        "yearly",
        29,
        D("2026-02-01"),
        2,
        "Contract 7",
    )
    assert view.next_date == D("2026-02-28")
    assert view.lines == data.lines


def test_a_long_backlog_is_billed_in_bounded_runs_earliest_first(
    uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recurring_run, "MAX_PERIODS_PER_RUN", 2)
    monthly_template(uow, company, subscriber(uow, company), day=1)
    first = run_recurring(uow, company.id, D("2026-05-01"))
    assert [p.invoice_date for p in first.produced] == [D("2026-01-01"), D("2026-02-01")]
    assert first.templates[0].more_due
    second = run_recurring(uow, company.id, D("2026-05-01"))
    assert [p.invoice_date for p in second.produced] == [D("2026-03-01"), D("2026-04-01")]
    third = run_recurring(uow, company.id, D("2026-05-01"))
    assert [p.invoice_date for p in third.produced] == [D("2026-05-01")]
    assert not third.templates[0].more_due


def test_a_deleted_draft_leaves_its_period_billed(uow: UnitOfWork, company: SeededCompany) -> None:
    template = monthly_template(uow, company, subscriber(uow, company), day=1)
    [produced] = run_recurring(uow, company.id, D("2026-01-01")).produced
    invoices.delete_invoice(uow, company.id, produced.invoice_id)
    assert run_recurring(uow, company.id, D("2026-01-01")).produced == []
    view = recurring_templates.get_template(uow, company.id, template.id)
    [billed] = view.produced
    assert (billed.period, billed.invoice_id, billed.number) == (D("2026-01-01"), None, None)
    assert view.next_date == D("2026-02-01")
