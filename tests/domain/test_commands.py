"""The typed commands of the reference data: the rules they check without a database,
and the partial-update semantics (``UNSET`` keeps a field, ``None`` clears it)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from asiento.domain.commands.bank_accounts import NewBankAccount, check_bank_account
from asiento.domain.commands.changes import UNSET, fields_set, merged, unset_if_none
from asiento.domain.commands.chart import (
    AccountChanges,
    JournalChanges,
    NewAccount,
    NewJournal,
    check_code_kept,
    checked_account,
    checked_journal,
)
from asiento.domain.commands.companies import (
    CALENDAR_SETTINGS,
    COMPANY_SETTINGS,
    IDENTITY_SETTINGS,
    CompanyChanges,
    only_lock_date,
)
from asiento.domain.commands.followup_levels import LevelInput, check_email_subject
from asiento.domain.commands.partners import NewPartner, PartnerChanges, checked_partner
from asiento.domain.commands.products import NewProduct, checked_product
from asiento.domain.commands.purchase_settings import Settings, check_settings
from asiento.domain.commands.reconciliation_rules import NewRule, check_rule, check_rule_range
from asiento.domain.commands.taxes import NewTax, checked_tax, clean_translations
from asiento.domain.errors import InvalidFollowupLevel, InvalidInput
from asiento.domain.numbering import InvalidNumberFormat

D = Decimal


def refused(check: object, cmd: object) -> tuple[str, str | None]:
    with pytest.raises(InvalidInput) as err:
        check(cmd)  # type: ignore[operator]
    return err.value.message, err.value.field


# ---- partial updates -------------------------------------------------------------------


def test_unset_keeps_a_field_and_none_clears_it() -> None:
    current = NewPartner(name="Azure", email="ar@azure.example", city="Madrid")
    changes = PartnerChanges(email=None, street="Calle Mayor 1")
    assert fields_set(changes) == {"email": None, "street": "Calle Mayor 1"}
    after = merged(current, changes)
    assert (after.name, after.email, after.street, after.city) == (
        "Azure",
        None,
        "Calle Mayor 1",
        "Madrid",
    )
    assert merged(current, PartnerChanges()) == current


def test_an_option_left_out_is_unset_and_a_given_one_is_kept() -> None:
    assert unset_if_none(None) is UNSET
    assert unset_if_none("") == ""
    assert unset_if_none(False) is False
    assert repr(UNSET) == "UNSET"


def test_commands_are_frozen_and_refuse_unknown_fields() -> None:
    cmd = NewAccount(code="6000", name="Rent", kind="expense")
    with pytest.raises(dataclasses.FrozenInstanceError):
        cmd.code = "7000"  # type: ignore[misc]
    with pytest.raises(TypeError, match="colour"):
        AccountChanges(colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        NewAccount("6000", "Rent", "expense")  # type: ignore[misc]  # keywords only


# ---- partners and products ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cmd", "message", "field"),
    [
        (NewPartner(name="  "), "name is required", "name"),
        (NewPartner(name="X", payment_days="0,15"), None, "payment_days"),
        (NewPartner(name="X", einvoice_format="pdf"), None, "einvoice_format"),
        (NewPartner(name="X", electronic_address_scheme="ZZZZ"), None, "electronic_address_scheme"),
    ],
)
def test_a_partner_is_refused_by_field(cmd: NewPartner, message: str | None, field: str) -> None:
    got, got_field = refused(checked_partner, cmd)
    assert got_field == field
    if message is not None:
        assert got == message


def test_a_partner_is_normalised() -> None:
    cmd = checked_partner(
        NewPartner(
            name="X", payment_days=[20, 5, 5], buyer_reference="  ", electronic_address=" a "
        )
    )
    assert (cmd.payment_days, cmd.buyer_reference, cmd.electronic_address) == ("5,20", None, "a")


@pytest.mark.parametrize(
    ("cmd", "message", "field"),
    [
        (NewProduct(code=" ", name="X"), "code is required", "code"),
        (
            NewProduct(code="P", name="X", sale_price=D("-1")),
            "sale_price cannot be negative",
            "sale_price",
        ),
        (
            NewProduct(code="P", name="X", purchase_price=D(10) ** 15),
            "purchase_price must be below 10^15",
            "purchase_price",
        ),
        (
            NewProduct(code="P", name="X", bill_policy="delivered"),
            "bill policy 'delivered' is not 'ordered' or 'received'",
            "bill_policy",
        ),
        (
            NewProduct(code="P", name="X", invoice_policy="received"),
            "invoice policy 'received' is not 'ordered' or 'delivered'",
            "invoice_policy",
        ),
        (NewProduct(code="P", name="X", unit_code="hours"), None, "unit_code"),
    ],
)
def test_a_product_is_refused_by_field(cmd: NewProduct, message: str | None, field: str) -> None:
    got, got_field = refused(checked_product, cmd)
    assert got_field == field
    if message is not None:
        assert got == message


def test_a_product_policy_left_empty_is_the_company_default() -> None:
    cmd = checked_product(NewProduct(code="P", name="X", bill_policy="", tax_ids=[3, 1]))  # type: ignore[arg-type]
    assert (cmd.bill_policy, cmd.invoice_policy, cmd.unit_code, cmd.tax_ids) == (
        None,
        None,
        "C62",
        (3, 1),
    )


# ---- accounts, journals, taxes ------------------------------------------------------------


def test_an_account_is_refused_by_field() -> None:
    message, field = refused(checked_account, NewAccount(code="1", name="X", kind="asset"))
    assert field == "kind" and message.startswith("kind must be one of receivable, payable, bank")
    assert refused(checked_account, NewAccount(code=" ", name="X", kind="expense")) == (
        "code is required",
        "code",
    )


def test_receivable_and_payable_accounts_are_always_reconcilable() -> None:
    assert checked_account(NewAccount(code="1", name="X", kind="payable")).reconcilable is True
    assert checked_account(NewAccount(code="1", name="X", kind="expense")).reconcilable is False


def test_a_journal_is_refused_by_field_and_gets_its_kind_s_number_format() -> None:
    assert refused(checked_journal, NewJournal(code="J", name="J", kind="misc")) == (
        "kind must be one of sale, purchase, bank, cash, general",
        "kind",
    )
    with pytest.raises(InvalidNumberFormat, match=r"must contain \{seq\}"):
        checked_journal(NewJournal(code="J", name="J", kind="sale", number_format="INV"))
    assert checked_journal(NewJournal(code="J", name="J", kind="sale")).number_format == (
        "{prefix}/{year}/{seq:05d}"
    )


def test_a_journal_code_never_changes() -> None:
    check_code_kept(JournalChanges().code, "BNK1")
    check_code_kept("BNK1", "BNK1")
    with pytest.raises(InvalidInput, match="code cannot be changed once in use") as err:
        check_code_kept("BNK2", "BNK1")
    assert err.value.field == "code"


def _tax(**values: object) -> NewTax:
    return NewTax(**{"name": "T", "amount": D(21), "tax_account_id": 1} | values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "message", "field"),
    [
        ({"amount_type": "division"}, "amount_type must be percent or fixed", "amount_type"),
        ({"usage": "both"}, "usage must be sale, purchase or none", "usage"),
        ({"amount_type": "fixed", "amount": D(-1)}, "amount must be zero or positive", "amount"),
        ({"amount": D(101)}, "a percent tax cannot exceed 100", "amount"),
        ({"amount": D(-101)}, "a percent tax cannot be below -100", "amount"),
        (
            {"amount_type": "fixed", "price_include": True},
            "a fixed tax cannot be price-included",
            "price_include",
        ),
        (
            {"legal_mention": "tax_free"},
            "legal_mention must be one of exempt, reverse_charge, intra_community, export",
            "legal_mention",
        ),
        (
            {"name_translations": {"de": "MwSt"}},
            "no language 'de' (en, es, zh)",
            "name_translations",
        ),
    ],
)
def test_a_tax_is_refused_by_field(values: dict[str, object], message: str, field: str) -> None:
    assert refused(checked_tax, _tax(**values)) == (message, field)


def test_a_negative_percent_is_the_accrued_half_of_a_reverse_charge() -> None:
    assert checked_tax(_tax(amount=D(-21))).amount == D(-21)


def test_a_tax_gets_its_category_and_clean_translations() -> None:
    cmd = checked_tax(_tax(legal_mention="", name_translations={"zh": " 增值税 ", "es": ""}))
    assert (cmd.legal_mention, cmd.vat_category, cmd.name_translations) == (
        None,
        "S",
        {"zh": "增值税"},
    )
    assert clean_translations(None) == {}


# ---- bank accounts, rules, levels, purchase settings --------------------------------------


@pytest.mark.parametrize(
    ("cmd", "message", "field"),
    [
        (
            NewBankAccount(currency="EUR", account_number="123"),
            "a bank account needs an IBAN, or an account number with its bank code",
            "iban",
        ),
        (
            NewBankAccount(iban="DE89370400440532013000"),
            "a company bank account needs its currency",
            "currency",
        ),
        (
            NewBankAccount(partner_id=7, iban="DE89370400440532013000", is_default=True),
            "only company accounts have a default",
            "is_default",
        ),
    ],
)
def test_a_bank_account_is_refused_by_field(cmd: NewBankAccount, message: str, field: str) -> None:
    assert refused(check_bank_account, cmd) == (message, field)


def test_a_partner_account_needs_no_currency() -> None:
    check_bank_account(NewBankAccount(partner_id=7, account_number="123", bank_code="0049"))


def test_a_rule_is_refused_by_field() -> None:
    assert refused(check_rule, NewRule(name=" ", account_id=1)) == ("name is required", "name")
    assert refused(check_rule, NewRule(name="Fees", account_id=None)) == (  # type: ignore[arg-type]
        "account_id is required",
        "account_id",
    )
    assert refused(
        check_rule_range, NewRule(name="F", account_id=1, amount_min=D(5), amount_max=D(1))
    ) == (
        "amount_min is above amount_max",
        "amount_min",
    )
    check_rule_range(NewRule(name="F", account_id=1, amount_min=D(5), amount_max=D(5)))


def test_an_email_level_needs_a_subject() -> None:
    with pytest.raises(InvalidFollowupLevel, match="an email level needs a subject"):
        check_email_subject(LevelInput(1, "Mail", 10, send_email=True, email_subject=" "))
    check_email_subject(LevelInput(1, "Letter", 10, send_letter=True))


@pytest.mark.parametrize(
    ("settings", "field", "start"),
    [
        (Settings(bill_policy="delivered"), "bill_policy", "bill policy 'delivered'"),
        (Settings(invoice_policy="received"), "invoice_policy", "invoice policy 'received'"),
        (Settings(three_way_matching=True), "three_way_matching", "3-way matching compares"),
        (Settings(receipt_tolerance_pct=D(101)), "receipt_tolerance_pct", "receipt_tolerance_pct"),
        (
            Settings(receipt_tolerance_pct=D("NaN")),
            "receipt_tolerance_pct",
            "receipt_tolerance_pct",
        ),
    ],
)
def test_purchase_settings_are_refused_by_field(settings: Settings, field: str, start: str) -> None:
    message, got = refused(check_settings, settings)
    assert got == field and message.startswith(start)


def test_three_way_matching_with_received_quantities_is_accepted() -> None:
    ok = Settings(bill_policy="received", three_way_matching=True)
    assert check_settings(ok) is ok


# ---- company settings ------------------------------------------------------------------


def test_company_changes_carry_each_setting_group_once_and_never_the_currency() -> None:
    names = [f.name for f in dataclasses.fields(CompanyChanges)]
    groups = COMPANY_SETTINGS + CALENDAR_SETTINGS + IDENTITY_SETTINGS
    assert sorted(names) == sorted(groups)
    assert len(set(groups)) == len(groups)
    assert "currency" not in names


def test_only_a_lock_date_change_is_a_lock_date_change() -> None:
    assert only_lock_date(CompanyChanges(lock_date=None))
    assert only_lock_date(CompanyChanges())
    assert not only_lock_date(CompanyChanges(lock_date=None, name="Renamed"))
    assert not only_lock_date(CompanyChanges(weekend_days=[6]))
    assert not only_lock_date(CompanyChanges(legal_name=None))
