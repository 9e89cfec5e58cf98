"""What an incoming e-invoice names, found in the company: supplier, buyer, taxes, products, order.

- Supplier (BG-4): the company's partner with the seller's VAT number (BT-31, compared in its
  compact form), else the one partner of that exact name (case-insensitive); unknown ->
  ``UnknownSupplier`` carrying what to create, unless the caller asked to create it.
- Buyer (BG-7): when the document names a buyer VAT number (BT-48) and the company has one,
  they must be the same number; else a warning, or ``BuyerMismatch`` under strict checking.
- Tax: the active purchase tax of the company whose VAT category (UNCL5305) and percent equal
  the line's (BT-151/BT-152). A tax's category is its ``vat_category`` when set, else what its
  legal mention says (exempt E, reverse charge AE, intra-community K, export G), else S for a
  positive rate and Z for 0 %.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.domain.currency import is_known
from asiento.domain.einvoice.consistency import vat_key
from asiento.domain.einvoice.model import EInvoice, Party
from asiento.domain.einvoice.refusals import BuyerMismatch, EInvoiceRefused, UnknownSupplier
from asiento.domain.errors import InvalidInput
from asiento.services.reference.identity import normal_tax_id
from asiento.store.locks import lock_company
from asiento.store.tables import Company, Currency, Partner, Product, PurchaseOrder, Tax

LEGAL_MENTION_CATEGORY = {
    "exempt": "E",
    "reverse_charge": "AE",
    "intra_community": "K",
    "export": "G",
}
_SEPARATORS = re.compile(r"[\s.\-/]")


def compact_vat(raw: str | None) -> str:
    """``"DE 123.456.789"`` -> ``"DE123456789"``: the form two VAT numbers are compared in."""
    return _SEPARATORS.sub("", raw or "").upper()


def require_currency(session: Session, company_id: int, code: str) -> str:
    """The document currency (BT-5) when the company uses it, else a refusal saying what to do."""
    code = code.strip().upper()
    if not is_known(code):
        raise EInvoiceRefused("unsupported_content", f"currency {code!r} (BT-5) is not ISO 4217")
    enabled = session.scalar(
        select(Currency.id).where(
            Currency.company_id == company_id, Currency.code == code, Currency.active.is_(True)
        )
    )
    if enabled is None:
        raise EInvoiceRefused(
            "unsupported_content",
            f"currency {code} (BT-5) is not enabled in this company: enable it, give it a rate "
            "and import again",
        )
    return code


def _find_supplier(session: Session, company_id: int, seller: Party) -> Partner | None:
    """The partner the seller is, by VAT number then by exact name, or ``None``."""
    wanted = compact_vat(seller.vat_id)
    partners = session.scalars(
        select(Partner)
        .where(Partner.company_id == company_id, Partner.active.is_(True))
        .order_by(Partner.id)
    ).all()
    if wanted:
        for partner in partners:
            if compact_vat(partner.tax_id) == wanted:
                return partner
    name = seller.name.strip().casefold()
    named = [p for p in partners if p.name.strip().casefold() == name] if name else []
    return named[0] if len(named) == 1 else None


def supplier_offer(seller: Party) -> dict[str, Any]:
    """What ``create_supplier`` would create: shown to the caller of a refused import."""
    return {
        "name": seller.name,
        "tax_id": seller.vat_id,
        "country": seller.address.country_code or None,
        "street": ", ".join(seller.address.lines) or None,
        "zip": seller.address.postal_code,
        "city": seller.address.city,
        "email": seller.contact_email,
    }


def require_supplier(
    session: Session, company_id: int, seller: Party, create: bool, warnings: list[dict[str, str]]
) -> Partner:
    """The supplier, created from the seller's details when asked; else ``UnknownSupplier``."""
    found = _find_supplier(session, company_id, seller)
    if found is not None:
        return found
    offer = supplier_offer(seller)
    if not create:
        vat = f" (VAT {seller.vat_id})" if seller.vat_id else ""
        raise UnknownSupplier(
            f"supplier {seller.name!r}{vat} is not a partner of this company; create it "
            "(create_supplier) and import again",
            offer=offer,
        )
    lock_company(session, company_id)  # two imports of one new supplier create it once
    again = _find_supplier(session, company_id, seller)
    return again or _create_supplier(session, company_id, offer, warnings)


