"""E-invoice code lists and the business terms each format requires (pure rules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.einvoice import VAT_CATEGORIES
from asiento.domain.einvoice.codes import (
    category_for,
    checked_scheme,
    checked_unit_code,
    checked_vat_category,
)
from asiento.domain.einvoice.model import (
    Address,
    DocumentTotals,
    EInvoice,
    Party,
    PaymentInstructions,
    VatBreakdown,
)
from asiento.domain.einvoice.requirements import missing_terms
from asiento.domain.errors import InvalidInput

D = Decimal


@given(
    st.sampled_from([None, "exempt", "reverse_charge", "intra_community", "export", "other"]),
    st.decimals(min_value=-100, max_value=100, places=2),
)
def test_category_for_is_always_a_uncl5305_code(mention: str | None, rate: Decimal) -> None:
    assert category_for(mention, rate) in VAT_CATEGORIES


def test_codes_are_normalised_or_refused_with_their_field() -> None:
    assert (checked_vat_category(" ae "), checked_unit_code("hur"), checked_scheme("em")) == (
        "AE", "HUR", "EM",
    )  # fmt: skip
    for check, value, field in (
        (checked_vat_category, "Q", "vat_category"),
        (checked_unit_code, "hours", "unit_code"),
        (checked_scheme, "1234", "electronic_address_scheme"),
    ):
        with pytest.raises(InvalidInput) as caught:
            check(value)
        assert caught.value.field == field


def _doc() -> EInvoice:
    party = Party("Seller", Address("DE", ("Street 1",), "Berlin", "10115"), vat_id="DE136695976",
                  endpoint="DE136695976", endpoint_scheme="9930", contact_name="Seller",
                  contact_phone="+49 30 1", contact_email="a@b.example")  # fmt: skip
    return EInvoice(
        kind="invoice", number="INV/1", issue_date=dt.date(2026, 3, 10), currency="EUR",
        seller=party, buyer=replace(party, name="Buyer"), lines=(),
        vat_breakdown=(VatBreakdown("S", D(21), D(100), D(21)),),
        totals=DocumentTotals(D(100), D(100), D(21), D(121), D(121)),
        buyer_reference="991-1", payment=PaymentInstructions("58", iban="DE89370400440532013000"),
    )  # fmt: skip


def test_a_complete_document_misses_nothing_in_any_format() -> None:
    for fmt in ("facturx", "ubl", "xrechnung-cii", "xrechnung-ubl"):
        assert missing_terms(_doc(), fmt) == []


def test_every_missing_term_is_named_at_once() -> None:
    doc = replace(
        _doc(),
        buyer=replace(_doc().buyer, endpoint=None, address=Address("DE")),
        buyer_reference=None,
        payment=None,
    )
    assert [p.field for p in missing_terms(doc, "facturx")] == []
    assert [p.field for p in missing_terms(doc, "ubl")] == ["BT-49", "BT-10", "BG-16"]
    assert [p.field for p in missing_terms(doc, "xrechnung-ubl")] == [
        "BT-49", "BT-10", "BT-52", "BT-53", "BG-16",
    ]  # fmt: skip
