"""Posting, numbering, immutability, reversal and bad input on the ledger service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from asiento.domain.commands.chart import NewAccount
from asiento.domain.errors import (
    AlreadyPosted,
    AlreadyReversed,
    DuplicateKey,
    InvalidAmount,
    NotFound,
    PeriodLocked,
    PostedEntryImmutable,
    UnknownCurrency,
    ValidationFailed,
)
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.ledger import entries as ledger
from asiento.services.ledger.entries import EntryFilter, EntryInput, LineInput
from asiento.services.reference import chart, companies
from asiento.store.tables import JournalEntry
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer, post_simple, row_counts, simple_entry

D = Decimal


def test_a_balanced_entry_posts_with_the_first_number_of_its_journal_and_year(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    view = post_simple(uow, company, amount="250.10")
    assert view.state == "posted"
    assert view.number == "MISC/2026/00001"
    assert [(i.account_code, i.debit, i.credit) for i in view.items] == [
        ("6000", D("250.10"), D("0.00")),
        ("1000", D("0.00"), D("250.10")),
    ]
    assert view.hash is not None and len(view.hash) == 64


def test_numbers_follow_each_other_per_journal_and_restart_each_fiscal_year(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    numbers = [
        post_simple(uow, company, day=date(2026, 3, 1)).number,
        post_simple(uow, company, day=date(2026, 3, 2)).number,
        post_simple(uow, company, day=date(2026, 3, 3), journal="BNK1").number,
        post_simple(uow, company, day=date(2027, 1, 1)).number,
    ]
    assert numbers == ["MISC/2026/00001", "MISC/2026/00002", "BNK1/2026/00001", "MISC/2027/00001"]


def test_a_draft_has_no_number_until_it_is_posted(uow: UnitOfWork, company: SeededCompany) -> None:
    draft = ledger.create_entry(uow, company.id, simple_entry())
    assert (draft.state, draft.number, draft.hash) == ("draft", None, None)
    posted = ledger.post_entry(uow, company.id, draft.id)
    assert posted.number == "MISC/2026/00001"


def test_an_unbalanced_entry_is_refused_and_nothing_is_written(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    cmd = EntryInput(
        journal="MISC",
        date=date(2026, 3, 1),
        lines=(LineInput("6000", debit=D("100.00")), LineInput("1000", credit=D("99.99"))),
    )
    with pytest.raises(ValidationFailed, match=r"unbalanced: debit 100.00 != credit 99.99"):
        ledger.create_entry(uow, company.id, cmd, post=True)
    assert row_counts(uow) == before


@pytest.mark.parametrize(
    ("lines", "field", "message"),
    [
        (
            (LineInput("6000", debit=D("5"), credit=D("5")), LineInput("1000")),
            "lines[0]",
            "not both",
        ),
        (
            (LineInput("6000", debit=D("-5")), LineInput("1000", credit=D("-5"))),
            "lines[0].amount",
            "negative",
        ),
        (
            (LineInput("6000", debit=D("1.005")), LineInput("1000", credit=D("1.005"))),
            "lines[0].debit",
            "more decimals",
        ),
        ((LineInput("6000", debit=D("5")),), "lines", "at least two lines"),
    ],
)
def test_malformed_lines_are_refused_naming_the_line(
    uow: UnitOfWork, company: SeededCompany, lines: tuple[LineInput, ...], field: str, message: str
) -> None:
    before = row_counts(uow)
    with pytest.raises(ValidationFailed) as info:
        ledger.create_entry(uow, company.id, EntryInput("MISC", date(2026, 3, 1), lines))
    assert info.value.problems[0].field == field
    assert message in info.value.problems[0].message
    assert row_counts(uow) == before


def test_a_receivable_line_without_partner_is_refused(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with pytest.raises(ValidationFailed, match="needs a partner"):
        post_simple(uow, company, debit_account="1100", credit_account="4000")
    partner = customer(uow, company)
    cmd = EntryInput(
        "MISC",
        date(2026, 3, 1),
        (LineInput("1100", debit=D("10"), partner_id=partner), LineInput("4000", credit=D("10"))),
    )
    assert ledger.create_entry(uow, company.id, cmd, post=True).state == "posted"


def test_an_unknown_account_code_is_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    with pytest.raises(NotFound, match="account 9999 not found"):
        post_simple(uow, company, debit_account="9999")


def test_an_account_of_another_company_is_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    other = seed_company(uow, "Other Co", "EUR")
    cmd = EntryInput(
        "MISC",
        date(2026, 3, 1),
        (LineInput(other.accounts["6000"], debit=D("10")), LineInput("1000", credit=D("10"))),
    )
    with pytest.raises(ValidationFailed, match="does not exist in this company"):
        ledger.create_entry(uow, company.id, cmd)


def test_an_unknown_currency_is_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    cmd = EntryInput(
        "MISC",
        date(2026, 3, 1),
        (
            LineInput("6000", debit=D("10"), currency="XYZ", amount_currency=D("10")),
            LineInput("1000", credit=D("10")),
        ),
    )
    with pytest.raises(UnknownCurrency, match="XYZ"):
        ledger.create_entry(uow, company.id, cmd)


def test_posting_into_a_locked_period_is_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    draft = ledger.create_entry(uow, company.id, simple_entry(day=date(2026, 3, 1)))
    companies.set_lock_date(uow, company.id, date(2026, 3, 31))
    with pytest.raises(PeriodLocked, match="locked up to 2026-03-31"):
        ledger.post_entry(uow, company.id, draft.id)
    assert ledger.get_entry(uow, company.id, draft.id).state == "draft"
    with pytest.raises(PeriodLocked):
        post_simple(uow, company, day=date(2026, 3, 31))
    assert post_simple(uow, company, day=date(2026, 4, 1)).number == "MISC/2026/00001"


def test_a_posted_entry_cannot_be_posted_again_changed_or_deleted(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    view = post_simple(uow, company)
    with pytest.raises(AlreadyPosted):
        ledger.post_entry(uow, company.id, view.id)
    with pytest.raises(PostedEntryImmutable, match="reverse it instead"):
        ledger.update_entry(uow, company.id, view.id, simple_entry(amount="5.00"))
    with pytest.raises(PostedEntryImmutable):
        ledger.delete_entry(uow, company.id, view.id)
    assert ledger.get_entry(uow, company.id, view.id).items[0].debit == D("100.00")


def test_a_draft_can_be_edited_and_deleted(uow: UnitOfWork, company: SeededCompany) -> None:
    draft = ledger.create_entry(uow, company.id, simple_entry())
    edited = ledger.update_entry(uow, company.id, draft.id, simple_entry(amount="42.00"))
    assert edited.items[0].debit == D("42.00")
    ledger.delete_entry(uow, company.id, draft.id)
    with pytest.raises(NotFound):
        ledger.get_entry(uow, company.id, draft.id)


def test_reversal_posts_the_mirror_entry_and_links_both(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    original = post_simple(uow, company, amount="80.00")
    reversal = ledger.reverse_entry(uow, company.id, original.id, date(2026, 3, 5), "typo")
    assert reversal.reversal_of_id == original.id
    assert reversal.number == "MISC/2026/00002"
    assert [(i.account_code, i.debit, i.credit) for i in reversal.items] == [
        ("6000", D("0.00"), D("80.00")),
        ("1000", D("80.00"), D("0.00")),
    ]
    assert ledger.get_entry(uow, company.id, original.id).reversed_by_id == reversal.id
    with pytest.raises(AlreadyReversed):
        ledger.reverse_entry(uow, company.id, original.id, date(2026, 3, 5), "again")


def test_the_database_trigger_refuses_changes_to_posted_rows_on_postgresql(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    view = post_simple(uow, company)
    if uow.dialect != "postgresql":
        pytest.skip("the trigger is a PostgreSQL second guard")
    with uow, pytest.raises(Exception, match="immutable"):
        uow.session.execute(
            text("UPDATE journal_items SET debit = 1 WHERE entry_id = :e"), {"e": view.id}
        )
    with uow, pytest.raises(Exception, match="immutable"):
        uow.session.execute(text("DELETE FROM journal_entries WHERE id = :e"), {"e": view.id})
    with uow, pytest.raises(Exception, match="immutable"):
        uow.session.execute(text("DELETE FROM journal_items WHERE entry_id = :e"), {"e": view.id})
    with uow, pytest.raises(Exception, match="immutable"):  # a protected column set with others
        uow.session.execute(
            text("UPDATE journal_items SET amount_residual = 0, label = 'x' WHERE entry_id = :e"),
            {"e": view.id},
        )
    with uow:  # residuals are what reconciliation updates: allowed, the guard is not called
        updated = uow.session.execute(
            text("UPDATE journal_items SET amount_residual = amount_residual WHERE entry_id = :e"),
            {"e": view.id},
        )
        assert updated.rowcount == 2


def test_a_duplicate_account_code_is_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    with pytest.raises(DuplicateKey, match="code '6000' exists already"):
        chart.create_account(uow, company.id, NewAccount(code="6000", name="Again", kind="expense"))


def test_non_numeric_amounts_are_refused_before_reaching_the_ledger() -> None:
    from asiento.domain.money import money

    with pytest.raises(InvalidAmount, match="'12,5x' is not a number"):
        money("12,5x", "EUR")


def test_lists_filter_by_journal_state_date_and_account(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    post_simple(uow, company, day=date(2026, 3, 1))
    post_simple(uow, company, day=date(2026, 4, 1), journal="BNK1", debit_account="6200")
    ledger.create_entry(uow, company.id, simple_entry(day=date(2026, 5, 1)))

    def refs(**f: object) -> list[str | None]:
        return [e.number for e in ledger.list_entries(uow, company.id, EntryFilter(**f)).entries]  # type: ignore[arg-type]

    assert refs(journal_id=company.journals["BNK1"]) == ["BNK1/2026/00001"]
    assert refs(state="draft") == [None]
    assert refs(date_from=date(2026, 3, 15), state="posted") == ["BNK1/2026/00001"]
    assert refs(account_id=company.accounts["6000"], state="posted") == ["MISC/2026/00001"]


def test_pagination_walks_every_entry_once(uow: UnitOfWork, company: SeededCompany) -> None:
    for day in range(1, 8):
        post_simple(uow, company, day=date(2026, 3, day))
    seen: list[str | None] = []
    cursor = None
    while True:
        page = ledger.list_entries(uow, company.id, EntryFilter(), cursor=cursor, limit=3)
        seen += [e.number for e in page.entries]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"MISC/2026/{n:05d}" for n in range(7, 0, -1)]


def test_company_a_never_sees_company_b_entries(uow: UnitOfWork, company: SeededCompany) -> None:
    other = seed_company(uow, "Other Co", "EUR")
    mine = post_simple(uow, company)
    theirs = post_simple(uow, other)
    assert [e.id for e in ledger.list_entries(uow, company.id, EntryFilter()).entries] == [mine.id]
    with pytest.raises(NotFound):
        ledger.get_entry(uow, company.id, theirs.id)
    with pytest.raises(NotFound):
        ledger.reverse_entry(uow, company.id, theirs.id)
    with uow:
        assert (
            uow.session.scalar(select(JournalEntry.company_id).where(JournalEntry.id == theirs.id))
            == other.id
        )
