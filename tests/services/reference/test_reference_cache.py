"""Reference data cached per company behind ``companies.reference_version`` (issue 23).

The cache must give the answers the queries give: a change made on another worker (another
engine, so another cache) is seen by the next document; a transaction that changes reference
data reads its own change; the version is bumped by the database for every kind of change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, delete, insert, select, text, update

from asiento.domain.commands.bank_accounts import NewBankAccount
from asiento.domain.commands.products import ProductChanges
from asiento.domain.commands.taxes import TaxChanges
from asiento.domain.errors import NotFound
from asiento.services.demo.seed import SeededCompany
from asiento.services.invoicing import invoice_refs
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_posting import create_and_post_in
from asiento.services.ledger.entries import company_of
from asiento.services.reference import bank_accounts, chart, products
from asiento.store.session import make_engine
from asiento.store.tables import (
    Account,
    BankAccount,
    Company,
    Currency,
    Invoice,
    Journal,
    PaymentTerm,
    Product,
    Tax,
    product_taxes,
)
from asiento.store.uow import UnitOfWork
from tests.builders.invoices import with_catalog
from tests.sql_counter import counting

D = Decimal
REFERENCE_READS = (
    "FROM taxes",
    "JOIN product_taxes",
    "FROM accounts",
    "FROM currencies",
    "SELECT products.id",
)


def _chairs(company: SeededCompany, quantity: str = "1") -> InvoiceInput:
    return InvoiceInput("customer_invoice", company.partners["Smith and Offspring"], (
        InvoiceLineInput(product_id=company.products["CHAIR"], quantity=D(quantity)),
    ), invoice_date=date(2026, 3, 2))  # fmt: skip


def _create_and_post(uow: UnitOfWork, company_id: int, data: InvoiceInput) -> tuple[int, int]:
    """The invoice's untaxed and tax amounts in minor units."""
    with uow:
        invoice, _ = create_and_post_in(uow.session, company_of(uow.session, company_id), data)
        uow.commit()
        return invoice.amount_untaxed, invoice.amount_tax


@pytest.fixture
def other_worker(engine: Engine) -> Iterator[UnitOfWork]:
    """Another process's view of the same database: its own engine, so its own cache."""
    other = make_engine(engine.url.render_as_string(hide_password=False))
    yield UnitOfWork.from_engine(other)
    other.dispose()


def _version(uow: UnitOfWork, company_id: int) -> int:
    with uow:
        return int(uow.session.scalar(
            select(Company.reference_version).where(Company.id == company_id)) or 0)  # fmt: skip


