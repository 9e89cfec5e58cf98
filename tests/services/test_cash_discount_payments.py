"""Cash discounts taken by payments, for each tax treatment, through the services.

Invoices are dated 2026-03-10 under "2 % within 10 days, net end of the
following month": the discount window ends 2026-03-20.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from asiento.domain.errors import DiscountedBaseUnsupported
from asiento.reports.common import ReportFilter
from asiento.reports.tax import tax_report
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_documents import invoice_html, invoice_print
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.store.tables import JournalEntry, JournalItem, Payment, PaymentTerm, journal_item_taxes
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import add_tax, customer, invoice_input, line, posted
from tests.builders.ledger import row_counts

D = Decimal
IN_WINDOW = date(2026, 3, 15)
LAST_DAY = date(2026, 3, 20)
AFTER = date(2026, 3, 21)
Row = tuple[str, str, str, int | None, tuple[int, ...]]


def _term(uow: UnitOfWork, company: SeededCompany, treatment: str) -> int:
    definition = {
        "name": f"2% 10 {treatment}",
        "lines": [{"kind": "balance", "due": {"months": 1, "end_of_month": True}}],
        "discount": {"percent": "2", "days": 10, "tax_treatment": treatment},
    }
    with uow:
        row = PaymentTerm(
            company_id=company.id,
            name=definition["name"],
            note="",
            definition=json.dumps(definition),
            active=True,
            created_at=datetime.now(UTC),
        )
        uow.session.add(row)
        uow.commit()
        return row.id


def _invoice(uow: UnitOfWork, company: SeededCompany, treatment: str, *rates: str) -> int:
    """1000.00 per rate given (at that VAT rate), under the treatment's term."""
    acme = customer(uow, company)
    sales = company.accounts["4000"]
    lines = [line("1000.00", "1", company.taxes[f"VAT {r}% sale"], account_id=sales) for r in rates]
    data = invoice_input(acme, *lines, payment_term_id=_term(uow, company, treatment))
    return posted(uow, company, data).id


def _rows(uow: UnitOfWork, company: SeededCompany, entry_ids: list[int]) -> list[Row]:
    """(account code, debit, credit, tax_id, tax_ids) of the entries' items, in order."""
    codes = {v: k for k, v in company.accounts.items()}
    with uow:
        s = uow.session
        items = s.scalars(
            select(JournalItem)
            .where(JournalItem.entry_id.in_(entry_ids))
            .order_by(JournalItem.entry_id, JournalItem.sequence, JournalItem.id)
        ).all()
        links = s.execute(
            select(journal_item_taxes.c.item_id, journal_item_taxes.c.tax_id).where(
                journal_item_taxes.c.item_id.in_([i.id for i in items])
            )
        ).all()
        return [
            (
                codes[i.account_id],
                str(from_minor(i.debit, "EUR")),
                str(from_minor(i.credit, "EUR")),
                i.tax_id,
                tuple(sorted(t for item_id, t in links if item_id == i.id)),
            )
            for i in items
        ]


def _discount_entries(uow: UnitOfWork, company: SeededCompany) -> list[int]:
    with uow:
        return list(
            uow.session.scalars(
                select(JournalEntry.id)
                .where(
                    JournalEntry.company_id == company.id,
                    JournalEntry.origin_kind == "cash_discount",
                )
                .order_by(JournalEntry.id)
            )
        )


def _pay(
    uow: UnitOfWork, company: SeededCompany, inv: int, day: date, amount: str | None = None
) -> list[Row]:
    """Register a payment; return the items of its entry."""
    cmd = RegisterPaymentInput(day, D(amount) if amount is not None else None)
    result = register_payment(uow, company.id, [inv], cmd)
    with uow:
        payment = uow.session.get(Payment, result.payments[0].id)
        assert payment is not None and payment.entry_id is not None
        entry_id = payment.entry_id
    return _rows(uow, company, [entry_id])


def _state(uow: UnitOfWork, company: SeededCompany, inv: int) -> tuple[str, Decimal]:
    view = invoices.get_invoice(uow, company.id, inv)
    return view.payment_state, view.amount_residual


