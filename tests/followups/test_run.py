"""Follow-up runs on SQLite and PostgreSQL: levels, credits, disputes, holds, history."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from asiento.domain.commands.partners import PartnerChanges
from asiento.domain.errors import NoFollowupLevels
from asiento.services.demo.seed import SeededCompany
from asiento.services.followups import followup_levels as lv
from asiento.services.followups import followup_marks as marks
from asiento.services.followups.runs import run_followups
from asiento.store.tables import FollowupHistory
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.followups.conftest import (
    AS_OF,
    Smtp,
    advance_payment,
    invoice_item,
    new_customer,
    set_residual,
)

D = Decimal


def _history(uow: UnitOfWork) -> list[tuple[int, str, str, str]]:
    with uow:
        rows = uow.session.execute(
            select(
                FollowupHistory.partner_id,
                FollowupHistory.level_name,
                FollowupHistory.channel,
                FollowupHistory.status,
            ).order_by(FollowupHistory.id)
        ).all()
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_each_customer_reaches_the_highest_level_of_its_oldest_overdue_item(
    uow: UnitOfWork, levels: SeededCompany
) -> None:
    a = new_customer(uow, levels, "Azure Interior")
    b = new_customer(uow, levels, "Deco Addict")
    c = new_customer(uow, levels, "Gemini Furniture")
    d = new_customer(uow, levels, "Ready Mat")
    invoice_item(uow, levels, a, "100.00", 15)
    invoice_item(uow, levels, b, "200.00", 30)
    invoice_item(uow, levels, b, "50.00", 29)
    invoice_item(uow, levels, c, "300.00", 46)
    invoice_item(uow, levels, c, "70.00", 2)
    invoice_item(uow, levels, c, "80.00", -10)  # not due yet: listed, not overdue
    invoice_item(uow, levels, d, "400.00", 14)

    run = run_followups(uow, levels.id, AS_OF, dry_run=True)

    got = {
        r.partner_name: (r.level_name, r.channels, r.total_overdue, r.total_due)
        for r in run.reminders
    }
    assert got == {
        "Azure Interior": ("Friendly reminder", ("email",), D("100.00"), D("100.00")),
        "Deco Addict": ("Second reminder", ("email", "letter"), D("250.00"), D("250.00")),
        "Gemini Furniture": ("Final notice", ("letter", "call"), D("370.00"), D("450.00")),
    }
    assert run.skipped == {"below_first_level": 1}
    gemini = next(r for r in run.reminders if r.partner_id == c)
    assert [(ln.residual, ln.days_overdue, ln.overdue) for ln in gemini.lines] == [
        (D("300.00"), 46, True),
        (D("70.00"), 2, True),
        (D("80.00"), 0, False),
    ]
    assert [(t.partner_name, t.level_name, t.total_overdue) for t in run.todos] == [
        ("Gemini Furniture", "Final notice", D("370.00"))
    ]


def test_reminder_lists_advance_payment_and_leaves_out_disputed_item(
    uow: UnitOfWork, levels: SeededCompany, smtp: Smtp
) -> None:
    pid = new_customer(uow, levels, "Smith and Offspring", "accounts@smith.example")
    first = invoice_item(uow, levels, pid, "1210.00", 40, ref="Desks")
    second = invoice_item(uow, levels, pid, "605.00", 20, ref="Chairs")
    disputed = invoice_item(uow, levels, pid, "300.00", 60, ref="Broken lamp")
    advance = advance_payment(uow, levels, pid, "500.00", AS_OF - timedelta(days=5))
    set_residual(uow, second, "405.00")  # 200.00 of it was paid
    marks.dispute_item(uow, levels.id, disputed, "lamp arrived broken")

    run = run_followups(uow, levels.id, AS_OF, smtp_url=smtp.url)

    [reminder] = run.reminders
    assert reminder.level_name == "Second reminder"  # 40 days: the disputed 60-day item is out
    assert [(ln.item_id, ln.kind, ln.original, ln.residual) for ln in reminder.lines] == [
        (first, "invoice", D("1210.00"), D("1210.00")),
        (second, "invoice", D("605.00"), D("405.00")),
        (advance, "credit", D("-500.00"), D("-500.00")),
    ]
    assert (reminder.total_overdue, reminder.total_due) == (D("1615.00"), D("1115.00"))
    assert run.skipped == {"disputed_items": 1}
    assert [(o.channel, o.status) for o in reminder.outcomes] == [
        ("email", "sent"),
        ("letter", "sent"),
    ]
    assert reminder.letter_pdf is not None and reminder.letter_pdf.startswith(b"%PDF")

    [mail] = smtp.inbox.messages
    assert mail["To"] == "accounts@smith.example"
    assert mail["From"] == "ar@asiento.example"
    assert mail["Subject"] == "Second reminder: €1,615.00 overdue"
    body = mail.get_content()
    assert "Dear Smith and Offspring," in body
    assert "Net amount due: €1,115.00." in body
    for number, original, residual in (
        ("INV/2026/00001", "€1,210.00", "€1,210.00"),
        ("INV/2026/00002", "€605.00", "€405.00"),
        ("BNK1/2026/00001", "-€500.00", "-€500.00"),
    ):
        assert any(number in ln and original in ln and residual in ln for ln in body.splitlines())
    assert "INV/2026/00003" not in body and "€300.00" not in body
    assert _history(uow) == [
        (pid, "Second reminder", "email", "sent"),
        (pid, "Second reminder", "letter", "sent"),
    ]


def test_partner_on_hold_is_skipped_until_released(
    uow: UnitOfWork, levels: SeededCompany, smtp: Smtp
) -> None:
    held = new_customer(uow, levels, "Deco Addict")
    other = new_customer(uow, levels, "Azure Interior")
    invoice_item(uow, levels, held, "100.00", 20)
    invoice_item(uow, levels, other, "100.00", 20)
    marks.hold_partner(uow, levels.id, held, "payment plan agreed")

    run = run_followups(uow, levels.id, AS_OF, smtp_url=smtp.url)
    assert [r.partner_id for r in run.reminders] == [other]
    assert run.skipped == {"on_hold": 1}

    marks.release_partner(uow, levels.id, held)
    again = run_followups(uow, levels.id, AS_OF, smtp_url=smtp.url)
    assert [r.partner_id for r in again.reminders] == [held]
    assert again.skipped == {"already_sent": 1}
    assert len(smtp.inbox.messages) == 2


def test_the_same_level_is_never_sent_twice_for_the_same_overdue_items(
    uow: UnitOfWork, levels: SeededCompany, smtp: Smtp
) -> None:
    pid = new_customer(uow, levels, "Azure Interior")
    invoice_item(uow, levels, pid, "100.00", 20)
    run_followups(uow, levels.id, AS_OF, smtp_url=smtp.url)

    later = run_followups(uow, levels.id, AS_OF + timedelta(days=5), smtp_url=smtp.url)
    assert later.reminders == [] and later.skipped == {"already_sent": 1}
    assert len(smtp.inbox.messages) == 1

    # a newly overdue invoice at the same level is news: one more friendly email
    invoice_item(uow, levels, pid, "50.00", 1)
    newer = run_followups(uow, levels.id, AS_OF + timedelta(days=5), smtp_url=smtp.url)
    assert [(r.level_name, r.total_overdue) for r in newer.reminders] == [
        ("Friendly reminder", D("150.00"))
    ]
    # the oldest item reaches 30 days: the second level goes out once
    second = run_followups(uow, levels.id, AS_OF + timedelta(days=10), smtp_url=smtp.url)
    assert [r.channels for r in second.reminders] == [("email", "letter")]
    assert (
        run_followups(uow, levels.id, AS_OF + timedelta(days=11), smtp_url=smtp.url).reminders == []
    )
    assert [h[1:] for h in _history(uow)] == [
        ("Friendly reminder", "email", "sent"),
        ("Friendly reminder", "email", "sent"),
        ("Second reminder", "email", "sent"),
        ("Second reminder", "letter", "sent"),
    ]
    assert len(smtp.inbox.messages) == 3


def test_dry_run_shows_who_would_get_what_and_writes_nothing(
    uow: UnitOfWork, levels: SeededCompany, smtp: Smtp
) -> None:
    pid = new_customer(uow, levels, "Gemini Furniture")
    invoice_item(uow, levels, pid, "999.99", 50)
    before = row_counts(uow)

    run = run_followups(uow, levels.id, AS_OF, dry_run=True, smtp_url=smtp.url)

    assert [
        (r.partner_name, r.level_name, r.channels, r.outcomes, r.letter_pdf) for r in run.reminders
    ] == [("Gemini Furniture", "Final notice", ("letter", "call"), (), None)]
    assert len(run.todos) == 1
    assert row_counts(uow) == before
    assert smtp.inbox.messages == []
    # the real run afterwards still sends: a dry run left no history
    assert len(run_followups(uow, levels.id, AS_OF).reminders) == 1


def test_failed_email_is_recorded_as_error_and_retried_next_run(
    uow: UnitOfWork, levels: SeededCompany, smtp: Smtp
) -> None:
    pid = new_customer(uow, levels, "Ready Mat", None)
    invoice_item(uow, levels, pid, "10.00", 16)

    run = run_followups(uow, levels.id, AS_OF, smtp_url=smtp.url)
    [outcome] = run.reminders[0].outcomes
    assert (outcome.status, outcome.error) == ("error", "partner 'Ready Mat' has no email address")

    from asiento.services.reference.partners import update_partner

    update_partner(uow, levels.id, pid, PartnerChanges(email="ar@readymat.example"))
    retry = run_followups(uow, levels.id, AS_OF, smtp_url=smtp.url)
    assert [o.status for o in retry.reminders[0].outcomes] == ["sent"]
    assert [h[3] for h in _history(uow)] == ["error", "sent"]


def test_unreachable_smtp_server_is_an_error_in_history(
    uow: UnitOfWork, levels: SeededCompany
) -> None:
    pid = new_customer(uow, levels, "Azure Interior")
    invoice_item(uow, levels, pid, "10.00", 16)
    from tests.followups.conftest import _free_port

    run = run_followups(uow, levels.id, AS_OF, smtp_url=f"smtp://127.0.0.1:{_free_port()}")
    [outcome] = run.reminders[0].outcomes
    assert outcome.status == "error" and outcome.error.startswith("email not sent:")
    assert _history(uow) == [(pid, "Friendly reminder", "email", "error")]


def test_customer_whose_credits_cover_the_debts_gets_no_reminder(
    uow: UnitOfWork, levels: SeededCompany
) -> None:
    pid = new_customer(uow, levels, "Deco Addict")
    invoice_item(uow, levels, pid, "100.00", 40)
    advance_payment(uow, levels, pid, "100.00", AS_OF)
    run = run_followups(uow, levels.id, AS_OF, dry_run=True)
    assert run.reminders == [] and run.skipped == {"net_credit": 1}


def test_chunks_do_not_change_the_result(uow: UnitOfWork, levels: SeededCompany) -> None:
    for n in range(5):
        pid = new_customer(uow, levels, f"Customer {n}")
        invoice_item(uow, levels, pid, f"{n + 1}0.00", 10 * n + 5)
    small = run_followups(uow, levels.id, AS_OF, dry_run=True, chunk_size=2)
    large = run_followups(uow, levels.id, AS_OF, dry_run=True)
    assert small.reminders == large.reminders
    assert [(r.partner_name, r.level_name) for r in small.reminders] == [
        ("Customer 1", "Friendly reminder"),
        ("Customer 2", "Friendly reminder"),
        ("Customer 3", "Second reminder"),
        ("Customer 4", "Final notice"),
    ]
    assert small.skipped == {"below_first_level": 1}


def test_other_companies_items_are_not_followed_up(uow: UnitOfWork, levels: SeededCompany) -> None:
    from asiento.services.demo.seed import seed_company
    from asiento.services.followups.followup_levels import seed_default_levels

    other = seed_company(uow, "Other SL", "EUR")
    seed_default_levels(uow, other.id)
    pid = new_customer(uow, other, "Elsewhere Ltd")
    invoice_item(uow, other, pid, "10.00", 20)
    assert run_followups(uow, levels.id, AS_OF, dry_run=True).reminders == []
    assert len(run_followups(uow, other.id, AS_OF, dry_run=True).reminders) == 1


def test_run_without_levels_is_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    with pytest.raises(NoFollowupLevels, match="no follow-up levels"):
        run_followups(uow, company.id, AS_OF)
    with uow:
        assert uow.session.scalar(select(func.count()).select_from(FollowupHistory)) == 0


def test_deleting_a_level_keeps_its_history_by_name(uow: UnitOfWork, levels: SeededCompany) -> None:
    """The history's key to its level is composite (company, level): deleting the level
    clears it in the same transaction; the name and days stay."""
    pid = new_customer(uow, levels, "Gemini Furniture")
    invoice_item(uow, levels, pid, "999.99", 50)
    run_followups(uow, levels.id, AS_OF)
    final = next(r for r in lv.list_levels(uow, levels.id) if r.days == 45)

    lv.delete_level(uow, levels.id, final.id)

    with uow:
        rows = uow.session.execute(
            select(
                FollowupHistory.level_id, FollowupHistory.level_name, FollowupHistory.channel
            ).order_by(FollowupHistory.channel)
        ).all()
    assert [tuple(r) for r in rows] == [
        (None, "Final notice", "call"),
        (None, "Final notice", "letter"),
    ]
    assert [r.days for r in lv.list_levels(uow, levels.id)] == [15, 30]
