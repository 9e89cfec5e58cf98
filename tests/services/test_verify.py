"""The hash chain detects a posted row changed behind the application's back."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from asiento.services.demo.seed import SeededCompany
from asiento.services.ledger.verify import verify_chains
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple


def _tamper(uow: UnitOfWork, sql: str, params: dict[str, object]) -> None:
    with uow:
        if uow.dialect == "postgresql":
            uow.session.execute(text("SET LOCAL session_replication_role = replica"))
        uow.session.execute(text(sql), params)
        uow.commit()


def test_an_untouched_ledger_verifies(uow: UnitOfWork, company: SeededCompany) -> None:
    for day in (1, 2, 3):
        post_simple(uow, company, day=date(2026, 3, day))
    checks = {c.journal_code: c for c in verify_chains(uow, company.id)}
    assert checks["MISC"].ok and checks["MISC"].entries == 3


def test_a_changed_amount_breaks_the_chain_at_that_entry(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    entries = [post_simple(uow, company, day=date(2026, 3, d)) for d in (1, 2, 3)]
    _tamper(
        uow,
        "UPDATE journal_items SET debit = 1 WHERE entry_id = :e AND debit > 0",
        {"e": entries[1].id},
    )
    misc = next(c for c in verify_chains(uow, company.id) if c.journal_code == "MISC")
    assert misc.broken is not None
    assert (misc.broken.number, misc.broken.reason) == (
        "MISC/2026/00002",
        "content does not match its stored hash",
    )


def test_a_deleted_entry_breaks_the_link_of_the_next_one(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    entries = [post_simple(uow, company, day=date(2026, 3, d)) for d in (1, 2, 3)]
    _tamper(uow, "DELETE FROM journal_entries WHERE id = :e", {"e": entries[1].id})
    misc = next(c for c in verify_chains(uow, company.id) if c.journal_code == "MISC")
    assert misc.broken is not None
    assert (misc.broken.number, misc.broken.reason) == (
        "MISC/2026/00003",
        "previous-hash link does not match",
    )
