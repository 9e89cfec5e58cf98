"""Draft invoices: defaults from partner, product, journal and company, and stored totals.

A draft is created (or rewritten) from an ``InvoiceInput``: every ``None`` is
filled from where an accountant expects it, then the totals are computed by
``domain.invoice_totals.compute_totals`` and stored on the invoice and its
lines. Nothing here touches the ledger: a draft has no number and no entry.

Defaults:
    - partner -> payment term (customer term for ``customer_*``, supplier term for
      ``vendor_*``), invoice address, receivable (payable) account, else the
      company's first receivable (payable) account by code;
    - product -> description, unit price (sale or purchase), income (expense)
      account, taxes of the matching usage;
    - journal -> the company's first sale (purchase) journal; a line without
      product or account takes the journal's default account;
    - currency -> the company's; rate -> the rate of the invoice date (today
      while the date is empty), 1 in the company currency.

Invariants:
    - Every id a caller names (partner, journal, term, product, account, tax)
      belongs to the invoice's company, else ``NotFound`` naming the field.
    - Stored totals and ``price_subtotal`` are exactly ``compute_totals``'s.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from asiento.domain.errors import (
    JournalKindMismatch,
    MissingLineValue,
    NotFound,
    TaxUsageMismatch,
    UnknownDocumentKind,
)
from asiento.domain.invoice_totals import DOCUMENT_KINDS, InvoiceTotals, compute_totals
from asiento.services.invoicing.invoice_inputs import InvoiceInput, InvoiceLineInput
from asiento.services.invoicing.invoice_line_facts import (
    ProductFacts,
    product_taxes_of,
    products_of,
)
from asiento.services.invoicing.invoice_line_rows import write_lines
from asiento.services.invoicing.invoice_records import (
    document_from,
    document_of,
    invoice_lines,
    line_tax_ids,
    partner_items,
    refresh_totals,
    store_totals,
)
from asiento.services.reference import cache
from asiento.services.reference.account_settings import company_account
from asiento.services.reference.currencies import require_enabled
from asiento.store.locks import for_update
from asiento.store.sequences import hold_journal
from asiento.store.tables import (
    Account,
    Company,
    Invoice,
    Journal,
    Partner,
    PaymentTerm,
    Tax,
)

ONE = Decimal(1)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ResolvedLine:
    """A line with every default filled in, ready to store."""

    product_id: int | None
    description: str
    quantity: Decimal
    price_unit: Decimal
    discount: Decimal
    account_id: int
    tax_ids: tuple[int, ...]
    origin_line_id: int | None = None


def is_customer_document(kind: str) -> bool:
    return kind.startswith("customer_")


def usage_of(kind: str) -> str:
    """``sale`` for customer documents, ``purchase`` for vendor ones."""
    return "sale" if is_customer_document(kind) else "purchase"


def scoped(session: Session, model: type[T], company_id: int, key: int, kind: str, field: str) -> T:
    """Row ``key`` of ``model`` in this company, else ``NotFound`` naming ``field``."""
    row = session.get(model, key)
    if row is None or getattr(row, "company_id", None) != company_id:
        raise NotFound(kind, key, field=field)
    return row


def create_invoice_in(session: Session, company: Company, data: InvoiceInput) -> Invoice:
    """Create a draft with its defaults and totals, inside the caller's transaction."""
    return draft_invoice_in(session, company, data)[0]


def draft_invoice_in(
    session: Session, company: Company, data: InvoiceInput, *, lock_journal: bool = False
) -> tuple[Invoice, InvoiceTotals]:
    """``create_invoice_in``, with the totals it computed (what posting it at once needs);
    ``lock_journal`` when it is posted next in this transaction."""
    invoice = new_invoice(company)
    return invoice, apply_input(session, company, invoice, data, lock_journal=lock_journal)


def new_invoice(company: Company) -> Invoice:
    """A new draft of ``company``, not yet in the session."""
    # created_at set here: migration 0002's server default now() does not exist on SQLite
    return Invoice(
        company_id=company.id,
        state="draft",
        payment_state="not_paid",
        created_at=datetime.now(UTC),
    )


def apply_input(
    session: Session,
    company: Company,
    invoice: Invoice,
    data: InvoiceInput,
    *,
    lock_journal: bool = False,
) -> InvoiceTotals:
    """Write header, lines and totals of a draft from ``data`` (lines replace the old ones).

    The totals are computed once, in memory, from the resolved lines, and written with the
    rows (no read-back, no second UPDATE): the same ``compute_totals`` the stored lines give.
    """
    lines, totals = compute_input(session, company, invoice, data, lock_journal=lock_journal)
    new = invoice.id is None
    if new:
        session.add(invoice)
    session.flush()
    write_lines(session, company, invoice, lines, totals, new=new)
    return totals