def _create_supplier(
    session: Session, company_id: int, offer: dict[str, Any], warnings: list[dict[str, str]]
) -> Partner:
    country = offer["country"] if offer["country"] and len(offer["country"]) == 2 else None
    tax_id = offer["tax_id"]
    if tax_id:
        try:
            tax_id = normal_tax_id(tax_id, country)
        except InvalidInput:
            warnings.append(
                {
                    "term": "BT-31",
                    "message": f"seller VAT number {tax_id} fails its "
                    "check digits: not stored on the new supplier",
                }
            )
            tax_id = None
    partner = Partner(
        company_id=company_id,
        name=offer["name"] or "?",
        is_customer=False,
        is_supplier=True,
        country=country,
        street=offer["street"],
        zip=offer["zip"],
        city=offer["city"],
        tax_id=tax_id,
        email=None,
        active=True,
        payment_days="",
    )
    session.add(partner)
    session.flush()
    warnings.append(
        {"term": "BG-4", "message": f"supplier {partner.name} created from the document"}
    )
    return partner


def check_buyer(
    company: Company, doc: EInvoice, strict: bool, warnings: list[dict[str, str]]
) -> None:
    """Flag (or, ``strict``, refuse) a document whose buyer VAT number is not the company's."""
    theirs, ours = compact_vat(doc.buyer.vat_id), compact_vat(company.tax_id)
    if not theirs or not ours or theirs == ours:
        return
    message = (
        f"the buyer of this document is {doc.buyer.name or '?'} (VAT {doc.buyer.vat_id}), "
        f"not this company (VAT {company.tax_id})"
    )
    if strict:
        raise BuyerMismatch(message)
    warnings.append({"term": "BT-48", "message": message})


def tax_category(tax: Tax) -> str:
    """The UNCL5305 category of a tax (see the module docstring)."""
    own = getattr(tax, "vat_category", None)
    if own:
        return str(own).upper()
    if tax.legal_mention in LEGAL_MENTION_CATEGORY:
        return LEGAL_MENTION_CATEGORY[tax.legal_mention]
    return "S" if tax.amount > 0 else "Z"


class TaxMatcher:
    """The company's purchase taxes by (category, rate), loaded once per import."""

    def __init__(self, session: Session, company_id: int) -> None:
        rows = session.scalars(
            select(Tax)
            .where(
                Tax.company_id == company_id,
                Tax.usage == "purchase",
                Tax.active.is_(True),
                Tax.amount_type == "percent",
                Tax.price_include.is_(False),
            )
            .order_by(Tax.sequence, Tax.id)
        ).all()
        self.by_key: dict[tuple[str, Decimal], Tax] = {}
        for tax in rows:
            self.by_key.setdefault(vat_key(tax_category(tax), tax.amount), tax)

    def match(self, category: str | None, rate: Decimal | None) -> Tax | None:
        return self.by_key.get(vat_key(category, rate))


def find_product(session: Session, company_id: int, codes: Sequence[str | None]) -> Product | None:
    """The active product whose code is one of ``codes`` (buyer's then seller's item id)."""
    for code in codes:
        if not code:
            continue
        found = session.scalars(
            select(Product).where(
                Product.company_id == company_id,
                Product.active.is_(True),
                func.lower(Product.code) == code.lower(),
            )
        ).first()
        if found is not None:
            return found
    return None


def find_order(
    session: Session, company_id: int, partner_id: int, name: str | None
) -> PurchaseOrder | None:
    """The supplier's purchase order named by BT-13, or ``None``."""
    if not name:
        return None
    return session.scalars(
        select(PurchaseOrder).where(
            PurchaseOrder.company_id == company_id,
            PurchaseOrder.partner_id == partner_id,
            PurchaseOrder.name == name,
        )
    ).first()