def test_reduce_on_early_payment_posts_the_tax_correction_per_tax(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """1000 at 21 % + 1000 at 10 % = 2310.00; 2 % of it, 46.20, shared by bases and taxes."""
    inv = _invoice(uow, company, "reduce_on_early_payment", "21", "10")
    vat21, vat10 = company.taxes["VAT 21% sale"], company.taxes["VAT 10% sale"]
    assert _pay(uow, company, inv, LAST_DAY) == [
        ("1020", "2263.80", "0.00", None, ()),
        ("1100", "0.00", "2263.80", None, ()),
    ]
    [entry] = _discount_entries(uow, company)
    assert _rows(uow, company, [entry]) == [
        ("1100", "0.00", "46.20", None, ()),
        ("6950", "20.00", "0.00", None, (vat21,)),
        ("6950", "20.00", "0.00", None, (vat10,)),
        ("2100", "4.20", "0.00", vat21, ()),
        ("2100", "2.00", "0.00", vat10, ()),
    ]
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))
    with uow:
        f = ReportFilter(company.id, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31))
        report = tax_report(uow.session, f)
    figures = {(r.tax, r.usage): (r.base, r.amount) for r in report.rows}
    assert figures[("VAT 21%", "sale")] == (D("980.00"), D("205.80"))
    assert figures[("VAT 10%", "sale")] == (D("980.00"), D("98.00"))


def test_never_reduce_tax_writes_the_whole_discount_off_net(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """1210.00; 2 % of the untaxed 1000.00 is 20.00, all of it on 6950."""
    inv = _invoice(uow, company, "never_reduce_tax", "21")
    assert _pay(uow, company, inv, IN_WINDOW) == [
        ("1020", "1190.00", "0.00", None, ()),
        ("1100", "0.00", "1190.00", None, ()),
    ]
    assert _rows(uow, company, _discount_entries(uow, company)) == [
        ("1100", "0.00", "20.00", None, ()),
        ("6950", "20.00", "0.00", None, ()),
    ]
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))
    with uow:
        f = ReportFilter(company.id, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31))
        rows = tax_report(uow.session, f).rows
    assert [(r.base, r.amount) for r in rows if r.tax == "VAT 21%"] == [(D("1000.00"), D("210.00"))]


def test_no_discount_after_the_window(uow: UnitOfWork, company: SeededCompany) -> None:
    inv = _invoice(uow, company, "reduce_on_early_payment", "21")
    assert _pay(uow, company, inv, AFTER) == [
        ("1020", "1210.00", "0.00", None, ()),
        ("1100", "0.00", "1210.00", None, ()),
    ]
    assert _discount_entries(uow, company) == []
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))


def test_three_partial_payments_in_the_window_then_one_after(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """1210.00, discounted 1185.80: each payment earns 24.20 x paid / 1185.80, rounded once.

    400.00 earns 8.16; 700.00 in all earns 14.29 (6.13 more); 900.00 earns
    18.37 (4.08 more). After the window the 291.63 left is paid in full.
    """
    inv = _invoice(uow, company, "reduce_on_early_payment", "21")
    vat21 = company.taxes["VAT 21% sale"]
    expected = (("400.00", "801.84"), ("300.00", "495.71"), ("200.00", "291.63"))
    for amount, left in expected:
        assert _pay(uow, company, inv, IN_WINDOW, amount) == [
            ("1020", amount, "0.00", None, ()),
            ("1100", "0.00", amount, None, ()),
        ]
        assert _state(uow, company, inv) == ("partial", D(left))
    assert _rows(uow, company, _discount_entries(uow, company)) == [
        ("1100", "0.00", "8.16", None, ()),
        ("6950", "6.74", "0.00", None, (vat21,)),
        ("2100", "1.42", "0.00", vat21, ()),
        ("1100", "0.00", "6.13", None, ()),
        ("6950", "5.07", "0.00", None, (vat21,)),
        ("2100", "1.06", "0.00", vat21, ()),
        ("1100", "0.00", "4.08", None, ()),
        ("6950", "3.37", "0.00", None, (vat21,)),
        ("2100", "0.71", "0.00", vat21, ()),
    ]
    assert _pay(uow, company, inv, AFTER) == [
        ("1020", "291.63", "0.00", None, ()),
        ("1100", "0.00", "291.63", None, ()),
    ]
    assert len(_discount_entries(uow, company)) == 3
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))


