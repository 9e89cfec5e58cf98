"""The journal entry an invoice posts: signs, grouping, conversion, and balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from asiento.domain.entries import ItemDraft, check_amounts, check_balanced, mirror
from asiento.domain.errors import (
    ConflictingBaseAccounts,
    CurrencyMismatch,
    InstallmentsMismatch,
    InvalidAmount,
    NegativeInvoiceTotal,
)
from asiento.domain.invoice_entry import (
    InstallmentDue,
    entry_items,
    partner_sign,
    single_installment,
)
from asiento.domain.invoice_totals import (
    DocumentKind,
    InvoiceDocument,
    InvoiceLine,
    InvoiceTotals,
    compute_totals,
)
from asiento.domain.money import Money, money
from asiento.domain.taxes import RoundingMode, TaxRule

D = Decimal
DUE = date(2026, 3, 31)
CUSTOMER = 42
RECEIVABLE = 1100


def tax(
    id: int,
    amount: str,
    account: int,
    *,
    fixed: bool = False,
    included: bool = False,
    base_account: int | None = None,
    affects_base: bool = False,
    sequence: int = 10,
) -> TaxRule:
    return TaxRule(
        id=id,
        name=f"tax {id}",
        amount_type="fixed" if fixed else "percent",
        amount=D(amount),
        price_include=included,
        tax_account_id=account,
        base_account_id=base_account,
        group="VAT",
        sequence=sequence,
        include_base_amount=affects_base,
    )


VAT21 = tax(1, "21", 4721)
VAT10 = tax(3, "10", 4710)
ZERO_RATE = tax(5, "0", 4700)


def line(
    price: str, *taxes: TaxRule, account: int = 700, quantity: str = "1", text: str = "item"
) -> InvoiceLine:
    return InvoiceLine(text, D(quantity), D(price), account, taxes)


def post(
    *lines: InvoiceLine,
    kind: DocumentKind = "customer_invoice",
    currency: str = "EUR",
    rate: str = "1",
    installments: list[InstallmentDue] | None = None,
) -> list[ItemDraft]:
    document = InvoiceDocument(kind, currency, "EUR", lines, "round_per_line", D(rate))
    totals = compute_totals(document)
    return entry_items(
        totals,
        partner_id=CUSTOMER,
        partner_account_id=RECEIVABLE,
        installments=installments or single_installment(totals.total, DUE),
    )


def item(
    account: int,
    debit: str = "0",
    credit: str = "0",
    *,
    label: str = "item",
    currency: str = "EUR",
    amount_currency: str | None = None,
    **fields: object,
) -> ItemDraft:
    signed = D(debit) - D(credit) if amount_currency is None else D(amount_currency)
    return ItemDraft(
        account,
        D(debit),
        D(credit),
        partner_id=CUSTOMER,
        label=label,
        currency=currency,
        amount_currency=signed,
        **fields,  # type: ignore[arg-type]
    )


SALE = (
    line("100.00", VAT21, text="consulting"),
    line("50.00", VAT21, text="more consulting"),
    line("20.00", VAT21, account=701, text="travel"),
    line("10.00", VAT10, text="books"),
)


def test_a_customer_invoice_debits_the_receivable_and_credits_income_and_tax() -> None:
    assert post(*SALE) == [
        item(700, credit="150.00", label="consulting", tax_ids=(1,)),
        item(701, credit="20.00", label="travel", tax_ids=(1,)),
        item(700, credit="10.00", label="books", tax_ids=(3,)),
        item(4721, credit="35.70", label="tax 1", tax_id=1),
        item(4710, credit="1.00", label="tax 3", tax_id=3),
        item(RECEIVABLE, debit="216.70", label="", due_date=DUE),
    ]


def test_a_customer_credit_note_mirrors_the_invoice() -> None:
    assert post(*SALE, kind="customer_credit_note") == [mirror(i) for i in post(*SALE)]


def test_a_vendor_bill_credits_the_payable_and_debits_expense_and_tax() -> None:
    bill = post(*SALE, kind="vendor_bill")

    assert bill == [mirror(i) for i in post(*SALE)]
    assert bill[-1].credit == D("216.70")
    assert all(i.debit > 0 for i in bill[:-1])


def test_a_vendor_credit_note_mirrors_the_vendor_bill() -> None:
    assert post(*SALE, kind="vendor_credit_note") == [
        mirror(i) for i in post(*SALE, kind="vendor_bill")
    ]


@pytest.mark.parametrize(
    ("kind", "sign"),
    [
        ("customer_invoice", 1),
        ("vendor_credit_note", 1),
        ("customer_credit_note", -1),
        ("vendor_bill", -1),
    ],
)
def test_the_partner_side_depends_on_the_document_type(kind: str, sign: int) -> None:
    assert partner_sign(kind) == sign


def test_a_zero_rate_tax_posts_no_tax_item_but_its_base_still_names_it() -> None:
    assert post(line("80.00", ZERO_RATE)) == [
        item(700, credit="80.00", tax_ids=(5,)),
        item(RECEIVABLE, debit="80.00", label="", due_date=DUE),
    ]


def test_a_discount_line_on_its_own_account_lands_on_the_other_side() -> None:
    items = post(line("100.00", VAT21), line("-10.00", VAT21, account=709, text="discount"))

    assert items[1] == item(709, debit="10.00", label="discount", tax_ids=(1,))
    assert items[2] == item(4721, credit="18.90", label="tax 1", tax_id=1)


def test_a_tax_base_account_takes_the_base_of_its_lines() -> None:
    reverse_charge = tax(6, "0", 4700, base_account=705)

    assert post(line("10.00", reverse_charge))[0] == item(705, credit="10.00", tax_ids=(6,))


def test_taxes_naming_two_base_accounts_on_one_line_are_refused() -> None:
    first, second = tax(6, "0", 4700, base_account=705), tax(7, "0", 4700, base_account=706)

    with pytest.raises(ConflictingBaseAccounts) as caught:
        post(line("1.00"), line("10.00", first, second))

    assert str(caught.value) == "lines[1].taxes: the taxes name different base accounts [705, 706]"


# ---- foreign currency ---------------------------------------------------------------


def test_a_dollar_invoice_puts_the_conversion_cent_on_the_largest_income_item() -> None:
    items = post(
        line("33.33", VAT21, quantity="3", text="a"),
        line("10.01", VAT21, account=701, text="b"),
        currency="USD",
        rate="0.9137",
    )

    # 99.99 x 0.9137 = 91.3609 -> 91.36, less the cent: the untaxed total is 100.50, not 100.51
    assert items == [
        item(
            700, credit="91.35", label="a", currency="USD", amount_currency="-99.99", tax_ids=(1,)
        ),
        item(701, credit="9.15", label="b", currency="USD", amount_currency="-10.01", tax_ids=(1,)),
        item(
            4721, credit="21.11", label="tax 1", currency="USD", amount_currency="-23.10", tax_id=1
        ),
        item(
            RECEIVABLE,
            debit="121.61",
            label="",
            currency="USD",
            amount_currency="133.10",
            due_date=DUE,
        ),
    ]


def test_the_last_installment_takes_what_conversion_leaves_of_the_total() -> None:
    schedule = [
        InstallmentDue(date(2026, 3, 1), money("40.00", "USD")),
        InstallmentDue(date(2026, 4, 1), money("50.00", "USD")),
        InstallmentDue(date(2026, 5, 1), money("43.10", "USD")),
    ]

    items = post(line("110.00", VAT21), currency="USD", rate="0.9137", installments=schedule)[-3:]

    # 40 x 0.9137 = 36.548 -> 36.55 ; 50 x 0.9137 = 45.685 -> 45.69 ; 121.61 - 82.24 = 39.37
    assert [(i.debit, i.amount_currency, i.due_date, i.label) for i in items] == [
        (D("36.55"), D("40.00"), date(2026, 3, 1), "installment 1/3"),
        (D("45.69"), D("50.00"), date(2026, 4, 1), "installment 2/3"),
        (D("39.37"), D("43.10"), date(2026, 5, 1), "installment 3/3"),
    ]
    assert all(i.partner_id == CUSTOMER and i.account_id == RECEIVABLE for i in items)


# ---- the schedule ---------------------------------------------------------------------


def test_without_payment_terms_the_whole_total_is_due_on_one_date() -> None:
    assert single_installment(money("121.00", "EUR"), DUE) == [(DUE, money("121.00", "EUR"))]


def test_any_installment_with_a_due_date_and_an_amount_fits_the_schedule() -> None:
    @dataclass(frozen=True)
    class TermInstallment:
        due_date: date
        amount: Money
        line_number: int = 1

    document = InvoiceDocument("customer_invoice", "EUR", "EUR", (line("10.00"),))
    totals = compute_totals(document)
    items = entry_items(
        totals,
        partner_id=CUSTOMER,
        partner_account_id=RECEIVABLE,
        installments=[TermInstallment(DUE, money("10.00", "EUR"))],
    )

    assert items[-1].due_date == DUE


def _schedule_error(schedule: list[InstallmentDue]) -> Exception:
    totals: InvoiceTotals = compute_totals(
        InvoiceDocument("customer_invoice", "EUR", "EUR", (line("100.00"),))
    )
    with pytest.raises(Exception) as caught:
        entry_items(totals, partner_id=1, partner_account_id=1, installments=schedule)
    return caught.value


@pytest.mark.parametrize(
    ("schedule", "error", "message"),
    [
        ([], InstallmentsMismatch, "installments: a schedule needs at least one installment"),
        (
            [InstallmentDue(DUE, money("60.00", "EUR")), InstallmentDue(DUE, money("30", "EUR"))],
            InstallmentsMismatch,
            "installments: they sum to 90.00, the total is 100.00",
        ),
        (
            [InstallmentDue(DUE, money("100.00", "USD"))],
            CurrencyMismatch,
            "installments[0].amount: USD is not the invoice currency EUR",
        ),
        (
            [InstallmentDue(DUE, money("110", "EUR")), InstallmentDue(DUE, money("-10", "EUR"))],
            InvalidAmount,
            "installments[1].amount: an installment cannot be negative",
        ),
        (
            [
                InstallmentDue(DUE, money("99.995", "EUR")),
                InstallmentDue(DUE, money("0.005", "EUR")),
            ],
            InvalidAmount,
            "installments[0].amount: 99.995 EUR has more decimals than EUR allows",
        ),
    ],
)
def test_a_schedule_that_does_not_fit_the_total_is_refused(
    schedule: list[InstallmentDue], error: type[Exception], message: str
) -> None:
    caught = _schedule_error(schedule)

    assert type(caught) is error
    assert str(caught) == message


# ---- the entry always balances ----------------------------------------------------------

TAX_POOL = [
    VAT21,
    VAT10,
    ZERO_RATE,
    tax(11, "21", 4721, included=True),
    tax(12, "10", 4712, included=True, affects_base=True, sequence=1),
    tax(13, "0.35", 4713, fixed=True, affects_base=True, sequence=2),
    tax(14, "5.2", 4714, sequence=20),
    tax(15, "-15", 4715, sequence=30),
]
CURRENCIES = [
    ("EUR", "EUR"),
    ("USD", "EUR"),
    ("EUR", "JPY"),
    ("JPY", "EUR"),
    ("BHD", "EUR"),
    ("EUR", "BHD"),
]


@st.composite
def documents(draw: st.DrawFn) -> InvoiceDocument:
    currency, company = draw(st.sampled_from(CURRENCIES))
    rate = D(1)
    if currency != company:
        rate = draw(st.decimals(min_value=D("0.000001"), max_value=D(500), places=6))
    places = {"JPY": 0, "BHD": 3}.get(currency, 2)
    lines = draw(
        st.lists(
            st.builds(
                InvoiceLine,
                description=st.just("line"),
                quantity=st.decimals(min_value=D("0.001"), max_value=D(1000), places=3),
                price_unit=st.decimals(min_value=D(-50), max_value=D(5000), places=places + 2),
                account_id=st.sampled_from([700, 701, 702]),
                taxes=st.lists(st.sampled_from(TAX_POOL), max_size=3, unique=True).map(tuple),
                discount=st.sampled_from([D(0), D(10), D("12.5"), D(100)]),
            ),
            min_size=1,
            max_size=6,
        )
    )
    kind: DocumentKind = draw(
        st.sampled_from(
            ["customer_invoice", "customer_credit_note", "vendor_bill", "vendor_credit_note"]
        )
    )
    mode: RoundingMode = draw(st.sampled_from(["round_per_line", "round_globally"]))
    return InvoiceDocument(kind, currency, company, tuple(lines), mode, rate)


@settings(max_examples=300, deadline=None)
@given(documents(), st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=4))
def test_the_posted_entry_balances_in_both_currencies_and_matches_the_totals(
    document: InvoiceDocument, weights: list[int]
) -> None:
    try:
        totals = compute_totals(document)
    except NegativeInvoiceTotal:
        reject()
    schedule = [InstallmentDue(DUE, part) for part in totals.total.allocate(weights)]

    items = entry_items(totals, partner_id=1, partner_account_id=RECEIVABLE, installments=schedule)

    sign = partner_sign(document.kind)
    partner = [i for i in items if i.account_id == RECEIVABLE]
    taxes = [i for i in items if i.tax_id is not None]
    assert check_balanced(items) == []
    assert check_amounts(items, document.company_currency) == []
    assert sum(i.amount_currency or 0 for i in items) == 0
    assert sum(i.balance for i in partner) == sign * totals.total_company.amount
    assert sum(i.amount_currency or 0 for i in partner) == sign * totals.total.amount
    assert sum(i.balance for i in taxes) == -sign * totals.tax_total_company.amount
    assert sum(i.amount_currency or 0 for i in taxes) == -sign * totals.tax_total.amount
    assert totals.total == totals.untaxed + totals.tax_total
    assert totals.total_company == totals.untaxed_company + totals.tax_total_company
    assert all(i.partner_id == 1 and i.due_date == DUE for i in partner)
