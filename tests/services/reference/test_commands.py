"""Reference data written from typed commands: one transaction per use case, duplicate keys
named with the concept's own word, partial updates, and read models instead of rows."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from asiento.domain.commands.bank_accounts import BankAccountChanges, NewBankAccount
from asiento.domain.commands.chart import AccountChanges, JournalChanges, NewAccount, NewJournal
from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.domain.commands.products import NewProduct, ProductChanges
from asiento.domain.commands.purchase_settings import SettingsChanges
from asiento.domain.commands.reconciliation_rules import NewRule, RuleChanges
from asiento.domain.commands.taxes import NewTax, TaxChanges
from asiento.domain.errors import DuplicateKey, InvalidInput, NotFound
from asiento.services.bank import reconciliation_rules as rules
from asiento.services.demo.seed import SeededCompany
from asiento.services.orders import purchase_settings
from asiento.services.reference import (
    bank_accounts,
    chart,
    partners,
    product_taxes,
    products,
    reads,
)
from asiento.services.reference.views import PartnerView, ProductView
from asiento.store.tables import Product
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

D = Decimal


def _product_count(uow: UnitOfWork, company_id: int) -> int:
    with uow:
        stmt = select(func.count()).select_from(Product).where(Product.company_id == company_id)
        return int(uow.session.scalar(stmt) or 0)


def _failing_write(*_args: object) -> None:
    raise InvalidInput("the taxes could not be written", field="tax_ids")


def test_a_failure_in_the_taxes_leaves_no_product(
    uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product row is flushed before its taxes are written: one transaction undoes both."""
    before = row_counts(uow)
    monkeypatch.setattr(product_taxes, "write_tax_ids", _failing_write)
    cmd = NewProduct(code="LAMP", name="Lamp", tax_ids=(company.taxes["VAT 21% sale"],))
    with pytest.raises(InvalidInput, match="the taxes could not be written"):
        products.create_product(uow, company.id, cmd)
    assert row_counts(uow) == before
    assert _product_count(uow, company.id) == 0