def test_the_second_invoice_reads_no_reference_data(
    uow: UnitOfWork, engine: Engine, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    with counting(engine) as cold:
        _create_and_post(uow, company.id, _chairs(company))
    with counting(engine) as warm:
        _create_and_post(uow, company.id, _chairs(company))
    assert [r for r in REFERENCE_READS if not any(r in s for s in cold)] == [], cold
    assert [s for s in warm if any(r in s for r in REFERENCE_READS)] == []
    # 24 and 23 before the cache: taxes, product taxes, accounts, currencies, journal code;
    # 16 and 15 before the invoice was inserted already posted (no UPDATE of a draft);
    # PostgreSQL takes the reserved ids in a statement of their own (``sequences.reserve_ids``);
    # 15 and 15 before the company's IBAN was cached (``0004_bank_account_version``);
    # 14 and 14 before the products were (``0005_product_version``)
    assert len(warm) == {"sqlite": 13, "postgresql": 13}[engine.dialect.name], warm
    assert [s for s in warm if "FROM bank_accounts" in s] == []


def test_a_change_on_another_worker_is_seen_by_the_next_invoice(
    uow: UnitOfWork, other_worker: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    base, tax = _create_and_post(uow, company.id, _chairs(company))
    assert tax == base * 21 // 100
    other = other_worker
    chart.update_tax(other, company.id, company.taxes["VAT 21% sale"], TaxChanges(amount=D("10")))
    assert _create_and_post(uow, company.id, _chairs(company)) == (base, base // 10)
    products.update_product(
        other, company.id, company.products["CHAIR"], ProductChanges(tax_ids=())
    )
    assert _create_and_post(uow, company.id, _chairs(company)) == (base, 0)


def test_a_product_changed_on_another_worker_gives_the_next_invoice_its_new_facts(
    uow: UnitOfWork, other_worker: UnitOfWork, company: SeededCompany
) -> None:
    """The cached product (``0005_product_version``): a new price and a new code made on
    another worker are what the next invoice takes; the old code names nothing any more."""
    with_catalog(uow, company)
    chair = company.products["CHAIR"]
    _create_and_post(uow, company.id, _chairs(company))  # the cache knows the chair now
    assert _resolved_chair(uow, company, "CHAIR") == chair
    changes = ProductChanges(code="SEAT", sale_price=D("12.34"))
    products.update_product(other_worker, company.id, chair, changes)
    assert _create_and_post(uow, company.id, _chairs(company, "2")) == (2468, 518)
    assert _resolved_chair(uow, company, "SEAT") == chair
    with pytest.raises(NotFound) as refused:
        _resolved_chair(uow, company, "CHAIR")
    assert refused.value.field == "lines[0].product"


def _resolved_chair(uow: UnitOfWork, company: SeededCompany, code: str) -> int | None:
    partner = company.partners["Smith and Offspring"]
    refs = invoice_refs.resolve(
        uow, company.id, "customer_invoice", partner, None, [invoice_refs.LineRefs(product=code)]
    )
    return refs.lines[0].product_id


def test_a_transaction_that_changes_a_tax_computes_with_its_own_change(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    base, tax = _create_and_post(uow, company.id, _chairs(company))  # the cache knows 21 %
    with uow:
        owner = company_of(uow.session, company.id)  # the version before the change below
        uow.session.execute(
            update(Tax).where(Tax.id == company.taxes["VAT 21% sale"]).values(amount=D("4"))
        )
        invoice, _ = create_and_post_in(uow.session, owner, _chairs(company))
        assert invoice.amount_tax == base * 4 // 100
        # rolled back: the cache must not have kept the 4 % it saw
    assert _create_and_post(uow, company.id, _chairs(company)) == (base, tax)


CHANGES = {
    "tax": lambda s, c: s.execute(update(Tax).where(Tax.company_id == c).values(sequence=11)),
    "account": lambda s, c: s.execute(update(Account).where(Account.company_id == c).values(name="x")),
    "journal name": lambda s, c: s.execute(update(Journal).where(Journal.company_id == c).values(name="x")),
    "currency": lambda s, c: s.execute(insert(Currency).values(company_id=c, code="JPY", exponent=0, active=True)),
    "payment term": lambda s, c: s.execute(insert(PaymentTerm).values(
        company_id=c, name="x", note="", definition="{}", active=True, created_at=datetime.now(UTC))),
    "product taxes": lambda s, c: s.execute(delete(product_taxes)),
    "product": lambda s, c: s.execute(update(Product).where(Product.company_id == c).values(name="x")),
    "new product": lambda s, c: s.execute(insert(Product).values(company_id=c, code="N", name="N")),
    "company bank account": lambda s, c: s.execute(insert(BankAccount).values(
        company_id=c, iban="DE89370400440532013000", currency="EUR", active=True)),
}  # fmt: skip


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_of_reference_data_bumps_the_version(
    uow: UnitOfWork, company: SeededCompany, change: str
) -> None:
    with_catalog(uow, company)
    before = _version(uow, company.id)
    with uow:
        CHANGES[change](uow.session, company.id)
        uow.commit()
    assert _version(uow, company.id) > before


def test_posting_moves_the_chain_head_without_bumping_the_version(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    before = _version(uow, company.id)
    _create_and_post(uow, company.id, _chairs(company))
    with uow:
        assert uow.session.scalar(select(Invoice.number).where(Invoice.state == "posted"))
        uow.session.execute(text("UPDATE journals SET last_hash = last_hash"))
        uow.commit()
    assert _version(uow, company.id) == before


def test_a_new_company_iban_on_another_worker_gives_the_next_invoice_its_qr_reference(
    uow: UnitOfWork, other_worker: UnitOfWork, company: SeededCompany
) -> None:
    """The cached IBAN is the company's: a QR-IBAN added elsewhere turns the next invoice's
    reference from RF into a 27-digit QR reference."""
    with_catalog(uow, company)
    first = _posted_reference(uow, company.id, _chairs(company))
    assert first.startswith("RF"), first
    bank_accounts.create_bank_account(other_worker, company.id, NewBankAccount(
        iban="CH44 3199 9123 0008 8901 2", currency="EUR", is_default=True))  # fmt: skip
    second = _posted_reference(uow, company.id, _chairs(company))
    assert len(second) == 27 and second.isdigit(), second


def test_a_partners_bank_account_leaves_the_version_alone(
    uow: UnitOfWork, company: SeededCompany
) -> None:
    with_catalog(uow, company)
    before = _version(uow, company.id)
    partner = company.partners["Smith and Offspring"]
    bank_accounts.create_bank_account(uow, company.id, NewBankAccount(
        iban="DE89370400440532013000", currency="EUR", partner_id=partner))  # fmt: skip
    assert _version(uow, company.id) == before


def _posted_reference(uow: UnitOfWork, company_id: int, data: InvoiceInput) -> str:
    with uow:
        invoice, _ = create_and_post_in(uow.session, company_of(uow.session, company_id), data)
        uow.commit()
        return str(invoice.structured_reference)
