"""Which business terms each e-invoice format cannot do without, checked before writing.

EN 16931 itself needs the seller's and buyer's country (BT-40, BT-55) and, whenever VAT is
charged or exempted, the seller's VAT identifier (BT-31, rules BR-S-02 and siblings); the
exempt-like categories need the buyer's VAT identifier (BR-AE-02, BR-IC-02 ...). Peppol BIS
Billing 3.0 adds both electronic addresses (BT-34, BT-49) and a buyer or order reference
(BT-10/BT-13); XRechnung adds the buyer reference (Leitweg-ID, BT-10), the seller's contact
(BT-41, BT-42, BT-43), both cities and post codes, and the payment instructions (BG-16).

Invariant: ``missing_terms`` lists every missing term at once, each as a ``Problem`` whose
field is the business term id, so a refusal names all of them.
"""

from __future__ import annotations

from asiento.domain.einvoice.model import EInvoice, Party
from asiento.domain.errors import Problem

ENDPOINT_FORMATS = frozenset({"ubl", "xrechnung-ubl", "xrechnung-cii"})
XRECHNUNG_FORMATS = frozenset({"xrechnung-ubl", "xrechnung-cii"})
_BUYER_VAT_CATEGORIES = frozenset({"AE", "K"})


def _need(problems: list[Problem], value: object, term: str, what: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(Problem(term, f"{what} ({term}) is required", "missing_business_term"))


def _party_address(
    problems: list[Problem], party: Party, role: str, terms: tuple[str, str]
) -> None:
    _need(problems, party.address.city, terms[0], f"the {role}'s city")
    _need(problems, party.address.postal_code, terms[1], f"the {role}'s post code")


def _core(doc: EInvoice, problems: list[Problem]) -> None:
    _need(problems, doc.seller.address.country_code, "BT-40", "the seller's country")
    _need(problems, doc.buyer.address.country_code, "BT-55", "the buyer's country")
    categories = {row.category for row in doc.vat_breakdown}
    if categories - {"O"}:
        _need(problems, doc.seller.vat_id, "BT-31", "the seller's VAT identifier")
    if categories & _BUYER_VAT_CATEGORIES:
        _need(problems, doc.buyer.vat_id, "BT-48", "the buyer's VAT identifier")


def _endpoints(doc: EInvoice, problems: list[Problem]) -> None:
    _need(problems, doc.seller.endpoint, "BT-34", "the seller's electronic address")
    _need(problems, doc.seller.endpoint_scheme, "BT-34-1", "the seller's electronic address scheme")
    _need(problems, doc.buyer.endpoint, "BT-49", "the buyer's electronic address")
    _need(problems, doc.buyer.endpoint_scheme, "BT-49-1", "the buyer's electronic address scheme")


def _xrechnung(doc: EInvoice, problems: list[Problem]) -> None:
    _need(problems, doc.buyer_reference, "BT-10", "the buyer reference or Leitweg-ID")
    _need(problems, doc.seller.contact_name, "BT-41", "the seller's contact point")
    _need(problems, doc.seller.contact_phone, "BT-42", "the seller's contact telephone")
    _need(problems, doc.seller.contact_email, "BT-43", "the seller's contact e-mail")
    _party_address(problems, doc.seller, "seller", ("BT-37", "BT-38"))
    _party_address(problems, doc.buyer, "buyer", ("BT-52", "BT-53"))
    _need(problems, doc.payment, "BG-16", "a company bank account for the payment instructions")


def missing_terms(doc: EInvoice, fmt: str) -> list[Problem]:
    """Every business term ``fmt`` requires that ``doc`` lacks (empty: it can be written)."""
    problems: list[Problem] = []
    _core(doc, problems)
    if fmt in ENDPOINT_FORMATS:
        _endpoints(doc, problems)
    if fmt == "ubl" and not (doc.buyer_reference or doc.order_reference):
        problems.append(
            Problem(
                "BT-10", "a buyer reference or order reference is required", "missing_business_term"
            )
        )
    if fmt == "ubl" and doc.seller.address.country_code == "DE":  # Peppol rule DE-R-001
        _need(problems, doc.payment, "BG-16", "a company bank account for the payment instructions")
    if fmt in XRECHNUNG_FORMATS:
        _xrechnung(doc, problems)
    return problems
