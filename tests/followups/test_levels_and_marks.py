"""Follow-up levels, disputes and holds: refused input changes nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from asiento.domain.commands.followup_levels import LevelChanges
from asiento.domain.errors import InvalidFollowupLevel, NotFollowupItem, NotFound
from asiento.services.demo.seed import SeededCompany
from asiento.services.followups import followup_levels as lv
from asiento.services.followups import followup_marks as marks
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple, row_counts
from tests.followups.conftest import invoice_item, new_customer


def test_defaults_are_15_30_45_days_and_seeded_only_once(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    first = lv.seed_default_levels(uow, company.id)
    again = lv.seed_default_levels(uow, company.id)
    assert [
        (r.sequence, r.name, r.days, r.send_email, r.send_letter, r.manual_call) for r in again
    ] == [
        (1, "Friendly reminder", 15, True, False, False),
        (2, "Second reminder", 30, True, True, False),
        (3, "Final notice", 45, False, True, True),
    ]
    assert [r.id for r in first] == [r.id for r in again]


def test_create_update_delete_a_level(uow: UnitOfWork, levels: SeededCompany) -> None:
    row = lv.create_level(
        uow,
        levels.id,
        lv.LevelInput(4, "Collection agency", 90, send_letter=True),
    )
    changed = lv.update_level(uow, levels.id, row.id, LevelChanges(days=75, name="Lawyer"))
    assert (changed.sequence, changed.name, changed.days) == (4, "Lawyer", 75)
    lv.delete_level(uow, levels.id, row.id)
    assert [r.days for r in lv.list_levels(uow, levels.id)] == [15, 30, 45]


@pytest.mark.parametrize(
    ("cmd", "message"),
    [
        (lv.LevelInput(4, "Too soon", 20, send_letter=True), "levels must escalate: 'Too soon'"),
        (lv.LevelInput(2, "Same step", 60, send_letter=True), "levels must escalate"),
        (lv.LevelInput(4, "Silent", 60), "level 'Silent' has no channel"),
        (lv.LevelInput(4, "Zero", 0, send_letter=True), "days must be at least 1"),
        (
            lv.LevelInput(4, "Typo", 60, send_email=True, email_subject="Hi {{ partner }}"),
            "email_subject: template does not render: 'partner' is undefined",
        ),
        (
            lv.LevelInput(4, "No subject", 60, send_email=True, email_body="x"),
            "an email level needs a subject",
        ),
        (
            lv.LevelInput(
                4,
                "Unsafe",
                60,
                send_email=True,
                email_subject="x",
                email_body="{{ ''.__class__.__mro__ }}",
            ),
            "email_body: template does not render",
        ),
    ],
)
def test_a_bad_level_is_refused_and_nothing_changes(
    uow: UnitOfWork, levels: SeededCompany, cmd: lv.LevelInput, message: str
) -> None:
    before = row_counts(uow)
    with pytest.raises(InvalidFollowupLevel, match=message.replace("(", r"\(")):
        lv.create_level(uow, levels.id, cmd)
    assert row_counts(uow) == before


def test_an_update_that_breaks_escalation_is_refused(
    uow: UnitOfWork, levels: SeededCompany
) -> None:
    first = lv.list_levels(uow, levels.id)[0]
    with pytest.raises(InvalidFollowupLevel, match="levels must escalate"):
        lv.update_level(uow, levels.id, first.id, LevelChanges(days=31))
    with pytest.raises(TypeError, match="colour"):  # not a field: the command cannot be built
        LevelChanges(colour="red")  # type: ignore[call-arg]
    assert lv.list_levels(uow, levels.id)[0].days == 15


def test_only_posted_receivable_items_can_be_disputed(
    uow: UnitOfWork, levels: SeededCompany
) -> None:
    pid = new_customer(uow, levels, "Deco Addict")
    item = invoice_item(uow, levels, pid, "10.00", 20)
    bank = post_simple(uow, levels).items[0].id
    before = row_counts(uow)
    with pytest.raises(NotFollowupItem, match=f"journal item {bank} is not on a reconcilable"):
        marks.dispute_item(uow, levels.id, bank)
    with pytest.raises(NotFound, match="journal item 9999 not found"):
        marks.dispute_item(uow, levels.id, 9999)
    with pytest.raises(NotFound, match=f"dispute on journal item {item} not found"):
        marks.resolve_dispute(uow, levels.id, item)
    assert row_counts(uow) == before

    marks.dispute_item(uow, levels.id, item, "wrong price")
    marks.dispute_item(uow, levels.id, item, "wrong price and quantity")
    assert [(d.item_id, d.note) for d in marks.list_disputes(uow, levels.id)] == [
        (item, "wrong price and quantity")
    ]
    marks.resolve_dispute(uow, levels.id, item)
    assert marks.list_disputes(uow, levels.id) == []


def test_hold_and_release_a_partner(uow: UnitOfWork, levels: SeededCompany) -> None:
    pid = new_customer(uow, levels, "Deco Addict")
    before = row_counts(uow)
    with pytest.raises(NotFound, match="partner 9999 not found"):
        marks.hold_partner(uow, levels.id, 9999)
    with pytest.raises(NotFound, match=f"hold on partner {pid} not found"):
        marks.release_partner(uow, levels.id, pid)
    assert row_counts(uow) == before
    marks.hold_partner(uow, levels.id, pid, "negotiating")
    assert [(h.partner_id, h.note) for h in marks.list_holds(uow, levels.id)] == [
        (pid, "negotiating")
    ]
    marks.release_partner(uow, levels.id, pid)
    assert marks.list_holds(uow, levels.id) == []