def compute_input(
    session: Session,
    company: Company,
    invoice: Invoice,
    data: InvoiceInput,
    *,
    lock_journal: bool = False,
) -> tuple[list[ResolvedLine], InvoiceTotals]:
    """Header and totals of ``invoice`` from ``data``, in memory: nothing is written (a new
    invoice is not even added to the session). Returns the resolved lines for
    ``write_lines``."""
    journal = _apply_header(session, company, invoice, data, lock_journal)
    lines, taxes = _resolve(session, company, data.kind, journal, data.lines)
    taxed = [(line, line.tax_ids) for line in lines]
    totals = compute_totals(document_from(session, company, invoice, taxed, taxes=taxes))
    store_totals(company, invoice, totals)
    return lines, totals


def _apply_header(
    session: Session, company: Company, invoice: Invoice, data: InvoiceInput, lock: bool
) -> Journal:
    if data.kind not in DOCUMENT_KINDS:
        message = f"kind: unknown document type {data.kind!r}"
        raise UnknownDocumentKind(message, field="kind")
    partner = scoped(session, Partner, company.id, data.partner_id, "partner", "partner_id")
    customer = is_customer_document(data.kind)
    journal = _journal(session, company, data.kind, data.journal_id, lock)
    term_id = data.payment_term_id
    if term_id is None:
        term_id = partner.customer_payment_term_id if customer else partner.supplier_payment_term_id
    else:
        scoped(session, PaymentTerm, company.id, term_id, "payment term", "payment_term_id")
    invoice.kind = data.kind
    invoice.partner_id = partner.id
    invoice.journal_id = journal.id
    invoice.currency = require_enabled(session, company.id, data.currency or company.currency)
    invoice.invoice_date = data.invoice_date
    invoice.payment_term_id = term_id
    invoice.manual_due_date = data.manual_due_date
    invoice.partner_account_id = _partner_account(session, company, partner, customer)
    invoice.invoice_address = address_of(partner)
    invoice.ref = data.ref
    invoice.narration = data.narration
    invoice.payment_reference = data.payment_reference
    invoice.updated_at = datetime.now(UTC)
    return journal


def address_of(partner: Partner) -> str:
    """Street, zip and city, country: the non-empty parts joined by commas."""
    town = " ".join(p for p in (partner.zip, partner.city) if p)
    return ", ".join(p for p in (partner.street, town, partner.country) if p)


def _journal(
    session: Session, company: Company, kind: str, journal_id: int | None, lock: bool
) -> Journal:
    """The document's journal; with ``lock`` read under the row lock posting takes anyway
    (``sequences.lock_journal`` then reads it no second time)."""
    usage = usage_of(kind)
    journal: Journal | None
    if journal_id is not None and not lock:
        journal = scoped(session, Journal, company.id, journal_id, "journal", "journal_id")
    else:
        stmt = _journal_query(journal_id is not None)
        if lock:
            stmt = for_update(session, stmt.execution_options(populate_existing=True))
        params = {"company": company.id, "journal": journal_id, "usage": usage}
        journal = session.scalars(stmt, params).first()
    if journal is None and journal_id is None:
        raise NotFound(f"{usage} journal", "of the company", field="journal_id")
    if journal is None:
        raise NotFound("journal", journal_id, field="journal_id")
    if lock:
        hold_journal(session, journal)
    if journal.kind != usage:
        message = f"journal_id: journal {journal.code} is a {journal.kind} journal, not {usage}"
        raise JournalKindMismatch(message, field="journal_id")
    return journal


@functools.cache
def _journal_query(by_id: bool) -> Select[Journal]:
    """The journal named by id, or else the company's first active one of the usage: built
    once, not per document (issue 23)."""
    stmt = select(Journal).where(Journal.company_id == bindparam("company"))
    if by_id:
        return stmt.where(Journal.id == bindparam("journal"))
    stmt = stmt.where(Journal.kind == bindparam("usage"), Journal.active.is_(True))
    return stmt.order_by(Journal.id).limit(1)


def _partner_account(session: Session, company: Company, partner: Partner, customer: bool) -> int:
    """The partner's own receivable (payable), else the company's default setting."""
    own = partner.receivable_account_id if customer else partner.payable_account_id
    if own is not None:
        return own
    setting = "receivable_account" if customer else "payable_account"
    return company_account(session, company.id, setting, f"an invoice of {partner.name}")


