"""Seller, buyer and payment instructions of an e-invoice, from the company and partner rows.

The seller is the company as documents print it (legal name, else name; trade name beside);
its contact point is the company itself (name, phone, e-mail), as XRechnung asks for one. The
buyer is the partner. Payment instructions name the company's bank account in the invoice
currency with the structured reference (RF) as remittance information: SEPA credit transfer
(UNCL4461 58) for an IBAN of the SEPA zone, else credit transfer (30).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from asiento.domain.einvoice.model import Address, Party, PaymentInstructions
from asiento.services.reference.bank_accounts import account_for_currency
from asiento.store.tables import Company, Invoice, Partner


def _lines(street: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (street or "").splitlines() if part.strip())[:3]


def seller_party(company: Company) -> Party:
    name = company.legal_name or company.name
    return Party(
        name=name,
        trade_name=company.trade_name if company.trade_name not in (None, name) else None,
        address=Address(
            country_code=(company.country or "").upper(),
            lines=_lines(company.street),
            city=company.city,
            postal_code=company.zip,
            subdivision=company.region,
        ),
        vat_id=company.tax_id,
        legal_id=company.registration_number,
        endpoint=company.electronic_address,
        endpoint_scheme=company.electronic_address_scheme,
        contact_name=name,
        contact_phone=company.phone,
        contact_email=company.email,
    )


def buyer_party(partner: Partner) -> Party:
    return Party(
        name=partner.name,
        address=Address(
            country_code=(partner.country or "").upper(),
            lines=_lines(partner.street),
            city=partner.city,
            postal_code=partner.zip,
            subdivision=partner.region,
        ),
        vat_id=partner.tax_id,
        endpoint=partner.electronic_address,
        endpoint_scheme=partner.electronic_address_scheme,
        contact_email=partner.invoice_email or partner.email,
    )


def _sepa(iban: str) -> bool:
    from schwifty import IBAN

    return bool(IBAN(iban).in_sepa_zone)


def payment_of(session: Session, company: Company, invoice: Invoice) -> PaymentInstructions | None:
    """The company's account in the invoice currency, or None when it has none with an IBAN."""
    account = account_for_currency(session, company.id, invoice.currency)
    if account is None or not account.iban:
        return None
    reference = invoice.structured_reference or invoice.payment_reference or invoice.number
    return PaymentInstructions(
        means_code="58" if _sepa(account.iban) else "30",
        remittance_information=reference,
        iban=account.iban,
        account_name=account.holder_name or company.legal_name or company.name,
        bic=account.bic,
    )
