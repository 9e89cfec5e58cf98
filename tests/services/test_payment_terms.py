"""Payment terms as stored records: CRUD, refused input, previews, partner defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from asiento.domain.commands.partners import NewPartner, PartnerChanges
from asiento.domain.errors import (
    AsientoError,
    DuplicateKey,
    InstallmentsExceedTotal,
    NotFound,
    PaymentTermInUse,
    PaymentTermInvalid,
)
from asiento.domain.money import money
from asiento.domain.payment_term_seeds import SEED_TERM_DICTS
from asiento.services.demo.seed import SeededCompany, load_demo, seed_company
from asiento.services.reference import partners, payment_terms
from asiento.services.reference.payment_terms import Preview
from asiento.store.tables import Partner
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import customer, row_counts

D = date.fromisoformat
THIRTY_NOW: dict[str, Any] = {
    "name": "30% now, balance end of following month",
    "lines": [
        {"kind": "percent", "value": "30", "due": {}},
        {"kind": "balance", "due": {"months": 1, "end_of_month": True}},
    ],
}
TWO_TEN: dict[str, Any] = {
    "name": "2% 10, Net 30 EOM",
    "lines": [{"kind": "balance", "due": {"months": 1, "end_of_month": True}}],
    "discount": {"percent": "2", "days": 10},
}


def schedule(preview: Preview) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (
            i.due_date.isoformat(),
            str(i.amount.amount),
            i.discount_date.isoformat() if i.discount_date else None,
            str(i.discounted_amount.amount) if i.discounted_amount else None,
        )
        for i in preview.installments
    ]


def preview(uow: UnitOfWork, company: SeededCompany, ref: int | str, amount: str, day: str) -> Any:
    return payment_terms.preview_term(
        uow, company.id, ref, total=money(amount, "EUR"), invoice_date=D(day)
    )


def test_a_term_is_created_read_listed_renamed_and_deactivated(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    made = payment_terms.create_term(uow, company.id, THIRTY_NOW, note="our usual")

    read = payment_terms.get_term(uow, company.id, made.id)
    assert (read.name, read.note, read.active, read.definition) == (
        THIRTY_NOW["name"],
        "our usual",
        True,
        THIRTY_NOW,
    )
    assert payment_terms.get_term(uow, company.id, THIRTY_NOW["name"]).id == made.id
    assert payment_terms.get_term(uow, company.id, str(made.id)).id == made.id
    renamed = THIRTY_NOW | {"name": "30/70"}
    changed = payment_terms.update_term(uow, company.id, made.id, definition=renamed, active=False)
    assert (changed.name, changed.active, changed.note) == ("30/70", False, "our usual")
    listed, cursor = payment_terms.list_terms(uow, company.id)
    assert ([v.name for v in listed], cursor) == (["30/70"], None)
    assert payment_terms.list_terms(uow, company.id, active=True)[0] == []


def test_an_unused_term_is_deleted(uow: UnitOfWork, company: SeededCompany) -> None:
    made = payment_terms.create_term(uow, company.id, TWO_TEN)

    payment_terms.delete_term(uow, company.id, made.id)

    with pytest.raises(NotFound, match="payment term"):
        payment_terms.get_term(uow, company.id, made.id)


def test_a_term_a_partner_uses_cannot_be_deleted(uow: UnitOfWork, company: SeededCompany) -> None:
    made = payment_terms.create_term(uow, company.id, TWO_TEN)
    partners.create_partner(
        uow, company.id, NewPartner(name="Azure", customer_payment_term=made.name)
    )
    before = row_counts(uow)

    with pytest.raises(PaymentTermInUse, match=r"used by 1 partner\(s\); deactivate it instead"):
        payment_terms.delete_term(uow, company.id, made.id)

    assert row_counts(uow) == before


BAD_TERMS = [
    (
        [{"kind": "percent", "value": "120"}, {"kind": "balance"}],
        "lines[0].value",
        "percent_over_100",
        "line 1: percent 120 is over 100 %",
    ),
    (
        [
            {"kind": "percent", "value": "70"},
            {"kind": "percent", "value": "40"},
            {"kind": "balance"},
        ],
        "lines[1].value",
        "percent_total_over_100",
        "line 2: percents add up to 110 %, over 100 %",
    ),
    (
        [{"kind": "balance"}, {"kind": "balance", "due": {"days": 30}}],
        "lines[0].kind",
        "balance_not_last",
        "line 1: a balance line must be last",
    ),
    (
        [{"kind": "percent", "value": "30"}],
        "lines[0].kind",
        "last_line_not_balance",
        "line 1: the last line must be the balance, not percent",
    ),
    (
        [{"kind": "percent", "value": "30"}, {"kind": "balance", "due": {"day_of_month": 32}}],
        "lines[1].due.day_of_month",
        "day_of_month_out_of_range",
        "line 2: day of month 32 is outside 1..31",
    ),
    (
        [{"kind": "balance", "due": {"months": 1, "day_of_month": 0}}],
        "lines[0].due.day_of_month",
        "day_of_month_out_of_range",
        "line 1: day of month 0 is outside 1..31",
    ),
    (
        [{"kind": "percent", "value": "30"}, {"kind": "balance", "due": {"days": -5}}],
        "lines[1].due.days",
        "negative_days",
        "line 2: days -5 is negative",
    ),
    ([], "lines", "empty_term", "a payment term needs at least one line"),
]


@pytest.mark.parametrize(("lines", "field", "code", "message"), BAD_TERMS)
def test_a_bad_term_is_refused_naming_its_line_and_nothing_is_stored(
    uow: UnitOfWork,
    company: SeededCompany,
    lines: list[dict[str, Any]],
    field: str,
    code: str,
    message: str,
) -> None:
    before = row_counts(uow)

    with pytest.raises(PaymentTermInvalid) as caught:
        payment_terms.create_term(uow, company.id, {"name": "Bad", "lines": lines})

    first = caught.value.problems[0]
    assert (first.field, first.code, first.message) == (field, code, message)
    assert caught.value.message == message
    assert row_counts(uow) == before


def test_a_bad_definition_leaves_the_stored_term_as_it_was(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    made = payment_terms.create_term(uow, company.id, THIRTY_NOW)
    bad = THIRTY_NOW | {"lines": [{"kind": "percent", "value": "101"}, {"kind": "balance"}]}

    with pytest.raises(PaymentTermInvalid, match="line 1: percent 101 is over 100 %"):
        payment_terms.update_term(uow, company.id, made.id, definition=bad)

    assert payment_terms.get_term(uow, company.id, made.id).definition == THIRTY_NOW


def test_a_taken_name_is_refused(uow: UnitOfWork, company: SeededCompany) -> None:
    payment_terms.create_term(uow, company.id, THIRTY_NOW)
    other = payment_terms.create_term(uow, company.id, TWO_TEN)
    before = row_counts(uow)

    with pytest.raises(DuplicateKey, match="payment term '30% now, balance end of following"):
        payment_terms.create_term(uow, company.id, THIRTY_NOW)
    with pytest.raises(DuplicateKey):
        payment_terms.update_term(uow, company.id, other.id, definition=THIRTY_NOW)

    assert row_counts(uow) == before


def test_the_same_name_is_free_in_another_company(uow: UnitOfWork, company: SeededCompany) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    mine = payment_terms.create_term(uow, company.id, THIRTY_NOW)
    theirs = payment_terms.create_term(uow, other.id, THIRTY_NOW)

    assert mine.id != theirs.id
    with pytest.raises(NotFound):
        payment_terms.get_term(uow, other.id, mine.id)


def test_the_worked_example_previews_exactly(uow: UnitOfWork, company: SeededCompany) -> None:
    made = payment_terms.create_term(uow, company.id, THIRTY_NOW)

    result = preview(uow, company, made.id, "1000.00", "2026-02-21")

    assert schedule(result) == [
        ("2026-02-21", "300.00", None, None),
        ("2026-03-31", "700.00", None, None),
    ]


def test_a_cash_discount_previews_its_date_and_discounted_amount(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    made = payment_terms.create_term(uow, company.id, TWO_TEN)

    result = preview(uow, company, made.name, "1000", "2026-02-21")

    assert schedule(result) == [("2026-03-31", "1000.00", "2026-03-03", "980.00")]


def test_a_fixed_line_larger_than_the_invoice_is_refused_at_preview(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    definition = {
        "name": "Deposit",
        "lines": [{"kind": "fixed", "value": "1500"}, {"kind": "balance"}],
    }
    made = payment_terms.create_term(uow, company.id, definition)

    with pytest.raises(InstallmentsExceedTotal) as caught:
        preview(uow, company, made.id, "1000.00", "2026-02-21")

    assert (
        caught.value.message
        == "line 1: fixed amount 1500 is larger than the invoice total 1000.00 EUR"
    )


def test_a_total_finer_than_the_currency_is_refused_at_preview(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    made = payment_terms.create_term(uow, company.id, THIRTY_NOW)

    with pytest.raises(AsientoError, match=r"total 1000\.001 EUR has more decimals than EUR"):
        preview(uow, company, made.id, "1000.001", "2026-02-21")


def test_partner_default_terms_by_name_or_id_and_cleared(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    a = payment_terms.create_term(uow, company.id, THIRTY_NOW)
    b = payment_terms.create_term(uow, company.id, TWO_TEN)

    partner = partners.create_partner(
        uow,
        company.id,
        NewPartner(name="Azure", customer_payment_term=a.name, supplier_payment_term=b.id),
    )
    assert (partner.customer_payment_term_id, partner.supplier_payment_term_id) == (a.id, b.id)
    changed = partners.update_partner(
        uow,
        company.id,
        partner.id,
        PartnerChanges(customer_payment_term=str(b.id), supplier_payment_term=None),
    )
    assert (changed.customer_payment_term_id, changed.supplier_payment_term_id) == (b.id, None)


def test_a_partner_refuses_a_term_of_another_company(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    other = seed_company(uow, "Other SL", "EUR")
    theirs = payment_terms.create_term(uow, other.id, THIRTY_NOW)
    partner_id = customer(uow, company)
    before = row_counts(uow)

    with pytest.raises(NotFound) as caught:
        partners.create_partner(
            uow, company.id, NewPartner(name="X", customer_payment_term=theirs.id)
        )
    assert (caught.value.message, caught.value.field) == (
        f"payment term {theirs.id} not found",
        "customer_payment_term",
    )
    with pytest.raises(NotFound, match="payment term 'Nope' not found"):
        partners.update_partner(
            uow, company.id, partner_id, PartnerChanges(supplier_payment_term="Nope")
        )

    assert row_counts(uow) == before
    with uow:
        assert uow.session.get(Partner, partner_id).supplier_payment_term_id is None  # type: ignore[union-attr]


def test_the_demo_has_the_seed_terms_and_partner_defaults(uow: UnitOfWork) -> None:
    demo = load_demo(uow)
    assert demo is not None

    views, _ = payment_terms.list_terms(uow, demo.id)
    assert sorted(v.definition["name"] for v in views) == sorted(d["name"] for d in SEED_TERM_DICTS)
    ids = {v.name: v.id for v in views}
    with uow:
        smith = uow.session.get(Partner, demo.partners["Smith and Offspring"])
        wood = uow.session.get(Partner, demo.partners["Wood Corner"])
        assert smith is not None and wood is not None
        assert smith.customer_payment_term_id == ids["30% now, balance end of following month"]
        assert wood.supplier_payment_term_id == ids["21st of the following month"]
    result = preview(uow, demo, "2% 10, Net 30 EOM", "121.00", "2026-01-31")
    assert schedule(result) == [("2026-02-28", "121.00", "2026-02-10", "118.58")]
    assert result.total.amount == Decimal("121.00")
