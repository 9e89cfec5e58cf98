"""The streamed import decides and writes a chunk of lines at a time: same result as one chunk.

Each test runs with chunks of 2 lines and occurrence counts moved to disk
after 2 keys, so that every rule meets a chunk boundary: identical lines,
lines already imported, a reused bank reference, an opening balance moved
by the duplicates' total, and a file refused at its last line.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from asiento.domain.commands.chart import JournalChanges
from asiento.importers.base import ImportFileError
from asiento.importers.occurrences import Occurrences
from asiento.services.bank import statement_import
from asiento.services.bank.statement_import import import_statement
from asiento.services.bank.statement_views import get_statement
from asiento.services.demo.seed import SeededCompany
from asiento.services.reference import chart
from asiento.store.tables import StatementLine
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts
from tests.services.test_statement_import import SIMPLE, csv_text

D = Decimal
IBAN = "NL91ABNA0417164300"


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(statement_import, "CHUNK", 2)
    monkeypatch.setattr(Occurrences.__init__, "__defaults__", (2,))


def mt940(*lines: tuple[str, str, str], opening: str = "100,00", number: str = "1") -> bytes:
    """One statement of (D/C amount, bank reference, name) lines, balances that add up."""
    total = D(opening.replace(",", "."))
    body = ""
    for amount, ref, name in lines:
        value = D(amount[1:].replace(",", "."))
        total += value if amount[0] == "C" else -value
        body += f":61:2603310331{amount}NTRFNONREF//{ref}\n:86:/NAME/{name}/REMI/x\n"
    closing = f"{'C' if total >= 0 else 'D'}260331EUR{abs(total):.2f}".replace(".", ",")
    head = f":20:REF{number}\n:25:{IBAN}\n:28C:{number}/1\n:60F:C260330EUR{opening}\n"
    return (head + body + f":62F:{closing}\n").encode()


def lines_of(uow: UnitOfWork) -> list[tuple[int, int, str | None, int, str | None]]:
    with uow:
        rows = uow.session.execute(
            select(
                StatementLine.sequence,
                StatementLine.amount,
                StatementLine.transaction_id,
                StatementLine.occurrence,
                StatementLine.warning,
            ).order_by(StatementLine.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_identical_lines_across_chunks_are_all_kept_once(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    rows = ["2026-03-05,-3.50,Coffee Bar,card"] * 5 + ["2026-03-06,9.00,Ann,rent"]
    first = import_statement(uow, company.id, "BNK1", csv_text(*rows), profile=SIMPLE)
    assert (first.new, first.duplicates) == (6, 0)
    assert [(a, o) for _, a, _, o, _ in lines_of(uow)] == [
        (-350, 1), (-350, 2), (-350, 3), (-350, 4), (-350, 5), (900, 1),
    ]  # fmt: skip
    more = [*rows, "2026-03-05,-3.50,Coffee Bar,card", "2026-03-07,1.00,Bo,x"]
    again = import_statement(uow, company.id, "BNK1", csv_text(*more), profile=SIMPLE)
    assert (again.new, again.duplicates) == (2, 6)
    assert [(a, o) for _, a, _, o, _ in lines_of(uow)][-2:] == [(-350, 6), (100, 1)]


def test_an_overlapping_statement_moves_its_opening_by_the_lines_already_imported(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
    early = [("D10,00", "B1", "Shop"), ("C5,00", "B2", "Ann"), ("D1,00", "B3", "Bo")]
    import_statement(uow, company.id, "BNK1", mt940(*early))
    later = [*early, ("C20,00", "B4", "Cy"), ("D2,50", "B5", "Di")]
    summary = import_statement(uow, company.id, "BNK1", io.BytesIO(mt940(*later)))
    assert (summary.new, summary.duplicates, summary.statements) == (2, 3, 1)
    assert summary.balance_ok is True
    view = get_statement(uow, company.id, summary.statement_ids[0])
    assert (view.opening_balance, view.closing_balance) == (D("94.00"), D("111.50"))
    assert [(s, a) for s, a, *_ in lines_of(uow)][-2:] == [(1, 2000), (2, -250)]


def test_a_reused_bank_reference_in_a_later_chunk_carries_a_warning(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
    import_statement(uow, company.id, "BNK1", mt940(("D10,00", "B1", "Shop")))
    later = mt940(
        ("C1,00", "X1", "Ann"), ("C1,00", "X2", "Bo"), ("C7,00", "B1", "Cy"),
        opening="90,00", number="2",
    )  # fmt: skip
    summary = import_statement(uow, company.id, "BNK1", later)
    assert (summary.new, summary.duplicates) == (3, 0)
    warning = "bank reference B1 was also used on 2026-03-31 for -10.00"
    assert [(t, w) for _, _, t, _, w in lines_of(uow)] == [
        ("B1", None), ("X1", None), ("X2", None), ("B1", warning),
    ]  # fmt: skip
    assert summary.warnings == (f"line 2026-03-31 7.00: {warning}",)


def test_a_file_refused_at_its_last_line_writes_nothing(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    rows = [f"2026-03-{1 + n:02d},1.00,Ann,rent {n}" for n in range(9)] + ["2026-03-31,1.0x,B,y"]
    before = row_counts(uow)
    with pytest.raises(ImportFileError) as caught:
        import_statement(uow, company.id, "BNK1", io.BytesIO(csv_text(*rows)), profile=SIMPLE)
    assert caught.value.location == "line 11, column 'Amount'"
    assert row_counts(uow) == before


def test_an_amount_finer_than_the_currency_late_in_the_file_writes_nothing(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    rows = [f"2026-03-{1 + n:02d},1.00,Ann,rent {n}" for n in range(6)] + ["2026-03-31,1.001,B,y"]
    before = row_counts(uow)
    with pytest.raises(ImportFileError) as caught:
        import_statement(uow, company.id, "BNK1", csv_text(*rows), profile=SIMPLE)
    assert caught.value.location == "statement 1 line 7"
    assert row_counts(uow) == before


def test_two_statements_of_one_file_chain_their_balances(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(uow, company.id, company.journals["BNK1"], JournalChanges(iban=IBAN))
    first = mt940(("D10,00", "B1", "Shop"), ("C5,00", "B2", "Ann"), ("C1,00", "B3", "Bo"))
    second = mt940(("C4,00", "B9", "Cy"), opening="96,00", number="2")
    summary = import_statement(uow, company.id, "BNK1", first + b"-\n" + second)
    assert (summary.new, summary.statements, summary.balance_ok) == (4, 2, True)
    views = [get_statement(uow, company.id, sid) for sid in summary.statement_ids]
    assert [(v.reference, v.opening_balance, v.closing_balance, v.line_count) for v in views] == [
        ("REF1/1/1", D("100.00"), D("96.00"), 3),
        ("REF2/2/1", D("96.00"), D("100.00"), 1),
    ]
    assert views[0].date == date(2026, 3, 31)
