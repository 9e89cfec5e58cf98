"""Seller and buyer as documents print them, and the taxes' names and legal mentions.

Shared by the invoice, the credit note, the follow-up letter and the payment
advice: each prints the company's identity (legal name, address, VAT number,
registration, contact, logo) and the partner's (name, postal address, VAT
number) in the same way, in the document's language.

Invariants:
    - The seller's name is the legal name when set, else the company name; a
      trade name different from it is printed beside it.
    - A tax with a legal mention prints that mention in the document's
      language, followed by its exemption reason when there is one; each
      mention is printed once per document.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from babel import Locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.services.invoicing.invoice_drafts import address_of
from asiento.services.reference.chart import tax_name_in
from asiento.store.tables import Company, Invoice, Partner, Tax

MENTIONS: Final = {
    "exempt": "Exempt from VAT",
    "reverse_charge": "Reverse charge: VAT to be accounted for by the customer",
    "intra_community": "Intra-community supply exempt from VAT",
    "export": "Export outside the EU exempt from VAT",
}


@dataclass(frozen=True, slots=True)
class Party:
    """A name, the postal address lines, the VAT number and further lines (contact)."""

    name: str
    address: tuple[str, ...]
    tax_id: str | None
    details: tuple[str, ...] = ()
    trade_name: str | None = None


def country_name(code: str | None, lang: str) -> str:
    """``ES`` as the reader of ``lang`` names it (CLDR): Spain, España, 西班牙."""
    if not code:
        return ""
    names = Locale.parse({"zh": "zh_Hans"}.get(lang, lang)).territories
    return str(names.get(code.upper(), code.upper()))


def postal_lines(
    street: str | None,
    zip_code: str | None,
    city: str | None,
    region: str | None,
    country: str | None,
    lang: str,
) -> tuple[str, ...]:
    """Street; postal code and city; region; country (in ``lang``), skipping empty ones."""
    town = " ".join(p for p in (zip_code, city) if p)
    return tuple(p for p in (street, town, region, country_name(country, lang)) if p)


def seller_of(company: Company, lang: str, t: Callable[..., str]) -> Party:
    details = [f"{t('Registration')}: {company.registration_number}"] * bool(
        company.registration_number
    )
    contact = " · ".join(p for p in (company.email, company.phone, company.website) if p)
    name = company.legal_name or company.name
    trade = company.trade_name if company.trade_name and company.trade_name != name else None
    return Party(
        name=name,
        address=postal_lines(
            company.street, company.zip, company.city, company.region, company.country, lang
        ),
        tax_id=company.tax_id,
        details=(*details, *([contact] if contact else [])),
        trade_name=trade,
    )


def buyer_of(invoice: Invoice | None, partner: Partner, lang: str) -> Party:
    """The invoice's own address when edited, else the partner's postal address.

    A draft copies the partner's address in one line (``address_of``); while
    it is still that copy, the partner's structured address is printed (a
    line per part, the country named in ``lang``).
    """
    custom = invoice is not None and invoice.invoice_address.strip()
    if invoice is not None and custom and invoice.invoice_address != address_of(partner):
        lines = tuple(line for line in invoice.invoice_address.splitlines() if line.strip())
    else:
        lines = postal_lines(
            partner.street, partner.zip, partner.city, partner.region, partner.country, lang
        )
    return Party(partner.name, lines, partner.tax_id)


def logo_url(session: Session, company_id: int) -> str | None:
    """The logo as a ``data:`` URL (the PDF renderer loads nothing else), or None."""
    row = session.execute(
        select(Company.logo, Company.logo_type).where(Company.id == company_id)
    ).one()
    if row.logo is None or row.logo_type is None:
        return None
    return f"data:{row.logo_type};base64,{base64.b64encode(row.logo).decode('ascii')}"


@dataclass(frozen=True, slots=True)
class TaxWording:
    names: dict[int, str]
    mentions: tuple[str, ...]


def tax_wording(
    session: Session, company_id: int, tax_ids: Iterable[int], lang: str, t: Callable[..., str]
) -> TaxWording:
    """Each tax's name in ``lang`` and the document's legal mentions (once each, in order)."""
    ids = sorted(set(tax_ids))
    rows = list(session.scalars(select(Tax).where(Tax.company_id == company_id, Tax.id.in_(ids))))
    mentions: dict[str, None] = {}
    for tax in sorted(rows, key=lambda x: (x.sequence, x.id)):
        if tax.legal_mention in MENTIONS:
            text = t(MENTIONS[tax.legal_mention])
            mentions[f"{text} ({tax.exemption_reason})" if tax.exemption_reason else text] = None
    return TaxWording({tax.id: tax_name_in(tax, lang) for tax in rows}, tuple(mentions))