def test_partial_payments_of_the_discounted_amount_earn_exactly_the_discount(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """Three pieces inside the window, then the rest on the last day: 24.20 in all."""
    inv = _invoice(uow, company, "reduce_on_early_payment", "21")
    for amount in ("400.00", "300.00", "200.00"):
        _pay(uow, company, inv, IN_WINDOW, amount)
    assert _pay(uow, company, inv, LAST_DAY)[0] == ("1020", "285.80", "0.00", None, ())
    rows = _rows(uow, company, _discount_entries(uow, company))
    assert sum(D(r[2]) for r in rows if r[0] == "1100") == D("24.20")
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))


@pytest.mark.parametrize("treatment", ["never_reduce_tax", "reduce_on_early_payment"])
def test_a_payment_beyond_the_discounted_amount_leaves_credit_and_no_more_discount(
    uow: UnitOfWork, company: SeededCompany, treatment: str
) -> None:
    inv = _invoice(uow, company, treatment, "21")
    discount = {"never_reduce_tax": "20.00", "reduce_on_early_payment": "24.20"}[treatment]
    _pay(uow, company, inv, IN_WINDOW, "1210.00")
    rows = _rows(uow, company, _discount_entries(uow, company))
    assert [r[2] for r in rows if r[0] == "1100"] == [discount]
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))


def test_always_on_discounted_base_prints_posts_and_pays_the_same_figures(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """1000.00 at 21 % with 2 % off: tax on 980.00 is 205.80, the total 1205.80.

    The receivable is the full 1205.80; paid by the discount date, 1185.80
    settles it and the 20.00 discount is net (the tax was already reduced).
    """
    inv = _invoice(uow, company, "always_on_discounted_base", "21")
    vat21 = company.taxes["VAT 21% sale"]
    view = invoices.get_invoice(uow, company.id, inv)
    assert (view.amount_untaxed, view.amount_tax, view.amount_total) == (
        D("1000.00"),
        D("205.80"),
        D("1205.80"),
    )
    assert [(t.name, t.base, t.amount) for t in view.taxes] == [
        ("VAT 21%", D("980.00"), D("205.80"))
    ]
    [due] = view.installments
    assert (due.amount, due.discount_date, due.discounted_amount) == (
        D("1205.80"),
        LAST_DAY,
        D("1185.80"),
    )
    assert view.entry_id is not None
    assert _rows(uow, company, [view.entry_id]) == [
        ("4000", "0.00", "1000.00", None, (vat21,)),
        ("2100", "0.00", "205.80", vat21, ()),
        ("1100", "1205.80", "0.00", None, ()),
    ]
    assert _pay(uow, company, inv, LAST_DAY) == [
        ("1020", "1185.80", "0.00", None, ()),
        ("1100", "0.00", "1185.80", None, ()),
    ]
    assert _rows(uow, company, _discount_entries(uow, company)) == [
        ("1100", "0.00", "20.00", None, ()),
        ("6950", "20.00", "0.00", None, ()),
    ]
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))


def test_always_on_discounted_base_paid_late_owes_the_full_total(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    inv = _invoice(uow, company, "always_on_discounted_base", "21", "10")
    view = invoices.get_invoice(uow, company.id, inv)
    assert [(t.base, t.amount) for t in view.taxes] == [
        (D("980.00"), D("205.80")),
        (D("980.00"), D("98.00")),
    ]
    assert view.amount_total == D("2303.80")
    assert _pay(uow, company, inv, AFTER)[0] == ("1020", "2303.80", "0.00", None, ())
    assert _discount_entries(uow, company) == []
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))


