"""Read models of the bank pages: suggested matches for one line, and the statements list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from asiento.services.bank.statement_overview import bank_journals, statement_rows
from asiento.services.bank.statement_reconcile import LineReconciliation, reconcile_line
from asiento.services.bank.statement_suggestions import describe, line_suggestions
from asiento.services.bank.statements import ManualLine, ManualStatement, create_statement
from asiento.services.demo.seed import SeededCompany
from asiento.services.payments import payment_docs as payments
from asiento.services.payments.payment_docs import PaymentInput
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer
from tests.builders.ledger import row_counts
from tests.services.test_statement_reconcile import invoice

D = Decimal
DAY = date(2026, 3, 20)


def statement(
    uow: UnitOfWork, company: SeededCompany, *specs: tuple[str, str, str]
) -> tuple[int, list[int]]:
    """A manual BNK1 statement of (amount, counterparty, communication) lines."""
    lines = tuple(ManualLine(DAY, D(a), counterparty_name=n, communication=t) for a, n, t in specs)
    data = ManualStatement("BNK1", DAY, "S1", D("1000.00"), None, lines)
    view = create_statement(uow, company.id, data)
    return view.id, [x.id for x in view.lines]


def test_a_reference_proposes_its_invoice(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company)
    item, number = invoice(uow, company, acme, "121.00")
    invoice(uow, company, acme, "80.00")
    _, (line_id,) = statement(uow, company, ("121.00", "Someone else", f"pay {number.lower()}"))
    before = row_counts(uow)
    found = line_suggestions(uow, company.id, line_id)
    assert row_counts(uow) == before
    assert (found.partner_id, found.partner_name) == (None, "")
    assert [(c.id, c.number, c.residual, c.by_reference) for c in found.items] == [
        (item, number, D("121.00"), True)
    ]
    assert (found.proposed, found.ambiguity) == ((item,), "")


def test_several_fitting_sets_are_ambiguous_with_the_reason(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    deco = customer(uow, company, "Deco Addict")
    a, b, c = (invoice(uow, company, deco, x)[0] for x in ("50.00", "120.00", "70.00"))
    _, (line_id,) = statement(uow, company, ("120.00", "deco  ADDICT", "March"))
    found = line_suggestions(uow, company.id, line_id)
    assert (found.partner_id, found.partner_name) == (deco, "Deco Addict")
    assert [(x.id, x.residual, x.by_reference) for x in found.items] == [
        (a, D("50.00"), False),
        (b, D("120.00"), False),
        (c, D("70.00"), False),
    ]
    assert found.proposed == ()
    assert found.ambiguity == "partner: several sets of open items fit"
    assert found.candidate_sets == ((a, c), (b,))


def test_another_partner_and_payments_of_the_amount(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme, deco = customer(uow, company), customer(uow, company, "Deco Addict")
    item, _ = invoice(uow, company, deco, "300.00")
    pay = payments.create_payment(
        uow, company.id, PaymentInput("inbound", acme, D("300.00"), DAY), post=True
    )
    payments.create_payment(
        uow, company.id, PaymentInput("inbound", acme, D("299.00"), DAY), post=True
    )
    _, (line_id,) = statement(uow, company, ("300.00", "Acme", "advance"))
    found = line_suggestions(uow, company.id, line_id)
    assert found.partner_id == acme
    # the payments' own receivable credits are open items too; none fits a receipt
    assert [(x.partner, x.residual) for x in found.items] == [
        ("Acme", D("-300.00")),
        ("Acme", D("-299.00")),
    ]
    assert (found.proposed, found.ambiguity) == ((), "")
    assert [(p.id, p.partner, p.outstanding, p.same_partner) for p in found.payments] == [
        (pay.id, "Acme", D("300.00"), True)
    ]
    other = line_suggestions(uow, company.id, line_id, partner_id=deco)
    assert [x.id for x in other.items] == [item]
    assert other.proposed == (item,)


def test_describe_names_lines_and_items(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company)
    item, number = invoice(uow, company, acme, "10.00")
    _, (line_id,) = statement(uow, company, ("10.00", "Acme", "x"))
    lines, items = describe(uow, company.id, [line_id, 999], [item, 999])
    assert list(lines) == [line_id] and lines[line_id].amount == D("10.00")
    assert (items[item].number, items[item].partner, items[item].residual) == (
        number,
        "Acme",
        D("10.00"),
    )
    assert 999 not in items


def test_statement_rows_count_lines_per_state(uow: UnitOfWork, company: SeededCompany) -> None:
    acme = customer(uow, company)
    item, _ = invoice(uow, company, acme, "121.00")
    sid, ids = statement(uow, company, ("121.00", "Acme", "x"), ("-21.50", "Bank", "fees"))
    reconcile_line(uow, company.id, ids[0], LineReconciliation(item_ids=(item,)))
    rows, nxt = statement_rows(uow, company.id)
    assert nxt is None
    assert [
        (r.id, r.journal, r.reference, r.state, r.opening_balance, r.closing_balance) for r in rows
    ] == [(sid, "BNK1", "S1", "draft", D("1000.00"), None)]
    assert (rows[0].lines_total, rows[0].open_lines, rows[0].reconciled_lines) == (
        D("99.50"),
        1,
        1,
    )
    other = statement_rows(uow, company.id, journal_id=company.journals["CSH"])
    assert other == ([], None)
    assert [j.code for j in bank_journals(uow, company.id)] == ["BNK1", "CSH"]
