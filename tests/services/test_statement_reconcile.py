"""Reconciling statement lines: rules, manual items with split and write-off, payments, auto pass."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from asiento.domain.commands.chart import JournalChanges
from asiento.domain.commands.reconciliation_rules import NewRule, RuleChanges
from asiento.domain.errors import (
    CounterpartMismatch,
    DuplicateKey,
    InvalidInput,
    StatementLineReconciled,
)
from asiento.services.bank.reconciliation_rules import (
    create_rule,
    delete_rule,
    list_rules,
    update_rule,
)
from asiento.services.bank.statement_auto import auto_reconcile
from asiento.services.bank.statement_reconcile import (
    Counterpart,
    LineReconciliation,
    apply_rule,
    match_payment,
    reconcile_line,
)
from asiento.services.bank.statements import ManualLine, ManualStatement, create_statement
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.payments import payment_docs as payments
from asiento.services.payments.payment_docs import PaymentInput
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference import chart
from asiento.store.tables import JournalItem, Payment, StatementLine
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.ledger import row_counts

D = Decimal
DAY = date(2026, 3, 20)
Row = tuple[str, Decimal, Decimal, str]


def lines(uow: UnitOfWork, company: SeededCompany, *specs: tuple[str, str]) -> list[int]:
    """A manual statement on BNK1 with (amount, communication) lines; their ids."""
    data = ManualStatement(
        "BNK1",
        DAY,
        "S1",
        None,
        None,
        tuple(ManualLine(DAY, D(amount), communication=text) for amount, text in specs),
    )
    return [x.id for x in create_statement(uow, company.id, data).lines]


def invoice(uow: UnitOfWork, company: SeededCompany, partner: int, amount: str) -> tuple[int, str]:
    """A posted customer invoice of ``amount`` (no tax): (receivable item id, number)."""
    view = posted(
        uow, company, invoice_input(partner, line(amount, account_id=company.accounts["4000"]))
    )
    with uow:
        item = uow.session.scalars(
            select(JournalItem.id).where(
                JournalItem.entry_id == view.entry_id,
                JournalItem.account_id == company.accounts["1100"],
            )
        ).one()
    return item, str(view.number)


def items_of(uow: UnitOfWork, company: SeededCompany, entry_id: int | None) -> list[Row]:
    """(account code, debit, credit, label) of an entry's items, in sequence."""
    codes = {v: k for k, v in company.accounts.items()}
    with uow:
        rows = uow.session.scalars(
            select(JournalItem)
            .where(JournalItem.entry_id == entry_id)
            .order_by(JournalItem.sequence)
        )
        return [(codes[r.account_id], D(r.debit) / 100, D(r.credit) / 100, r.label) for r in rows]


def residual(uow: UnitOfWork, item_id: int) -> tuple[int, bool]:
    with uow:
        item = uow.session.get_one(JournalItem, item_id)
        return item.amount_residual, item.reconciled


def test_rules_are_validated_and_managed(uow: UnitOfWork, company: SeededCompany) -> None:
    rule = create_rule(
        uow,
        company.id,
        NewRule(
            name="Bank fees",
            label_contains="fee",
            account_id=company.accounts["6200"],
            amount_max=D("0"),
        ),
    )
    with pytest.raises(InvalidInput, match="label_regex is not a valid regex"):
        create_rule(
            uow,
            company.id,
            NewRule(name="Bad", label_regex="(", account_id=company.accounts["6200"]),
        )
    with pytest.raises(InvalidInput, match="amount_min is above amount_max"):
        update_rule(uow, company.id, rule.id, RuleChanges(amount_min=D("5")))
    with pytest.raises(DuplicateKey):
        create_rule(uow, company.id, NewRule(name="Bank fees", account_id=company.accounts["6200"]))
    update_rule(uow, company.id, rule.id, RuleChanges(sequence=5))
    assert [(r.name, r.sequence) for r in list_rules(uow, company.id)[0]] == [("Bank fees", 5)]
    delete_rule(uow, company.id, rule.id)
    assert list_rules(uow, company.id)[0] == []


