"""Invoice totals: both rounding modes, company currency, and the refusals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asiento.domain.errors import (
    InvalidRate,
    InvalidTaxRule,
    NegativeInvoiceTotal,
    NoInvoiceLines,
    NonPositiveQuantity,
    UnknownCurrency,
    UnknownDocumentKind,
)
from asiento.domain.invoice_totals import (
    DocumentKind,
    InvoiceDocument,
    InvoiceLine,
    InvoiceTotals,
    absorb_difference,
    compute_totals,
)
from asiento.domain.money import Money, money
from asiento.domain.taxes import RoundingMode, TaxRule

D = Decimal


def tax(id: int, amount: str, *, included: bool = False, group: str = "VAT") -> TaxRule:
    return TaxRule(id, f"VAT {amount}%", "percent", D(amount), included, 4700, None, group, 10)


VAT21 = tax(1, "21")
VAT21_INC = tax(2, "21", included=True)
VAT10 = tax(3, "10")
SURCHARGE = tax(4, "5.2", group="Surcharge")


def line(price: str, *taxes: TaxRule, quantity: str = "1", account: int = 700) -> InvoiceLine:
    return InvoiceLine("item", D(quantity), D(price), account, taxes)


def totals_of(
    *lines: InvoiceLine,
    mode: RoundingMode = "round_per_line",
    currency: str = "EUR",
    company: str = "EUR",
    rate: str = "1",
    kind: DocumentKind = "customer_invoice",
) -> InvoiceTotals:
    return compute_totals(InvoiceDocument(kind, currency, company, lines, mode, D(rate)))


def eur(amount: str) -> Money:
    return money(amount, "EUR")


def figures(totals: InvoiceTotals) -> tuple[Money, Money, Money]:
    return totals.untaxed, totals.tax_total, totals.total


# ---- the two rounding modes ---------------------------------------------------


def test_three_lines_of_1_50_at_21_percent_cost_a_cent_more_when_rounding_per_line() -> None:
    # each line: 0.315 -> 0.32, three times 0.96 ; globally: 0.945 -> 0.95
    lines = [line("1.50", VAT21)] * 3

    assert figures(totals_of(*lines, mode="round_per_line")) == (
        eur("4.50"),
        eur("0.96"),
        eur("5.46"),
    )
    assert figures(totals_of(*lines, mode="round_globally")) == (
        eur("4.50"),
        eur("0.95"),
        eur("5.45"),
    )


def test_three_lines_of_1_20_at_21_percent_cost_a_cent_less_when_rounding_per_line() -> None:
    # each line: 0.252 -> 0.25, three times 0.75 ; globally: 0.756 -> 0.76
    lines = [line("1.20", VAT21)] * 3

    assert totals_of(*lines, mode="round_per_line").tax_total == eur("0.75")
    assert totals_of(*lines, mode="round_globally").tax_total == eur("0.76")


def test_price_included_totals_stay_the_shelf_price_in_both_modes() -> None:
    # 1.00 / 1.21: tax 0.173553.. per line. Per line 0.17 x 3 = 0.51 ; globally 0.5206.. -> 0.52
    lines = [line("1.00", VAT21_INC)] * 3

    per_line = totals_of(*lines, mode="round_per_line")
    globally = totals_of(*lines, mode="round_globally")

    assert figures(per_line) == (eur("2.49"), eur("0.51"), eur("3.00"))
    assert per_line.line_bases == (eur("0.83"), eur("0.83"), eur("0.83"))
    assert figures(globally) == (eur("2.48"), eur("0.52"), eur("3.00"))
    # each base rounds to 0.83; the first of the largest gives back the cent
    assert globally.line_bases == (eur("0.82"), eur("0.83"), eur("0.83"))


def test_rounding_globally_with_excluded_taxes_keeps_each_printed_line_base() -> None:
    totals = totals_of(line("0.015", VAT10, quantity="3"), mode="round_globally")

    # 0.045 prints as 0.05; the tax is 10% of the printed base: 0.005 -> 0.01
    # (10% of the unrounded 0.045 would be 0.0045 -> 0.00)
    assert totals.line_bases == (eur("0.05"),)
    assert totals.tax_total == eur("0.01")


# ---- per tax and per group ------------------------------------------------------


def test_taxes_are_totalled_per_tax_and_per_group() -> None:
    totals = totals_of(
        line("33.33", VAT21, SURCHARGE),
        line("10.00", VAT21),
        line("5.00", VAT10),
    )

    # VAT 21%: 6.9993 -> 7.00 and 2.10 ; surcharge 1.73316 -> 1.73 ; VAT 10%: 0.50
    assert totals.tax_by_tax == {1: eur("9.10"), 3: eur("0.50"), 4: eur("1.73")}
    assert totals.tax_by_group == {"VAT": eur("9.60"), "Surcharge": eur("1.73")}
    assert [t.base for t in totals.taxes] == [eur("43.33"), eur("5.00"), eur("33.33")]
    assert figures(totals) == (eur("48.33"), eur("11.33"), eur("59.66"))


# ---- company currency -------------------------------------------------------------


def test_a_dollar_invoice_converts_to_euros_and_the_untaxed_amount_absorbs_the_rounding() -> None:
    totals = totals_of(
        line("33.33", VAT21, quantity="3"),
        line("10.01", VAT21, account=701),
        currency="USD",
        rate="0.9137",
    )

    assert figures(totals) == (
        money("110.00", "USD"),
        money("23.10", "USD"),
        money("133.10", "USD"),
    )
    # tax 23.10 x 0.9137 = 21.106 -> 21.11 ; total 133.10 x 0.9137 = 121.613 -> 121.61
    # untaxed: 121.61 - 21.11 = 100.50 (110.00 x 0.9137 = 100.507 would round to 100.51)
    assert (totals.untaxed_company, totals.tax_total_company, totals.total_company) == (
        eur("100.50"),
        eur("21.11"),
        eur("121.61"),
    )
    assert totals.taxes[0].amount_company == eur("21.11")


def test_a_euro_invoice_for_a_yen_company_rounds_to_whole_yen() -> None:
    totals = totals_of(line("100.00", VAT21), company="JPY", rate="161.2345")

    # 21.00 x 161.2345 = 3385.92 -> 3386 ; 121.00 x 161.2345 = 19509.37 -> 19509
    assert (totals.untaxed_company, totals.tax_total_company, totals.total_company) == (
        money(16123, "JPY"),
        money(3386, "JPY"),
        money(19509, "JPY"),
    )


def test_a_dinar_invoice_keeps_three_decimals_and_converts_to_euros() -> None:
    totals = totals_of(line("1.234", VAT10, quantity="2"), currency="BHD", rate="2.4321")

    assert figures(totals) == (money("2.468", "BHD"), money("0.247", "BHD"), money("2.715", "BHD"))
    # 2.715 x 2.4321 = 6.6032 -> 6.60 ; 0.247 x 2.4321 = 0.6007 -> 0.60
    assert (totals.untaxed_company, totals.tax_total_company, totals.total_company) == (
        eur("6.00"),
        eur("0.60"),
        eur("6.60"),
    )


# ---- negative lines and totals -----------------------------------------------------


def test_a_negative_discount_line_is_allowed_while_the_total_stays_positive() -> None:
    totals = totals_of(line("100.00", VAT21), line("-15.00", VAT21))

    assert figures(totals) == (eur("85.00"), eur("17.85"), eur("102.85"))


def test_a_free_invoice_totals_zero() -> None:
    assert totals_of(line("0", VAT21)).total == eur("0.00")


@pytest.mark.parametrize(
    ("kind", "advice"),
    [
        ("customer_invoice", "use a credit note"),
        ("vendor_bill", "use a vendor credit note"),
        ("customer_credit_note", "use an invoice"),
        ("vendor_credit_note", "use a vendor bill"),
    ],
)
def test_a_negative_total_is_refused_and_names_the_right_document(
    kind: DocumentKind, advice: str
) -> None:
    with pytest.raises(NegativeInvoiceTotal) as caught:
        totals_of(line("10.00", VAT21), line("-20.00", VAT21), kind=kind)

    assert str(caught.value) == f"total: the total is negative (-12.10 EUR): {advice}"
    assert caught.value.code == "negative_total"


# ---- refusals --------------------------------------------------------------------


def test_an_invoice_without_lines_is_refused() -> None:
    with pytest.raises(NoInvoiceLines, match="lines: an invoice needs at least one line"):
        totals_of()


def test_a_bad_line_is_named_by_its_position() -> None:
    with pytest.raises(NonPositiveQuantity) as caught:
        totals_of(line("1"), line("1"), line("1", quantity="0"))

    assert str(caught.value) == "lines[2].quantity: quantity must be positive"
    assert caught.value.field == "lines[2].quantity"


def test_a_rate_other_than_one_for_the_company_currency_is_refused() -> None:
    with pytest.raises(InvalidRate, match="rate: a document in the company currency has rate 1"):
        totals_of(line("1"), rate="1.1")


@pytest.mark.parametrize("rate", ["0", "-1.2"])
def test_a_rate_that_is_not_positive_is_refused(rate: str) -> None:
    with pytest.raises(InvalidRate, match="rate: the rate must be positive"):
        totals_of(line("1"), currency="USD", rate=rate)


def test_an_unknown_document_type_is_refused() -> None:
    with pytest.raises(UnknownDocumentKind):
        totals_of(line("1"), kind="entry")  # type: ignore[arg-type]


def test_an_unknown_currency_is_refused() -> None:
    with pytest.raises(UnknownCurrency):
        totals_of(line("1"), currency="XXY", rate="2")


def test_one_tax_id_with_two_definitions_is_refused() -> None:
    other = TaxRule(1, "VAT 20%", "percent", D(20), False, 4700, None, "VAT", 10)

    with pytest.raises(
        InvalidTaxRule, match=r"lines\[1\]\.taxes: tax 1 has two different definitions"
    ):
        totals_of(line("1", VAT21), line("1", other))


# ---- invariants --------------------------------------------------------------------


def test_the_largest_part_absorbs_the_difference() -> None:
    assert absorb_difference([D("1.00"), D("-3.00"), D("2.00")], D("0.01")) == [
        D("1.00"),
        D("-2.99"),
        D("2.00"),
    ]


@given(
    st.lists(st.decimals(min_value=D(0), max_value=D(10000), places=6), min_size=1, max_size=8),
    st.sampled_from(["5", "10", "21", "5.5"]),
)
def test_rounding_globally_a_single_tax_is_the_rate_of_the_untaxed_amount_rounded_once(
    prices: list[Decimal], rate: str
) -> None:
    vat = tax(9, rate)
    totals = totals_of(
        *(InvoiceLine("x", D(1), p, 700, (vat,)) for p in prices), mode="round_globally"
    )

    expected = (totals.untaxed.amount * D(rate) / 100).quantize(D("0.01"), ROUND_HALF_UP)
    assert totals.tax_total.amount == expected
    assert totals.total == totals.untaxed + totals.tax_total
    assert totals.untaxed.amount == sum(b.amount for b in totals.line_bases)


@given(
    st.lists(st.decimals(min_value=D(0), max_value=D(10000), places=2), min_size=1, max_size=8),
    st.lists(
        st.sampled_from([VAT21_INC, tax(5, "10", included=True)]),
        min_size=1,
        max_size=2,
        unique=True,
    ),
    st.sampled_from(["round_per_line", "round_globally"]),
)
def test_price_included_invoices_total_the_sum_of_their_shelf_prices(
    prices: list[Decimal], taxes: list[TaxRule], mode: RoundingMode
) -> None:
    totals = totals_of(*(InvoiceLine("x", D(1), p, 700, tuple(taxes)) for p in prices), mode=mode)

    assert totals.total.amount == sum(prices)
    assert totals.untaxed.amount == sum(b.amount for b in totals.line_bases)