def resolve_lines(
    session: Session,
    company: Company,
    kind: str,
    journal: Journal,
    lines: Sequence[InvoiceLineInput],
) -> list[ResolvedLine]:
    """Fill each line's defaults and check every id it names."""
    return _resolve(session, company, kind, journal, lines)[0]


def _resolve(
    session: Session,
    company: Company,
    kind: str,
    journal: Journal,
    lines: Sequence[InvoiceLineInput],
) -> tuple[list[ResolvedLine], dict[int, Tax]]:
    """The resolved lines and the taxes they name.

    Reads what the lines name once for the whole document (products, their taxes, the taxes),
    not once per line: a long invoice costs the same three queries as a short one.
    """
    products = products_of(session, company, lines)
    usage = usage_of(kind)
    defaults = product_taxes_of(session, company, [p.id for p in products.values()], usage)
    resolved = [
        _resolve_line(company, kind, journal, line, f"lines[{n}]", products, defaults)
        for n, line in enumerate(lines)
    ]
    _check_lines(session, company, lines, resolved)
    return resolved, _check_taxes(session, company, resolved, usage)


def _resolve_line(
    company: Company,
    kind: str,
    journal: Journal,
    line: InvoiceLineInput,
    field: str,
    products: dict[int, ProductFacts],
    default_taxes: dict[int, tuple[int, ...]],
) -> ResolvedLine:
    sale = is_customer_document(kind)
    product = products.get(line.product_id) if line.product_id is not None else None
    price = line.price_unit
    if price is None and product is not None:
        price = product.sale_price if sale else product.purchase_price
    if price is None:
        raise MissingLineValue(
            f"{field}.price_unit: a line without product needs a unit price",
            field=f"{field}.price_unit",
        )
    account_id = _line_account(journal, product, line, sale, field)
    tax_ids = line.tax_ids
    if tax_ids is None:
        tax_ids = default_taxes.get(product.id, ()) if product else ()
    description = line.description
    if description is None:
        description = product.name if product is not None else ""
    return ResolvedLine(
        product.id if product else None,
        description,
        line.quantity,
        price,
        line.discount,
        account_id,
        tuple(tax_ids),
        line.origin_line_id,
    )


def _line_account(
    journal: Journal,
    product: ProductFacts | None,
    line: InvoiceLineInput,
    sale: bool,
    field: str,
) -> int:
    if line.account_id is not None:
        return line.account_id
    if product is not None:
        own = product.income_account_id if sale else product.expense_account_id
        if own is not None:
            return own
    if journal.default_account_id is not None:
        return journal.default_account_id
    message = f"{field}.account_id: no account given and no product or journal default"
    raise MissingLineValue(message, field=f"{field}.account_id")


def _check_lines(
    session: Session,
    company: Company,
    lines: Sequence[InvoiceLineInput],
    resolved: Sequence[ResolvedLine],
) -> None:
    """Every account a line names belongs to the company (one query for all lines, none for
    the accounts the reference cache knows)."""
    named = {line.account_id for line in lines if line.account_id is not None}
    if not named:
        return
    found = named & cache.known_accounts(session, company.id)  # reference cache: no statement
    if named - found:
        found |= set(
            session.scalars(
                select(Account.id).where(
                    Account.company_id == company.id, Account.id.in_(named - found)
                )
            )
        )
    for n, line in enumerate(lines):
        if line.account_id is not None and line.account_id not in found:
            raise NotFound("account", line.account_id, field=f"lines[{n}].account_id")


def _check_taxes(
    session: Session, company: Company, lines: Sequence[ResolvedLine], usage: str
) -> dict[int, Tax]:
    """Every tax of every line is the company's and of the document's usage.

    Returns them, so computing the totals right after reads none again.
    """
    wanted = {t for line in lines for t in line.tax_ids}
    if not wanted:
        return {}
    rows = cache.company_taxes(session, company.id, wanted)
    for n, line in enumerate(lines):
        for k, tax_id in enumerate(line.tax_ids):
            tax = rows.get(tax_id)
            where = f"lines[{n}].tax_ids[{k}]"
            if tax is None:
                raise NotFound("tax", tax_id, field=where)
            if tax.usage != usage:
                message = (
                    f"{where}: {tax.name} is a {tax.usage} tax, this document needs {usage} taxes"
                )
                raise TaxUsageMismatch(message, field=where)
    return rows


__all__ = [
    "apply_input",
    "compute_input",
    "create_invoice_in",
    "document_of",
    "draft_invoice_in",
    "invoice_lines",
    "line_tax_ids",
    "partner_items",
    "refresh_totals",
    "usage_of",
    "write_lines",
]
