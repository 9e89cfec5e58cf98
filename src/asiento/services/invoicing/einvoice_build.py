"""Build the EN 16931 model (``domain.einvoice.EInvoice``) of a posted customer document.

Figures come from the invoice itself: each line's net amount is its printed base (the same
``compute_totals`` its journal entry was planned from), the VAT breakdown sums those bases and
the taxes' amounts per (category, rate), and the document totals are the invoice's stored
totals. A line discount becomes a line allowance (BG-27: the percent, the base quantity x price
and the amount taken off), so net price x quantity - allowance = the line's net amount exactly.

Invariants:
    - only a posted (or since cancelled) customer invoice or credit note is written: a draft or
      pro-forma has no number yet (``StateConflict``), a vendor document is not ours to issue;
    - sum of line net amounts = BT-106 = the invoice's untaxed amount; sum of the breakdown's
      tax = BT-110 = its tax amount; BT-112 = BT-115 = its total (nothing prepaid on it);
    - every line has one VAT category: its first percent tax's ``vat_category`` (or the one its
      legal mention and rate say); a line without tax is outside the scope of VAT (O).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.documents.wording import language_of
from asiento.domain.einvoice.codes import DEFAULT_UNIT_CODE, category_for
from asiento.domain.einvoice.model import (
    VAT_CATEGORIES,
    AllowanceCharge,
    DocumentTotals,
    EInvoice,
    InvoiceLine,
    PrecedingInvoice,
    VatBreakdown,
)
from asiento.domain.errors import InvalidInput, StateConflict
from asiento.domain.invoice_totals import InvoiceTotals
from asiento.domain.money import round_to
from asiento.services.invoicing.document_parties import MENTIONS
from asiento.services.invoicing.einvoice_parties import buyer_party, payment_of, seller_party
from asiento.services.invoicing.invoice_documents import Formatter, invoice_totals, term_text
from asiento.store.query import get_scoped
from asiento.store.tables import Company, Invoice, Partner, Product, Tax
from asiento.store.types import from_minor

KINDS = {"customer_invoice": ("invoice", "380"), "customer_credit_note": ("credit_note", "381")}
WRITABLE_STATES = frozenset({"posted", "cancelled"})
NO_RATE_CATEGORIES = frozenset({"O"})
EXEMPT_CATEGORIES = frozenset({"E", "AE", "K", "G", "O"})


@dataclass(frozen=True, slots=True)
class LineVat:
    category: str
    rate: Decimal | None
    tax: Tax | None


def _line_vat(taxes: list[Tax]) -> LineVat:
    percent = [t for t in taxes if t.amount_type == "percent"]
    if not percent:
        return LineVat("O", None, None)
    tax = percent[0]
    category = tax.vat_category or category_for(tax.legal_mention, tax.amount)
    if category in NO_RATE_CATEGORIES:
        return LineVat(category, None, tax)
    return LineVat(category, Decimal(0) if category in EXEMPT_CATEGORIES else tax.amount, tax)


def _exemption(vat: LineVat) -> tuple[str | None, str | None]:
    """BT-120 text and BT-121 code of an exempt-like category (both None for S, Z, L, M)."""
    if vat.category not in EXEMPT_CATEGORIES:
        return None, None
    tax = vat.tax
    mention = MENTIONS.get(tax.legal_mention or "") if tax else None
    text = (tax.exemption_reason if tax else None) or mention or VAT_CATEGORIES[vat.category]
    return text, tax.exemption_reason_code if tax else None


def _allowance(gross: Decimal, net: Decimal, percent: Decimal) -> AllowanceCharge:
    return AllowanceCharge(
        is_charge=False,
        amount=gross - net,
        reason="Discount",
        reason_code="95",
        base_amount=gross,
        percent=percent,
    )


def _lines(
    session: Session, totals: InvoiceTotals, vats: list[LineVat], currency: str
) -> tuple[InvoiceLine, ...]:
    doc = totals.document
    product_ids = {line.product_id for line in doc.lines if line.product_id}
    products = {
        p.id: p for p in session.scalars(select(Product).where(Product.id.in_(product_ids)))
    }
    out: list[InvoiceLine] = []
    for index, (line, base, vat) in enumerate(zip(doc.lines, totals.line_bases, vats, strict=True)):
        product = products.get(line.product_id or 0)
        net = base.amount
        included = any(t.price_include for t in line.taxes)
        gross = round_to(line.quantity * line.price_unit, currency)
        price = line.price_unit
        allowances: tuple[AllowanceCharge, ...] = ()
        if included:  # the price holds tax: the net price is what the base says
            price = (net / line.quantity).quantize(Decimal("0.000001"))
        elif line.discount and gross != net:
            allowances = (_allowance(gross, net, line.discount),)
        out.append(
            InvoiceLine(
                line_id=str(index + 1),
                name=(line.description.splitlines() or [""])[0][:200]
                or (product.name if product else "-"),
                description=line.description if "\n" in line.description else None,
                quantity=line.quantity,
                unit_code=product.unit_code if product else DEFAULT_UNIT_CODE,
                net_price=price,
                net_amount=net,
                vat_category=vat.category,
                vat_rate=vat.rate,
                seller_item_id=product.code if product else None,
                allowances_charges=allowances,
            )
        )
    return tuple(out)


def _breakdown(
    totals: InvoiceTotals, vats: list[LineVat], taxes: dict[int, Tax]
) -> tuple[VatBreakdown, ...]:
    taxable: dict[tuple[str, Decimal | None], Decimal] = defaultdict(Decimal)
    amount: dict[tuple[str, Decimal | None], Decimal] = defaultdict(Decimal)
    first: dict[tuple[str, Decimal | None], LineVat] = {}
    for base, vat in zip(totals.line_bases, vats, strict=True):
        key = (vat.category, vat.rate)
        taxable[key] += base.amount
        first.setdefault(key, vat)
    by_tax = {vat.tax.id: (vat.category, vat.rate) for vat in vats if vat.tax}
    for total in totals.taxes:
        group = by_tax.get(total.tax.id)
        if group is not None and taxes[total.tax.id].amount_type == "percent":
            amount[group] += total.amount.amount
    rows = []
    for key, base_total in taxable.items():
        reason, code = _exemption(first[key])
        rows.append(VatBreakdown(key[0], key[1], base_total, amount[key], reason, code))
    return tuple(rows)


def _totals(invoice: Invoice, company: Company) -> DocumentTotals:
    cur = invoice.currency
    untaxed = abs(from_minor(invoice.amount_untaxed, cur))
    tax = abs(from_minor(invoice.amount_tax, cur))
    total = abs(from_minor(invoice.amount_total, cur))
    return DocumentTotals(
        line_total=untaxed, tax_exclusive=untaxed, tax_total=tax, tax_inclusive=total, payable=total
    )


def _checked_invoice(session: Session, company_id: int, invoice_id: int) -> Invoice:
    invoice = get_scoped(session, Invoice, company_id, invoice_id, "invoice")
    if invoice.kind not in KINDS:
        raise InvalidInput(
            "only customer invoices and credit notes are issued as e-invoices", field="invoice"
        )
    if invoice.state not in WRITABLE_STATES or not invoice.number or not invoice.invoice_date:
        raise StateConflict(
            f"invoice {invoice.id} is {invoice.state}: only a posted invoice has an e-invoice",
            state=invoice.state,
        )
    return invoice


def _preceding(session: Session, invoice: Invoice) -> tuple[PrecedingInvoice, ...]:
    if invoice.origin_invoice_id is None:
        return ()
    origin = session.get(Invoice, invoice.origin_invoice_id)
    if origin is None or origin.number is None:
        return ()
    return (PrecedingInvoice(origin.number, origin.invoice_date),)


def build_einvoice(session: Session, company_id: int, invoice_id: int) -> EInvoice:
    """The EN 16931 model of posted customer invoice or credit note ``invoice_id``."""
    invoice = _checked_invoice(session, company_id, invoice_id)
    company = session.get_one(Company, company_id)
    partner = get_scoped(session, Partner, company_id, invoice.partner_id, "partner")
    totals = invoice_totals(session, company, invoice)
    tax_ids = {t.id for line in totals.document.lines for t in line.taxes}
    taxes = {t.id: t for t in session.scalars(select(Tax).where(Tax.id.in_(tax_ids)))}
    vats = [_line_vat([taxes[t.id] for t in line.taxes]) for line in totals.document.lines]
    kind, type_code = KINDS[invoice.kind]
    breakdown = _breakdown(totals, vats, taxes)
    lang = language_of(partner.language, company.language)
    foreign = invoice.currency != company.currency
    intra = any(row.category == "K" for row in breakdown)
    buyer = buyer_party(partner)
    return EInvoice(
        kind=kind,  # type: ignore[arg-type]
        number=invoice.number or "",
        issue_date=invoice.invoice_date,  # type: ignore[arg-type]
        currency=invoice.currency,
        seller=seller_party(company),
        buyer=buyer,
        lines=_lines(session, totals, vats, invoice.currency),
        vat_breakdown=breakdown,
        totals=_totals(invoice, company),
        type_code=type_code,
        due_date=invoice.due_date if kind == "invoice" else None,
        delivery_date=invoice.invoice_date if intra else None,
        delivery_address=buyer.address if intra else None,
        buyer_reference=partner.buyer_reference,
        order_reference=invoice.ref or None,
        payment_terms=term_text(session, invoice, lang, Formatter(invoice.currency, lang)) or None,
        notes=(invoice.narration,) if invoice.narration.strip() else (),
        preceding_invoices=_preceding(session, invoice),
        payment=payment_of(session, company, invoice),
        tax_currency=company.currency if foreign else None,
        tax_total_in_tax_currency=abs(from_minor(invoice.amount_tax_company, company.currency))
        if foreign
        else None,
    )
