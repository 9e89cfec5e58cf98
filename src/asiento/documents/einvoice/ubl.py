"""Write an ``EInvoice`` as an OASIS UBL 2.1 Invoice or CreditNote.

Two customisations: Peppol BIS Billing 3.0 (``peppol``) and XRechnung UBL (``xrechnung``);
they differ only in the customisation identifier (BT-24). A credit note is a ``CreditNote``
document with ``CreditNoteLine``/``CreditedQuantity`` and positive amounts; UBL 2.1 has no due
date element on it, so BT-9 is left to the payment terms there. Element order follows the
UBL 2.1 schema.

Invariant: the output is schema-valid for every model the invoicing builder produces (tested
against the official XSD and the EN 16931, Peppol and XRechnung Schematron).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from asiento.documents.einvoice.xmlbits import amount, child, decimal, iso_date, node, to_bytes
from asiento.domain.einvoice.model import (
    Address,
    AllowanceCharge,
    EInvoice,
    InvoiceLine,
    Party,
    VatBreakdown,
)

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
ROOTS = {
    "invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "credit_note": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
CUSTOMIZATIONS = {
    "peppol": "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    "xrechnung": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
}
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"


def b(tag: str) -> str:
    return f"{{{CBC}}}{tag}"


def a(tag: str) -> str:
    return f"{{{CAC}}}{tag}"


def _money(parent: etree._Element, tag: str, value: object, currency: str) -> None:
    child(parent, b(tag), amount(value), currencyID=currency)  # type: ignore[arg-type]


def _address(address: etree._Element, postal: Address) -> None:
    lines = postal.lines
    child(address, b("StreetName"), lines[0] if lines else None)
    child(address, b("AdditionalStreetName"), lines[1] if len(lines) > 1 else None)
    child(address, b("CityName"), postal.city)
    child(address, b("PostalZone"), postal.postal_code)
    child(address, b("CountrySubentity"), postal.subdivision)
    if len(lines) > 2:
        child(node(address, a("AddressLine")), b("Line"), lines[2])
    child(node(address, a("Country")), b("IdentificationCode"), postal.country_code)


def _party(parent: etree._Element, tag: str, party: Party) -> None:
    element = node(node(parent, a(tag)), a("Party"))
    child(element, b("EndpointID"), party.endpoint, schemeID=party.endpoint_scheme)
    if party.trade_name:
        child(node(element, a("PartyName")), b("Name"), party.trade_name)
    _address(node(element, a("PostalAddress")), party.address)
    if party.vat_id:
        scheme = node(element, a("PartyTaxScheme"))
        child(scheme, b("CompanyID"), party.vat_id)
        child(node(scheme, a("TaxScheme")), b("ID"), "VAT")
    legal = node(element, a("PartyLegalEntity"))
    child(legal, b("RegistrationName"), party.name)
    child(legal, b("CompanyID"), party.legal_id)
    if party.contact_name or party.contact_phone or party.contact_email:
        contact = node(element, a("Contact"))
        child(contact, b("Name"), party.contact_name)
        child(contact, b("Telephone"), party.contact_phone)
        child(contact, b("ElectronicMail"), party.contact_email)


def _tax_category(parent: etree._Element, tag: str, category: str, rate: object) -> etree._Element:
    element = node(parent, a(tag))
    child(element, b("ID"), category)
    if rate is not None:
        child(element, b("Percent"), decimal(rate))  # type: ignore[arg-type]
    return element


def _tax_scheme(element: etree._Element) -> None:
    child(node(element, a("TaxScheme")), b("ID"), "VAT")


def _subtotal(parent: etree._Element, row: VatBreakdown, currency: str) -> None:
    subtotal = node(parent, a("TaxSubtotal"))
    _money(subtotal, "TaxableAmount", row.taxable_amount, currency)
    _money(subtotal, "TaxAmount", row.tax_amount, currency)
    category = _tax_category(subtotal, "TaxCategory", row.category, row.rate)
    child(category, b("TaxExemptionReasonCode"), row.exemption_reason_code)
    child(category, b("TaxExemptionReason"), row.exemption_reason)
    _tax_scheme(category)


def _allowance(parent: etree._Element, ac: AllowanceCharge, currency: str) -> None:
    element = node(parent, a("AllowanceCharge"))
    child(element, b("ChargeIndicator"), "true" if ac.is_charge else "false")
    child(element, b("AllowanceChargeReasonCode"), ac.reason_code)
    child(element, b("AllowanceChargeReason"), ac.reason)
    if ac.percent is not None:
        child(element, b("MultiplierFactorNumeric"), decimal(ac.percent))
    _money(element, "Amount", ac.amount, currency)
    if ac.base_amount is not None:
        _money(element, "BaseAmount", ac.base_amount, currency)


def _line(parent: etree._Element, line: InvoiceLine, doc: EInvoice) -> None:
    credit = doc.kind == "credit_note"
    element = node(parent, a("CreditNoteLine" if credit else "InvoiceLine"))
    child(element, b("ID"), line.line_id)
    child(element, b("Note"), line.note)
    quantity = "CreditedQuantity" if credit else "InvoicedQuantity"
    child(element, b(quantity), decimal(line.quantity), unitCode=line.unit_code)
    _money(element, "LineExtensionAmount", line.net_amount, doc.currency)
    for ac in line.allowances_charges:
        _allowance(element, ac, doc.currency)
    item = node(element, a("Item"))
    child(item, b("Description"), line.description)
    child(item, b("Name"), line.name)
    if line.seller_item_id:
        child(node(item, a("SellersItemIdentification")), b("ID"), line.seller_item_id)
    _tax_scheme(_tax_category(item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate))
    price = node(element, a("Price"))
    child(price, b("PriceAmount"), decimal(line.net_price), currencyID=doc.currency)


def _header(root: etree._Element, doc: EInvoice, customization: str) -> None:
    credit = doc.kind == "credit_note"
    child(root, b("CustomizationID"), CUSTOMIZATIONS[customization])
    child(root, b("ProfileID"), PROFILE)
    child(root, b("ID"), doc.number)
    child(root, b("IssueDate"), iso_date(doc.issue_date))
    if not credit and doc.due_date:
        child(root, b("DueDate"), iso_date(doc.due_date))
    child(root, b("CreditNoteTypeCode" if credit else "InvoiceTypeCode"), doc.type_code)
    for note in doc.notes:
        child(root, b("Note"), note)
    child(root, b("DocumentCurrencyCode"), doc.currency)
    child(root, b("TaxCurrencyCode"), doc.tax_currency)
    child(root, b("BuyerReference"), doc.buyer_reference)
    if doc.order_reference:
        child(node(root, a("OrderReference")), b("ID"), doc.order_reference)
    for preceding in doc.preceding_invoices:
        ref = node(node(root, a("BillingReference")), a("InvoiceDocumentReference"))
        child(ref, b("ID"), preceding.number)
        if preceding.issue_date:
            child(ref, b("IssueDate"), iso_date(preceding.issue_date))


def _delivery_and_payment(root: etree._Element, doc: EInvoice) -> None:
    if doc.delivery_date or doc.delivery_address:
        delivery = node(root, a("Delivery"))
        day = doc.delivery_date
        child(delivery, b("ActualDeliveryDate"), iso_date(day) if day else None)
        if doc.delivery_address:
            place = node(node(delivery, a("DeliveryLocation")), a("Address"))
            _address(place, doc.delivery_address)
    pay = doc.payment
    if pay:
        means = node(root, a("PaymentMeans"))
        child(means, b("PaymentMeansCode"), pay.means_code)
        child(means, b("PaymentID"), pay.remittance_information)
        if pay.iban:
            account = node(means, a("PayeeFinancialAccount"))
            child(account, b("ID"), pay.iban)
            child(account, b("Name"), pay.account_name)
            if pay.bic:
                child(node(account, a("FinancialInstitutionBranch")), b("ID"), pay.bic)
    if doc.payment_terms:
        child(node(root, a("PaymentTerms")), b("Note"), doc.payment_terms)


def _totals(root: etree._Element, doc: EInvoice) -> None:
    tax_total = node(root, a("TaxTotal"))
    _money(tax_total, "TaxAmount", doc.totals.tax_total, doc.currency)
    for row in doc.vat_breakdown:
        _subtotal(tax_total, row, doc.currency)
    if doc.tax_currency and doc.tax_total_in_tax_currency is not None:
        _money(
            node(root, a("TaxTotal")), "TaxAmount", doc.tax_total_in_tax_currency, doc.tax_currency
        )
    t = doc.totals
    total = node(root, a("LegalMonetaryTotal"))
    _money(total, "LineExtensionAmount", t.line_total, doc.currency)
    _money(total, "TaxExclusiveAmount", t.tax_exclusive, doc.currency)
    _money(total, "TaxInclusiveAmount", t.tax_inclusive, doc.currency)
    if t.allowance_total:
        _money(total, "AllowanceTotalAmount", t.allowance_total, doc.currency)
    if t.charge_total:
        _money(total, "ChargeTotalAmount", t.charge_total, doc.currency)
    if t.prepaid:
        _money(total, "PrepaidAmount", t.prepaid, doc.currency)
    _money(total, "PayableAmount", t.payable, doc.currency)


def write_ubl(doc: EInvoice, customization: str = "peppol") -> bytes:
    """The UBL XML of ``doc``; ``customization`` is ``peppol`` or ``xrechnung``."""
    ns = ROOTS[doc.kind]
    tag = "CreditNote" if doc.kind == "credit_note" else "Invoice"
    nsmap: dict[Any, str] = {None: ns, "cac": CAC, "cbc": CBC}
    root = etree.Element(f"{{{ns}}}{tag}", nsmap=nsmap)
    _header(root, doc, customization)
    _party(root, "AccountingSupplierParty", doc.seller)
    _party(root, "AccountingCustomerParty", doc.buyer)
    _delivery_and_payment(root, doc)
    _totals(root, doc)
    for line in doc.lines:
        _line(root, line, doc)
    return to_bytes(root)