def test_a_price_included_tax_on_a_discounted_base_is_refused_and_nothing_is_written(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    acme = customer(uow, company)
    incl = add_tax(uow, company, "VAT 21 incl", amount=D(21), price_include=True)
    term = _term(uow, company, "always_on_discounted_base")
    data = invoice_input(
        acme, line("121.00", "1", incl, account_id=company.accounts["4000"]), payment_term_id=term
    )
    before = row_counts(uow)
    with pytest.raises(DiscountedBaseUnsupported, match=r"lines\[0\]\.taxes: tax 'VAT 21 incl'"):
        invoices.create_invoice(uow, company.id, data)
    assert row_counts(uow) == before


def test_a_vendor_bill_paid_early_corrects_the_input_tax(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """1000.00 + 21 % input VAT; 24.20 received: 20.00 on 4960, 4.20 off 1300."""
    vendor = customer(uow, company, "Wood Corner")
    vat21 = company.taxes["VAT 21% purchase"]
    expense = line("1000.00", "1", vat21, account_id=company.accounts["6000"])
    term = _term(uow, company, "reduce_on_early_payment")
    data = invoice_input(vendor, expense, kind="vendor_bill", payment_term_id=term, ref="B-1")
    inv = posted(uow, company, data).id
    assert _pay(uow, company, inv, LAST_DAY) == [
        ("1030", "0.00", "1185.80", None, ()),
        ("2000", "1185.80", "0.00", None, ()),
    ]
    assert _rows(uow, company, _discount_entries(uow, company)) == [
        ("2000", "24.20", "0.00", None, ()),
        ("4960", "0.00", "20.00", None, (vat21,)),
        ("1300", "0.00", "4.20", vat21, ()),
    ]
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))


def test_an_invoice_and_a_credit_note_paid_together_discount_only_the_invoice(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """1210.00 invoice (discounted 1185.80) less a 121.00 credit note: 1064.80 is paid."""
    inv = _invoice(uow, company, "reduce_on_early_payment", "21")
    vat21 = company.taxes["VAT 21% sale"]
    refund_line = line("100.00", "1", vat21, account_id=company.accounts["4000"])
    data = invoice_input(company.partners["Acme"], refund_line, kind="customer_credit_note")
    refund = posted(uow, company, data).id
    result = register_payment(uow, company.id, [inv, refund], RegisterPaymentInput(LAST_DAY))
    assert [p.amount for p in result.payments] == [D("1064.80")]
    rows = _rows(uow, company, _discount_entries(uow, company))
    assert [r[2] for r in rows if r[0] == "1100"] == ["24.20"]
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))
    assert _state(uow, company, refund)[1] == D("0.00")


def test_the_printed_invoice_shows_the_discounted_tax_base_and_the_early_payment(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    inv = _invoice(uow, company, "always_on_discounted_base", "21")
    doc = invoice_print(uow, company.id, inv)
    assert [(t.name, t.base, t.amount) for t in doc.taxes] == [("VAT 21%", "€980.00", "€205.80")]
    assert (doc.untaxed, doc.tax, doc.total) == ("€1,000.00", "€205.80", "€1,205.80")
    assert [(d.date, d.amount, d.early) for d in doc.due_dates] == [
        ("Apr 30, 2026", "€1,205.80", "Pay €1,185.80 if paid by Mar 20, 2026")
    ]
    assert "Early payment discount: Pay €1,185.80 if paid by Mar 20, 2026" in invoice_html(
        uow, company.id, inv
    )


def test_cancelling_a_payment_reverses_its_discount_and_reopens_the_whole_amount(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    """1210.00 paid by 1190.00 in the window (discount 20.00 net); cancelling the payment
    reverses both entries, and a later payment owes 1210.00 again after the window."""
    from asiento.services.payments.payment_docs import cancel_payment

    inv = _invoice(uow, company, "never_reduce_tax", "21")
    result = register_payment(uow, company.id, [inv], RegisterPaymentInput(IN_WINDOW))
    [discount] = _discount_entries(uow, company)
    with uow:
        entry = uow.session.get(JournalEntry, discount)
        assert entry is not None and entry.payment_id == result.payments[0].id
    cancel_payment(uow, company.id, result.payments[0].id)
    assert _state(uow, company, inv) == ("not_paid", D("1210.00"))
    entries = _discount_entries(uow, company)
    assert len(entries) == 2
    with uow:
        reversal = uow.session.get(JournalEntry, entries[1])
        assert reversal is not None and reversal.reversal_of_id == discount
    assert _rows(uow, company, [entries[1]]) == [
        ("1100", "20.00", "0.00", None, ()),
        ("6950", "0.00", "20.00", None, ()),
    ]
    assert _pay(uow, company, inv, AFTER) == [
        ("1020", "1210.00", "0.00", None, ()),
        ("1100", "0.00", "1210.00", None, ()),
    ]
    assert _state(uow, company, inv) == ("in_payment", D("0.00"))