def test_an_unknown_tax_is_refused_by_position_and_leaves_no_product(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    cmd = NewProduct(code="LAMP", name="Lamp", tax_ids=(company.taxes["VAT 21% sale"], 999_999))
    with pytest.raises(NotFound, match="tax 999999 not found") as err:
        products.create_product(uow, company.id, cmd)
    assert err.value.field == "tax_ids[1]"
    assert row_counts(uow) == before


def test_a_product_and_its_taxes_change_together_or_not_at_all(
    uow: UnitOfWork, company: SeededCompany, monkeypatch: pytest.MonkeyPatch
) -> None:
    sale, purchase = company.taxes["VAT 21% sale"], company.taxes["VAT 21% purchase"]
    made = products.create_product(
        uow, company.id, NewProduct(code="LAMP", name="Lamp", tax_ids=(purchase, sale, sale))
    )
    assert isinstance(made, ProductView) and made.tax_ids == tuple(sorted((sale, purchase)))
    monkeypatch.setattr(product_taxes, "write_tax_ids", _failing_write)
    with pytest.raises(InvalidInput):
        products.update_product(uow, company.id, made.id, ProductChanges(name="Desk lamp"))
    monkeypatch.undo()
    assert reads.get_product(uow, company.id, made.id) == made
    kept = products.update_product(uow, company.id, made.id, ProductChanges(name="Desk lamp"))
    assert (kept.name, kept.tax_ids) == ("Desk lamp", made.tax_ids)  # taxes left out: kept
    cleared = products.update_product(uow, company.id, made.id, ProductChanges(tax_ids=()))
    assert (cleared.name, cleared.tax_ids) == ("Desk lamp", ())


def test_duplicate_keys_are_named_with_the_concept_s_word(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    cases = [
        (
            lambda: chart.create_account(
                uow, company.id, NewAccount(code="1000", name="X", kind="bank")
            ),
            "account with code '1000' exists already",
            "code",
        ),
        (
            lambda: chart.create_journal(
                uow, company.id, NewJournal(code="BNK1", name="X", kind="bank")
            ),
            "journal with code 'BNK1' exists already",
            "code",
        ),
        (
            lambda: chart.create_tax(
                uow,
                company.id,
                NewTax(name="VAT 21%", amount=D(21), tax_account_id=company.accounts["2100"]),
            ),
            "tax with name 'VAT 21%' and usage 'sale' exists already",
            "usage",
        ),
    ]
    for call, message, field in cases:
        with pytest.raises(DuplicateKey) as err:
            call()
        assert (err.value.message, err.value.field) == (message, field)
    assert row_counts(uow) == before


def test_a_product_code_and_a_rule_name_are_unique_and_keeping_one_s_own_is_fine(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    desk = products.create_product(uow, company.id, NewProduct(code="DESK", name="Desk"))
    with pytest.raises(DuplicateKey, match=r"^product with code 'DESK' exists already$"):
        products.create_product(uow, company.id, NewProduct(code="DESK", name="Other"))
    assert products.update_product(uow, company.id, desk.id, ProductChanges(code="DESK")) == desk
    fees = rules.create_rule(
        uow, company.id, NewRule(name="Fees", account_id=company.accounts["6200"])
    )
    with pytest.raises(
        DuplicateKey, match=r"^reconciliation rule with name 'Fees' exists already$"
    ):
        rules.create_rule(
            uow, company.id, NewRule(name="Fees", account_id=company.accounts["6200"])
        )
    renamed = rules.update_rule(uow, company.id, fees.id, RuleChanges(sequence=5))
    assert (renamed.name, renamed.sequence) == ("Fees", 5)


def test_a_journal_code_cannot_change_and_nothing_is_written(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    journal = company.journals["BNK1"]
    before = reads.get_journal(uow, company.id, journal)
    with pytest.raises(InvalidInput, match="code cannot be changed once in use"):
        chart.update_journal(uow, company.id, journal, JournalChanges(code="BNK9", name="Renamed"))
    assert reads.get_journal(uow, company.id, journal) == before
    same = chart.update_journal(uow, company.id, journal, JournalChanges(code="BNK1", name="Main"))
    assert (same.code, same.name) == ("BNK1", "Main")


def test_an_update_changes_only_what_it_sets_and_none_clears(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    made = partners.create_partner(
        uow, company.id, NewPartner(name="Azure", email="ar@azure.example", city="Madrid")
    )
    changed = partners.update_partner(
        uow, company.id, made.id, PartnerChanges(email=None, street="Calle Mayor 1")
    )
    assert (changed.name, changed.email, changed.street, changed.city) == (
        "Azure",
        None,
        "Calle Mayor 1",
        "Madrid",
    )
    assert partners.update_partner(uow, company.id, made.id, PartnerChanges()) == changed
    tax = chart.update_tax(uow, company.id, company.taxes["VAT 21% sale"], TaxChanges(sequence=3))
    assert (tax.sequence, tax.amount, tax.name) == (3, D(21), "VAT 21%")
    account = chart.update_account(
        uow, company.id, company.accounts["6200"], AccountChanges(name="Fees")
    )
    assert (account.code, account.name) == ("6200", "Fees")


def test_a_bank_account_change_keeps_what_it_leaves_out(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    made = bank_accounts.create_bank_account(
        uow,
        company.id,
        NewBankAccount(iban="DE89370400440532013000", bic="COBADEFFXXX", currency="EUR"),
    )
    cleared = bank_accounts.update_bank_account(
        uow, company.id, made.id, BankAccountChanges(bic=None, bank_name="Commerzbank")
    )
    assert (cleared.iban, cleared.bic, cleared.bank_name, cleared.currency) == (
        "DE89370400440532013000",
        None,
        "Commerzbank",
        "EUR",
    )
    with pytest.raises(InvalidInput, match="a company bank account needs its currency"):
        bank_accounts.update_bank_account(
            uow, company.id, made.id, BankAccountChanges(currency=None)
        )
    assert bank_accounts.get_bank_account(uow, company.id, made.id) == cleared


def test_a_rule_whose_range_is_empty_or_whose_tax_is_fixed_is_refused(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    before = row_counts(uow)
    fee = company.accounts["6200"]
    with pytest.raises(InvalidInput, match="amount_min is above amount_max"):
        rules.create_rule(
            uow, company.id, NewRule(name="F", account_id=fee, amount_min=D(5), amount_max=D(1))
        )
    with pytest.raises(NotFound, match="partner 999999 not found"):
        rules.create_rule(uow, company.id, NewRule(name="F", account_id=fee, partner_id=999_999))
    fixed = chart.create_tax(
        uow,
        company.id,
        NewTax(
            name="Fee", amount=D(1), amount_type="fixed", tax_account_id=company.accounts["2100"]
        ),
    )
    after_tax = row_counts(uow)
    with pytest.raises(InvalidInput, match="a rule's tax must be a percent tax"):
        rules.create_rule(uow, company.id, NewRule(name="F", account_id=fee, tax_id=fixed.id))
    assert row_counts(uow) == after_tax
    assert after_tax["reconciliation_rules"] == before["reconciliation_rules"]


def test_purchase_settings_change_only_what_is_set(uow: UnitOfWork, company: SeededCompany) -> None:
    first = purchase_settings.update_settings(
        uow, company.id, SettingsChanges(bill_policy="received", three_way_matching=True)
    )
    second = purchase_settings.update_settings(
        uow, company.id, SettingsChanges(receipt_tolerance_pct=D("2.5"))
    )
    assert (second.bill_policy, second.three_way_matching, second.receipt_tolerance_pct) == (
        "received",
        True,
        D("2.5"),
    )
    with pytest.raises(InvalidInput) as err:
        purchase_settings.update_settings(uow, company.id, SettingsChanges(bill_policy="ordered"))
    assert err.value.field == "three_way_matching"
    assert purchase_settings.get_settings(uow, company.id) == second != first


def test_services_hand_out_frozen_views_not_rows(uow: UnitOfWork, company: SeededCompany) -> None:
    made = partners.create_partner(uow, company.id, NewPartner(name="Azure"))
    for view in (
        made,
        reads.get_partner(uow, company.id, made.id),
        reads.get_account(uow, company.id, company.accounts["1000"]),
        reads.get_journal(uow, company.id, company.journals["BNK1"]),
        reads.get_tax(uow, company.id, company.taxes["VAT 21% sale"]),
        chart.list_accounts(uow, company.id)[0],
        partners.list_partners(uow, company.id)[0],
    ):
        assert dataclasses.is_dataclass(view) and view.__dataclass_params__.frozen  # type: ignore[union-attr]
    assert isinstance(made, PartnerView) and made.payment_days == ""
