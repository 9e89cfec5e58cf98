"""A table of tax cases with exact totals through the service, and rounding modes.

Each posted entry must equal the printed totals to the cent: the partner item
is the total, the tax items are the taxes, the base items the untaxed amount.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.services.invoicing.invoice_views import InvoiceView
from asiento.store.tables import JournalItem
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import add_tax, customer, entry_items, invoice_input, line, posted

D = Decimal

TAXES: dict[str, dict[str, Any]] = {
    "VAT 21": {"amount": D(21)},
    "VAT 10": {"amount": D(10)},
    "Eco 0.50": {"amount_type": "fixed", "amount": D("0.50")},
    "VAT 21 incl": {"amount": D(21), "price_include": True},
    "Eco 2 base": {
        "amount_type": "fixed",
        "amount": D(2),
        "include_base_amount": True,
        "sequence": 1,
    },
}

# (taxes, price, quantity) -> (untaxed, tax, total)
CASES = [
    (("VAT 21",), "100.00", "1", ("100.00", "21.00", "121.00")),
    (("Eco 0.50",), "10.00", "3", ("30.00", "1.50", "31.50")),
    (("VAT 21 incl",), "121.00", "1", ("100.00", "21.00", "121.00")),
    (("VAT 21 incl",), "10.00", "3", ("24.79", "5.21", "30.00")),
    (("VAT 21", "VAT 10"), "100.00", "1", ("100.00", "31.00", "131.00")),
    (("Eco 2 base", "VAT 21"), "100.00", "1", ("100.00", "23.42", "123.42")),
    ((), "0.333333", "3", ("1.00", "0.00", "1.00")),
]


def check_entry_equals_totals(items: list[JournalItem], view: InvoiceView, receivable: int) -> None:
    """Receivable = total; tax items = tax; the rest = untaxed; debits = credits."""
    cents = Decimal("0.01")
    partner = sum(i.debit - i.credit for i in items if i.account_id == receivable)
    taxes = sum(i.credit - i.debit for i in items if i.tax_id is not None)
    assert sum(i.debit for i in items) == sum(i.credit for i in items)
    assert D(partner) * cents == view.amount_total
    assert D(taxes) * cents == view.amount_tax
    assert D(partner - taxes) * cents == view.amount_untaxed


@pytest.mark.parametrize(("names", "price", "quantity", "expected"), CASES)
def test_tax_case_totals_and_entry(
    uow: UnitOfWork,
    company: SeededCompany,
    names: tuple[str, ...],
    price: str,
    quantity: str,
    expected: tuple[str, str, str],
) -> None:
    ids = [add_tax(uow, company, name, **TAXES[name]) for name in names]
    view = posted(uow, company, invoice_input(customer(uow, company), line(price, quantity, *ids)))
    assert (view.amount_untaxed, view.amount_tax, view.amount_total) == tuple(map(D, expected))
    check_entry_equals_totals(entry_items(uow, view.entry_id or 0), view, company.accounts["1100"])


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("round_per_line", ("0.21", "0.03", "0.24")), ("round_globally", ("0.21", "0.04", "0.25"))],
)
def test_rounding_per_line_and_globally_differ_by_one_cent(
    uow: UnitOfWork, mode: str, expected: tuple[str, str, str]
) -> None:
    company = seed_company(uow, f"Rounding {mode}", "EUR", tax_rounding=mode)
    vat = company.taxes["VAT 21% sale"]
    lines = [line("0.07", "1", vat) for _ in range(3)]
    view = posted(uow, company, invoice_input(customer(uow, company), *lines))
    assert (view.amount_untaxed, view.amount_tax, view.amount_total) == tuple(map(D, expected))
    assert [t.amount for t in view.taxes] == [D(expected[1])]
    check_entry_equals_totals(entry_items(uow, view.entry_id or 0), view, company.accounts["1100"])


prices = st.decimals(min_value=D("0.01"), max_value=D("9999"), places=4)
quantities = st.decimals(min_value=D("0.5"), max_value=D("50"), places=2)
tax_names = st.sampled_from(["VAT 21% sale", "VAT 10% sale", "VAT 0% sale"])
discounts = st.sampled_from([D(0), D(10), D("12.5")])


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(st.tuples(prices, quantities, tax_names, discounts), min_size=1, max_size=5))
def test_posted_entry_balances_and_partner_items_sum_to_total(
    uow: UnitOfWork,
    company: SeededCompany,
    lines: list[tuple[Decimal, Decimal, str, Decimal]],
) -> None:
    partner = company.partners.get("Acme") or customer(uow, company)
    inputs = [line(str(p), str(q), company.taxes[t], discount=d) for p, q, t, d in lines]
    view = posted(uow, company, invoice_input(partner, *inputs))
    check_entry_equals_totals(entry_items(uow, view.entry_id or 0), view, company.accounts["1100"])
    assert sum((i.amount for i in view.installments), D(0)) == view.amount_total
