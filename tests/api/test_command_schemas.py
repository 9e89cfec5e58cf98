"""Every API body converts into its command: no field of a body is unknown to the command
(that would be a TypeError, a 500), and a patch sets only the fields it was sent."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from pydantic import BaseModel

from asiento.api.schemas.companies import BankAccountCreate, BankAccountUpdate
from asiento.api.schemas.followups import LevelCreate, LevelUpdate
from asiento.api.schemas.partners import PartnerCreate, PartnerUpdate, ProductCreate, ProductUpdate
from asiento.api.schemas.purchasing import PurchaseSettingsIn
from asiento.api.schemas.reference import (
    AccountCreate,
    AccountUpdate,
    JournalCreate,
    JournalUpdate,
    TaxCreate,
    TaxUpdate,
)
from asiento.api.schemas.statements import RuleIn, RulePatch
from asiento.domain.commands import (
    bank_accounts,
    chart,
    followup_levels,
    partners,
    products,
    purchase_settings,
    reconciliation_rules,
    taxes,
)
from asiento.domain.commands.changes import UNSET, fields_set

PAIRS: list[tuple[type[BaseModel], type]] = [
    (PartnerCreate, partners.NewPartner),
    (PartnerUpdate, partners.PartnerChanges),
    (ProductCreate, products.NewProduct),
    (ProductUpdate, products.ProductChanges),
    (AccountCreate, chart.NewAccount),
    (AccountUpdate, chart.AccountChanges),
    (JournalCreate, chart.NewJournal),
    (JournalUpdate, chart.JournalChanges),
    (TaxCreate, taxes.NewTax),
    (TaxUpdate, taxes.TaxChanges),
    (BankAccountCreate, bank_accounts.NewBankAccount),
    (BankAccountUpdate, bank_accounts.BankAccountChanges),
    (RuleIn, reconciliation_rules.NewRule),
    (RulePatch, reconciliation_rules.RuleChanges),
    (LevelCreate, followup_levels.LevelInput),
    (LevelUpdate, followup_levels.LevelChanges),
    (PurchaseSettingsIn, purchase_settings.SettingsChanges),
]


@pytest.mark.parametrize(("schema", "command"), PAIRS, ids=lambda p: getattr(p, "__name__", ""))
def test_every_body_field_is_a_command_field(schema: type[BaseModel], command: type) -> None:
    assert set(schema.model_fields) <= {f.name for f in dataclasses.fields(command)}


def test_a_patch_sets_only_what_was_sent_and_null_clears() -> None:
    changes = PartnerUpdate.model_validate({"email": None, "city": "Madrid"}).command()
    assert fields_set(changes) == {"email": None, "city": "Madrid"}
    assert changes.name is UNSET
    product = ProductUpdate.model_validate({"tax_ids": [3, 1], "sale_price": "2.50"}).command()
    assert fields_set(product) == {"tax_ids": (3, 1), "sale_price": Decimal("2.50")}
    assert fields_set(ProductUpdate.model_validate({}).command()) == {}
    settings = PurchaseSettingsIn.model_validate({"wait_for_payment": True}).command()
    assert fields_set(settings) == {"wait_for_payment": True}


def test_a_create_body_becomes_a_complete_command() -> None:
    body = {"code": "LAMP", "name": "Lamp", "tax_ids": [4], "sale_price": "10"}
    cmd = ProductCreate.model_validate(body).command()
    assert (cmd.code, cmd.tax_ids, cmd.sale_price, cmd.unit) == ("LAMP", (4,), Decimal(10), "unit")
    account = BankAccountCreate.model_validate({"iban": "X", "currency": "EUR"}).command(7)
    assert (account.partner_id, account.iban, account.is_default) == (7, "X", False)