def test_a_rule_with_tax_books_base_and_tax_and_reconciles_the_line(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    chart.update_journal(
        uow, company.id, company.journals["BNK1"], JournalChanges(iban="DE89370400440532013000")
    )
    rule = create_rule(
        uow,
        company.id,
        NewRule(
            name="Fees",
            label_regex=r"\bfee\b",
            account_id=company.accounts["6200"],
            tax_id=company.taxes["VAT 21% purchase"],
            label="Bank fee",
        ),
    )
    (line_id,) = lines(uow, company, ("-12.10", "Monthly fee March"))
    view = apply_rule(uow, company.id, line_id, rule.id)
    assert view.state == "reconciled"
    assert items_of(uow, company, view.entry_id) == [
        ("1000", D("0"), D("12.10"), "Monthly fee March"),
        ("6200", D("10.00"), D("0"), "Bank fee"),
        ("1300", D("2.10"), D("0"), "VAT 21% Bank fee"),
    ]
    before = row_counts(uow)
    with pytest.raises(StatementLineReconciled, match=f"statement line {line_id} is already"):
        apply_rule(uow, company.id, line_id, rule.id)
    assert row_counts(uow) == before


def test_a_line_is_split_across_two_invoices_and_the_difference_written_off(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    first, _ = invoice(uow, company, acme, "100.00")
    second, _ = invoice(uow, company, acme, "50.00")
    (line_id,) = lines(uow, company, ("155.00", "two invoices"))
    how = LineReconciliation(item_ids=(second, first), writeoff_account_id=company.accounts["4900"])
    view = reconcile_line(uow, company.id, line_id, how)
    assert [(a, d, c) for a, d, c, _ in items_of(uow, company, view.entry_id)] == [
        ("1000", D("155.00"), D("0")),
        ("1100", D("0"), D("100.00")),
        ("1100", D("0"), D("50.00")),
        ("4900", D("0"), D("5.00")),
    ]
    assert residual(uow, first) == (0, True) and residual(uow, second) == (0, True)


def test_a_smaller_line_leaves_the_invoice_partially_open(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    item, _ = invoice(uow, company, acme, "100.00")
    (line_id,) = lines(uow, company, ("80.00", "part"))
    reconcile_line(uow, company.id, line_id, LineReconciliation(item_ids=(item,)))
    assert residual(uow, item) == (2000, False)


def test_an_unallocated_rest_is_refused_and_nothing_is_written(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    item, _ = invoice(uow, company, acme, "121.00")
    (line_id,) = lines(uow, company, ("130.00", "too much"))
    before = row_counts(uow)
    with pytest.raises(CounterpartMismatch, match=r"add up to 121\.00, the line is 130\.00"):
        reconcile_line(uow, company.id, line_id, LineReconciliation(item_ids=(item,)))
    assert row_counts(uow) == before
    extra = Counterpart(company.accounts["4900"], D("-9.00"), label="Overpaid")
    view = reconcile_line(
        uow, company.id, line_id, LineReconciliation(item_ids=(item,), counterparts=(extra,))
    )
    assert view.state == "reconciled" and residual(uow, item) == (0, True)


def test_matching_a_payment_moves_its_invoice_from_in_payment_to_paid(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    inv = posted(
        uow, company, invoice_input(acme, line("200.00", account_id=company.accounts["4000"]))
    )
    result = register_payment(uow, company.id, [inv.id], RegisterPaymentInput(date=DAY))
    assert result.payment_states[inv.id] == "in_payment"
    (line_id,) = lines(uow, company, ("200.00", "transfer"))
    view = match_payment(uow, company.id, line_id, result.payments[0].id)
    assert (view.state, view.payment_id) == ("reconciled", result.payments[0].id)
    assert invoices.get_invoice(uow, company.id, inv.id).payment_state == "paid"
    with uow:
        assert uow.session.get_one(Payment, result.payments[0].id).is_matched is True


def test_the_automatic_pass_matches_references_payments_rules_and_refuses_ambiguity(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme, deco = customer(uow, company), customer(uow, company, "Deco Addict")
    by_ref, number = invoice(uow, company, acme, "121.00")
    ambiguous = [invoice(uow, company, deco, x)[0] for x in ("50.00", "120.00", "70.00")]
    pay = payments.create_payment(
        uow, company.id, PaymentInput("inbound", acme, D("300.00"), DAY), post=True
    )
    create_rule(
        uow,
        company.id,
        NewRule(name="Fees", label_contains="fee", account_id=company.accounts["6200"]),
    )
    ids = lines(
        uow,
        company,
        ("121.00", f"Pay {number} thanks"),
        ("300.00", "advance"),
        ("-4.90", "account fee"),
        ("120.00", "Deco Addict"),
        ("9.99", "unknown"),
    )
    with uow:  # the partner by name: the line names Deco Addict
        uow.session.get_one(StatementLine, ids[3]).counterparty_name = "Deco Addict"
        uow.session.get_one(StatementLine, ids[1]).counterparty_name = "Acme"
        uow.commit()
    before = row_counts(uow)
    dry = auto_reconcile(uow, company.id, dry_run=True)
    assert row_counts(uow) == before
    report = auto_reconcile(uow, company.id)
    assert [(p.line_id, p.kind, p.target) for p in report.matched] == [
        (ids[0], "items", (by_ref,)),
        (ids[1], "payment", (pay.id,)),
        (ids[2], "rule", (1,)),
    ]
    assert [(p.line_id, p.kind, p.target) for p in dry.matched] == [
        (p.line_id, p.kind, p.target) for p in report.matched
    ]
    (amb,) = report.ambiguous
    assert (amb.line_id, amb.candidates) == (
        ids[3],
        ((ambiguous[0], ambiguous[2]), (ambiguous[1],)),
    )
    assert report.left == 2 and report.refused == []
    assert residual(uow, by_ref) == (0, True)
    assert [residual(uow, i)[1] for i in ambiguous] == [False, False, False]
