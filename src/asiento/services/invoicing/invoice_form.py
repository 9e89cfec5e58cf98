"""What an invoice form needs besides the invoice: choices, defaults and a totals preview.

The web form shows the partner's and the product's defaults before saving
and recomputes the totals while the user types. Both go through the very
code that drafting uses (``invoice_drafts``): the preview creates the draft
inside a transaction that is never committed, so the figures shown are
exactly the ones saving (and later posting) will store.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import NotFound
from asiento.services.access import principal as access
from asiento.services.invoicing.invoice_drafts import (
    ResolvedLine,
    address_of,
    create_invoice_in,
    is_customer_document,
    resolve_lines,
    scoped,
    usage_of,
)
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_views import InvoiceView, invoice_view
from asiento.services.ledger.entries import company_of
from asiento.store.tables import (
    Account,
    Currency,
    Journal,
    Partner,
    PaymentTerm,
    Product,
    Tax,
)
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a select: id and the label people recognise."""

    id: int
    label: str


@dataclass(frozen=True, slots=True)
class FormChoices:
    """Everything an invoice form (or a payment form) lets the user pick, scoped to the company."""

    partners: tuple[Choice, ...]
    products: tuple[Choice, ...]
    taxes: tuple[Choice, ...]
    terms: tuple[Choice, ...]
    currencies: tuple[str, ...]
    company_currency: str
    payment_journals: tuple[Choice, ...]
    writeoff_accounts: tuple[Choice, ...]


@dataclass(frozen=True, slots=True)
class PartnerDefaults:
    payment_term_id: int | None
    address: str


def form_choices(
    uow: UnitOfWork,
    company_id: int,
    kind: str,
    partner_ids: Collection[int] | None = None,
    product_ids: Collection[int] | None = None,
) -> FormChoices:
    """Active partners (customers or suppliers first), products, taxes of the document's usage.

    A form with pickers passes ``partner_ids``/``product_ids``: only those (the ones
    chosen, for their labels) are loaded instead of every partner and product, so a
    form costs the same with 100,000 partners.
    """
    customer = is_customer_document(kind)
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        stmt = select(Partner).where(Partner.company_id == company_id)
        if partner_ids is None:
            stmt = stmt.where(Partner.active.is_(True))
        else:
            stmt = stmt.where(Partner.id.in_(list(partner_ids)))
        partners = s.scalars(stmt.order_by(Partner.name, Partner.id))
        ranked = sorted(partners, key=lambda p: not (p.is_customer if customer else p.is_supplier))
        return FormChoices(
            partners=tuple(Choice(p.id, p.name) for p in ranked),
            products=_products(s, company_id, product_ids),
            taxes=_taxes(s, company_id, usage_of(kind)),
            terms=_terms(s, company_id),
            currencies=tuple(
                s.scalars(
                    select(Currency.code)
                    .where(Currency.company_id == company_id, Currency.active.is_(True))
                    .order_by(Currency.code)
                )
            )
            or (company.currency,),
            company_currency=company.currency,
            payment_journals=_payment_journals(s, company_id),
            writeoff_accounts=_accounts(s, company_id),
        )


def _products(s: Session, company_id: int, ids: Collection[int] | None) -> tuple[Choice, ...]:
    stmt = select(Product).where(Product.company_id == company_id)
    if ids is None:
        stmt = stmt.where(Product.active.is_(True))
    else:
        stmt = stmt.where(Product.id.in_(list(ids)))
    return tuple(Choice(p.id, f"{p.code} {p.name}") for p in s.scalars(stmt.order_by(Product.code)))


def _terms(s: Session, company_id: int) -> tuple[Choice, ...]:
    stmt = select(PaymentTerm).where(
        PaymentTerm.company_id == company_id, PaymentTerm.active.is_(True)
    )
    return tuple(Choice(t.id, t.name) for t in s.scalars(stmt.order_by(PaymentTerm.name)))


def _accounts(s: Session, company_id: int) -> tuple[Choice, ...]:
    stmt = select(Account).where(Account.company_id == company_id, Account.active.is_(True))
    return tuple(Choice(a.id, f"{a.code} {a.name}") for a in s.scalars(stmt.order_by(Account.code)))


def _taxes(s: Session, company_id: int, usage: str) -> tuple[Choice, ...]:
    stmt = select(Tax).where(Tax.company_id == company_id, Tax.usage == usage, Tax.active.is_(True))
    return tuple(Choice(t.id, t.name) for t in s.scalars(stmt.order_by(Tax.sequence, Tax.id)))


def _payment_journals(s: Session, company_id: int) -> tuple[Choice, ...]:
    stmt = select(Journal).where(
        Journal.company_id == company_id,
        Journal.kind.in_(("bank", "cash")),
        Journal.active.is_(True),
    )
    rows = s.scalars(stmt.order_by(Journal.code))
    return tuple(Choice(j.id, f"{j.code} {j.name}") for j in rows)


def partner_defaults(
    uow: UnitOfWork, company_id: int, kind: str, partner_id: int
) -> PartnerDefaults:
    """The payment term and invoice address a new document of this partner gets."""
    with uow:
        partner = scoped(uow.session, Partner, company_id, partner_id, "partner", "partner_id")
        customer = is_customer_document(kind)
        term = partner.customer_payment_term_id if customer else partner.supplier_payment_term_id
        return PartnerDefaults(term, address_of(partner))


def product_defaults(uow: UnitOfWork, company_id: int, kind: str, product_id: int) -> ResolvedLine:
    """A line of one unit of the product with its description, price, account and taxes."""
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        journal = s.scalars(
            select(Journal)
            .where(
                Journal.company_id == company_id,
                Journal.kind == usage_of(kind),
                Journal.active.is_(True),
            )
            .order_by(Journal.id)
            .limit(1)
        ).first()
        if journal is None:
            raise NotFound(f"{usage_of(kind)} journal", "of the company", field="journal_id")
        line = InvoiceLineInput(product_id=product_id, quantity=Decimal(1))
        return resolve_lines(s, company, kind, journal, [line])[0]


@access.requires(Permission.INVOICE_WRITE)
def preview_totals(uow: UnitOfWork, company_id: int, data: InvoiceInput) -> InvoiceView:
    """The draft ``data`` would become (defaults, lines, tax totals), never stored.

    Raises what ``create_invoice`` would raise for the same input.
    """
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        invoice = create_invoice_in(s, company, data)
        view = invoice_view(s, company, invoice)
        uow.rollback()
        return view


__all__ = [
    "Choice",
    "FormChoices",
    "PartnerDefaults",
    "form_choices",
    "partner_defaults",
    "preview_totals",
    "product_defaults",
]
