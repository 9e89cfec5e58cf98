"""Accounting settings: postings take their accounts from configuration (both databases)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from asiento.domain.commands.chart import NewAccount
from asiento.domain.commands.taxes import NewTax
from asiento.domain.errors import InvalidInput, MissingSetting, NotFound, SettingAccountInvalid
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing import invoices
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference import account_settings, chart
from asiento.store.tables import JournalItem, PaymentTerm
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import customer, invoice_input, line, posted
from tests.builders.ledger import row_counts

D = Decimal
PAY_DAY = date(2026, 3, 15)


def _balance(uow: UnitOfWork, account_id: int) -> int:
    with uow:
        stmt = select(func.coalesce(func.sum(JournalItem.balance), 0)).where(
            JournalItem.account_id == account_id
        )
        return int(uow.session.scalar(stmt) or 0)


def _invoice(uow: UnitOfWork, company: SeededCompany, price: str, **kw: object) -> int:
    acme = customer(uow, company)
    data = invoice_input(acme, line(price, account_id=company.accounts["4000"]), **kw)  # type: ignore[arg-type]
    return posted(uow, company, data).id


def test_the_seeded_company_has_every_setting(uow: UnitOfWork, company: SeededCompany) -> None:
    view = account_settings.get_settings(uow, company.id)
    codes = {k: a.code if a else None for k, a in view.accounts.items()}
    assert codes == {
        "receivable_account": "1100",
        "payable_account": "2000",
        "exchange_gain_account": "4950",
        "exchange_loss_account": "6900",
        "discount_granted_account": "6950",
        "discount_received_account": "4960",
        "writeoff_account": "6910",
        "rounding_account": "6910",
        "retained_earnings_account": "3100",
        "opening_balance_account": None,
    }
    bank = next(j for j in view.journals if j.code == "BNK1")
    assert {k: a.code if a else None for k, a in bank.accounts.items()} == {
        "default_account": "1000",
        "outstanding_receipts_account": "1020",
        "outstanding_payments_account": "1030",
        "suspense_account": "1090",
    }
    assert not bank.posts_directly


def test_a_setting_refuses_an_account_of_the_wrong_kind(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    with pytest.raises(SettingAccountInvalid, match="exchange_gain_account cannot be account 6000"):
        account_settings.update_company_settings(uow, company.id, exchange_gain_account="6000")
    with pytest.raises(SettingAccountInvalid, match="must be reconcilable"):
        account_settings.update_journal_settings(
            uow, company.id, "BNK1", outstanding_receipts_account="1010"
        )
    assert row_counts(uow) == before


def test_a_setting_refuses_an_account_of_another_company(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    with pytest.raises(NotFound):
        account_settings.update_company_settings(
            uow, company.id, exchange_gain_account=other.accounts["4950"]
        )


def test_outstanding_settings_belong_to_bank_and_cash_journals(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with pytest.raises(Exception, match="bank and cash journals only"):
        account_settings.update_journal_settings(
            uow, company.id, "INV", outstanding_receipts_account="1020"
        )


def test_a_missing_outstanding_setting_refuses_the_payment_before_any_write(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    inv = _invoice(uow, company, "100.00")
    account_settings.update_journal_settings(
        uow, company.id, "BNK1", outstanding_receipts_account=None
    )
    before = row_counts(uow)
    with pytest.raises(MissingSetting, match="journal BNK1 outstanding_receipts_account"):
        register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY))
    assert row_counts(uow) == before


def test_direct_bank_posting_moves_the_bank_account_and_pays_the_invoice(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    inv = _invoice(uow, company, "250.00")
    view = account_settings.update_journal_settings(
        uow, company.id, "BNK1", outstanding_receipts_account="1000"
    )
    assert view.posts_directly
    result = register_payment(uow, company.id, [inv], RegisterPaymentInput(PAY_DAY))
    assert result.payment_states == {inv: "paid"}
    assert _balance(uow, company.accounts["1000"]) == 25000
    assert _balance(uow, company.accounts["1020"]) == 0


def test_a_short_payment_is_written_off_to_the_default_account(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    inv = _invoice(uow, company, "100.00")
    cmd = RegisterPaymentInput(PAY_DAY, D("99.50"), write_off_difference=True)
    result = register_payment(uow, company.id, [inv], cmd)
    assert result.payment_states == {inv: "in_payment"}
    assert _balance(uow, company.accounts["6910"]) == 50
    assert invoices.get_invoice(uow, company.id, inv).amount_residual == D("0.00")


def test_a_write_off_without_the_setting_is_refused_before_any_write(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    inv = _invoice(uow, company, "100.00")
    account_settings.update_company_settings(uow, company.id, writeoff_account=None)
    before = row_counts(uow)
    cmd = RegisterPaymentInput(PAY_DAY, D("99.50"), write_off_difference=True)
    with pytest.raises(MissingSetting, match="writeoff_account"):
        register_payment(uow, company.id, [inv], cmd)
    assert row_counts(uow) == before


def _discount_term(uow: UnitOfWork, company: SeededCompany, override: int | None) -> int:
    definition = {
        "name": "2% 10 net 30",
        "lines": [{"kind": "balance", "due": {"days": 30}}],
        "discount": {"percent": "2", "days": 10, "tax_treatment": "never_reduce_tax"},
    }
    with uow:
        row = PaymentTerm(
            company_id=company.id,
            name=definition["name"],
            note="",
            definition=json.dumps(definition),
            active=True,
            discount_granted_account_id=override,
            created_at=datetime.now(UTC),
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def test_a_payment_term_overrides_the_discount_account(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    own = chart.create_account(
        uow, company.id, NewAccount(code="6951", name="Term discounts", kind="expense")
    )
    term = _discount_term(uow, company, own.id)
    inv = _invoice(uow, company, "1000.00", payment_term_id=term)
    register_payment(uow, company.id, [inv], RegisterPaymentInput(date(2026, 3, 12)))
    assert _balance(uow, own.id) == 2000
    assert _balance(uow, company.accounts["6950"]) == 0


def test_a_missing_discount_setting_refuses_the_payment_before_any_write(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    term = _discount_term(uow, company, None)
    inv = _invoice(uow, company, "1000.00", payment_term_id=term)
    account_settings.update_company_settings(uow, company.id, discount_granted_account=None)
    before = row_counts(uow)
    with pytest.raises(MissingSetting, match="discount_granted_account"):
        register_payment(uow, company.id, [inv], RegisterPaymentInput(date(2026, 3, 12)))
    assert row_counts(uow) == before


def test_a_reverse_charge_tax_may_be_negative_but_not_below_minus_100(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    tax = chart.create_tax(uow, company.id, NewTax(name="RC -21%", usage="purchase", amount=D("-21"), tax_account_id=company.accounts["2100"]))  # fmt: skip
    assert tax.amount == D("-21")
    with pytest.raises(InvalidInput, match="cannot be below -100"):
        chart.create_tax(uow, company.id, NewTax(name="RC", usage="purchase", amount=D("-101"), tax_account_id=company.accounts["2100"]))  # fmt: skip
    with pytest.raises(InvalidInput, match="zero or positive"):
        chart.create_tax(uow, company.id, NewTax(name="Fixed", usage="purchase", amount=D("-1"), amount_type="fixed", tax_account_id=company.accounts["2100"]))  # fmt: skip
