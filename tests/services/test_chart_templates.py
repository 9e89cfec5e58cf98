"""Companies created from each chart template post invoices, payments, discounts and
exchange differences to the template's accounts, with exact figures (both databases)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from asiento.domain.commands.partners import NewPartner
from asiento.domain.errors import InvalidInput, MissingSetting
from asiento.services.invoicing import invoices
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.payments.register_payment import RegisterPaymentInput, register_payment
from asiento.services.reference import account_settings, currencies, partners, payment_terms
from asiento.services.reference.chart_templates import list_templates
from asiento.services.reference.companies import CompanyInput, create_company
from asiento.store.tables import Account, JournalItem, Tax
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import row_counts

D = Decimal
DAY = date(2026, 3, 2)


@dataclass(frozen=True)
class Case:
    chart: str
    currency: str
    sale_tax: str
    total: str  # 1000.00 + the sale tax
    income: str
    receivable: str
    outstanding: str
    discount: str  # 2 % of the untaxed 1000.00 (never_reduce_tax)
    discount_account: str
    loss_account: str
    direct_journal: str
    direct_account: str


CASES = [
    Case("generic", "EUR", "VAT 21%", "1210.00", "4000", "1100", "1020", "20.00", "6950",
         "6900", "BNK1", "1000"),
    Case("es-pgc-pymes", "EUR", "IVA 21%", "1210.00", "700000", "430000", "572001", "20.00",
         "706000", "668000", "CSH", "570000"),
    Case("cn-small-business", "CNY", "增值税 13%", "1130.00", "5001", "1122", "100201", "20.00",
         "560303", "560301", "CSH", "1001"),
]  # fmt: skip


def _company(uow: UnitOfWork, case: Case) -> int:
    return create_company(uow, CompanyInput(f"{case.chart} SL", case.currency, chart=case.chart)).id


def _account(uow: UnitOfWork, cid: int, code: str) -> int:
    with uow:
        found = uow.session.scalar(
            select(Account.id).where(Account.company_id == cid, Account.code == code)
        )
        assert found is not None, code
        return int(found)


def _balance(uow: UnitOfWork, cid: int, code: str) -> int:
    account = _account(uow, cid, code)
    with uow:
        stmt = select(func.coalesce(func.sum(JournalItem.balance), 0)).where(
            JournalItem.account_id == account
        )
        return int(uow.session.scalar(stmt) or 0)


def _tax(uow: UnitOfWork, cid: int, name: str) -> int:
    with uow:
        found = uow.session.scalar(
            select(Tax.id).where(Tax.company_id == cid, Tax.name == name, Tax.usage == "sale")
        )
        assert found is not None, name
        return int(found)


def _invoice(uow: UnitOfWork, cid: int, case: Case, *, taxed: bool = True, **values: object) -> int:
    partner = partners.create_partner(uow, cid, NewPartner(name="Cliente", is_customer=True)).id
    line = InvoiceLineInput(
        description="Servicio",
        quantity=D(1),
        price_unit=D(str(values.pop("price", "1000.00"))),
        account_id=_account(uow, cid, case.income),
        tax_ids=(_tax(uow, cid, case.sale_tax),) if taxed else (),
    )
    data = InvoiceInput("customer_invoice", partner, (line,), invoice_date=DAY, **values)  # type: ignore[arg-type]
    draft = invoices.create_invoice(uow, cid, data)
    return invoices.post_invoice(uow, cid, draft.id).id


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.chart)
def test_an_invoice_and_its_payment(uow: UnitOfWork, case: Case) -> None:
    cid = _company(uow, case)
    inv = _invoice(uow, cid, case)
    total = int(D(case.total) * 100)
    assert _balance(uow, cid, case.receivable) == total
    assert _balance(uow, cid, case.income) == -100000
    result = register_payment(uow, cid, [inv], RegisterPaymentInput(DAY))
    assert result.payment_states == {inv: "in_payment"}
    assert _balance(uow, cid, case.outstanding) == total
    assert _balance(uow, cid, case.receivable) == 0


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.chart)
def test_a_cash_discount(uow: UnitOfWork, case: Case) -> None:
    cid = _company(uow, case)
    term = payment_terms.create_term(
        uow,
        cid,
        {
            "name": "2% 10, net 30",
            "lines": [{"kind": "balance", "due": {"days": 30}}],
            "discount": {"percent": "2", "days": 10, "tax_treatment": "never_reduce_tax"},
        },
    )
    inv = _invoice(uow, cid, case, payment_term_id=term.id)
    result = register_payment(uow, cid, [inv], RegisterPaymentInput(date(2026, 3, 10)))
    paid = D(case.total) - D(case.discount)
    assert [p.amount for p in result.payments] == [paid]
    assert _balance(uow, cid, case.discount_account) == int(D(case.discount) * 100)
    assert _balance(uow, cid, case.receivable) == 0


def _usd(uow: UnitOfWork, cid: int) -> None:
    currencies.enable_currency(uow, cid, "USD")
    for day, rate in ((DAY, "0.90"), (date(2026, 3, 10), "0.80")):
        currencies.add_rate(uow, cid, currencies.RateInput("USD", day, D(rate)))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.chart)
def test_an_exchange_difference(uow: UnitOfWork, case: Case) -> None:
    cid = _company(uow, case)
    _usd(uow, cid)
    inv = _invoice(uow, cid, case, taxed=False, price="100.00", currency="USD")
    assert _balance(uow, cid, case.receivable) == 9000  # USD 100 at 0.90
    register_payment(uow, cid, [inv], RegisterPaymentInput(date(2026, 3, 10)))
    # paid USD 100 at 0.80 = 80.00: 10.00 realized loss
    assert _balance(uow, cid, case.loss_account) == 1000
    assert _balance(uow, cid, case.receivable) == 0


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.chart)
def test_a_missing_exchange_setting_is_refused_before_any_write(
    uow: UnitOfWork, case: Case
) -> None:
    cid = _company(uow, case)
    _usd(uow, cid)
    inv = _invoice(uow, cid, case, taxed=False, price="100.00", currency="USD")
    account_settings.update_company_settings(uow, cid, exchange_loss_account=None)
    before = row_counts(uow)
    with pytest.raises(MissingSetting, match="exchange_loss_account"):
        register_payment(uow, cid, [inv], RegisterPaymentInput(date(2026, 3, 10)))
    assert row_counts(uow) == before


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.chart)
def test_direct_bank_posting_moves_the_bank_account(uow: UnitOfWork, case: Case) -> None:
    cid = _company(uow, case)
    if case.chart == "generic":  # the generic chart clears through 1020: switch BNK1 over
        account_settings.update_journal_settings(
            uow, cid, "BNK1", outstanding_receipts_account=case.direct_account
        )
    inv = _invoice(uow, cid, case)
    result = register_payment(
        uow, cid, [inv], RegisterPaymentInput(DAY, journal=case.direct_journal)
    )
    assert result.payment_states == {inv: "paid"}
    assert _balance(uow, cid, case.direct_account) == int(D(case.total) * 100)


def test_every_template_is_listed_and_an_unknown_one_is_refused(uow: UnitOfWork) -> None:
    assert [t.name for t in list_templates()] == ["generic", "es-pgc-pymes", "cn-small-business"]
    before = row_counts(uow)
    with pytest.raises(InvalidInput, match="chart 'fr-pcg'"):
        create_company(uow, CompanyInput("X", "EUR", chart="fr-pcg"))
    assert row_counts(uow) == before


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.chart)
def test_a_template_fills_every_setting(uow: UnitOfWork, case: Case) -> None:
    cid = _company(uow, case)
    view = account_settings.get_settings(uow, cid)
    # the opening-balance account is chosen when books are brought in, not by a template
    assert all(a for k, a in view.accounts.items() if k != "opening_balance_account")
    assert view.accounts["opening_balance_account"] is None
    assert all(j.accounts["outstanding_receipts_account"] for j in view.journals)
