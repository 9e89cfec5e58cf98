"""Write an ``EInvoice`` as UN/CEFACT Cross Industry Invoice D16B (EN 16931 CII syntax).

One writer serves Factur-X / ZUGFeRD (profiles EN 16931 and BASIC) and XRechnung CII: they
differ in the guideline identifier (BT-24) and in what BASIC leaves out (line allowance
percent and base, gross prices, notes on lines). Element order follows the D16B schema; every
amount carries the document currency only where the syntax asks for it (tax totals).

Invariant: the output is schema-valid for every model the invoicing builder produces (tested
against the official XSD and the EN 16931, Peppol and XRechnung Schematron).
"""

from __future__ import annotations

from lxml import etree

from asiento.documents.einvoice.xmlbits import amount, child, compact_date, decimal, node, to_bytes
from asiento.domain.einvoice.model import (
    Address,
    AllowanceCharge,
    EInvoice,
    InvoiceLine,
    Party,
    VatBreakdown,
)

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}

GUIDELINES = {
    "en16931": "urn:cen.eu:en16931:2017",
    "basic": "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
    "xrechnung": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
}
PEPPOL_PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"


def r(tag: str) -> str:
    return f"{{{RAM}}}{tag}"


def _date(parent: etree._Element, tag: str, day: object, ns: str = UDT) -> None:
    holder = node(parent, tag)
    stamp = etree.SubElement(holder, f"{{{ns}}}DateTimeString", {"format": "102"})
    stamp.text = compact_date(day)  # type: ignore[arg-type]


def _address(parent: etree._Element, postal: Address) -> None:
    address = node(parent, r("PostalTradeAddress"))
    child(address, r("PostcodeCode"), postal.postal_code)
    for tag_name, line in zip(("LineOne", "LineTwo", "LineThree"), postal.lines, strict=False):
        child(address, r(tag_name), line)
    child(address, r("CityName"), postal.city)
    child(address, r("CountryID"), postal.country_code)
    child(address, r("CountrySubDivisionName"), postal.subdivision)


def _party(parent: etree._Element, tag: str, party: Party, basic: bool) -> None:
    element = node(parent, r(tag))
    child(element, r("Name"), party.name)
    if party.legal_id or party.trade_name:
        legal = node(element, r("SpecifiedLegalOrganization"))
        child(legal, r("ID"), party.legal_id)
        child(legal, r("TradingBusinessName"), party.trade_name)
    if not basic and (party.contact_name or party.contact_phone or party.contact_email):
        contact = node(element, r("DefinedTradeContact"))
        child(contact, r("PersonName"), party.contact_name)
        if party.contact_phone:
            child(
                node(contact, r("TelephoneUniversalCommunication")),
                r("CompleteNumber"),
                party.contact_phone,
            )
        if party.contact_email:
            child(
                node(contact, r("EmailURIUniversalCommunication")), r("URIID"), party.contact_email
            )
    address = node(element, r("PostalTradeAddress"))
    child(address, r("PostcodeCode"), party.address.postal_code)
    for tag_name, line in zip(
        ("LineOne", "LineTwo", "LineThree"), party.address.lines, strict=False
    ):
        child(address, r(tag_name), line)
    child(address, r("CityName"), party.address.city)
    child(address, r("CountryID"), party.address.country_code)
    child(address, r("CountrySubDivisionName"), party.address.subdivision)
    if party.endpoint and party.endpoint_scheme:
        uri = node(element, r("URIUniversalCommunication"))
        child(uri, r("URIID"), party.endpoint, schemeID=party.endpoint_scheme)
    if party.vat_id:
        child(node(element, r("SpecifiedTaxRegistration")), r("ID"), party.vat_id, schemeID="VA")


def _line_allowance(parent: etree._Element, ac: AllowanceCharge, basic: bool) -> None:
    element = node(parent, r("SpecifiedTradeAllowanceCharge"))
    indicator = node(element, r("ChargeIndicator"))
    child(indicator, f"{{{UDT}}}Indicator", "true" if ac.is_charge else "false")
    if not basic and ac.percent is not None:
        child(element, r("CalculationPercent"), decimal(ac.percent))
    if not basic and ac.base_amount is not None:
        child(element, r("BasisAmount"), amount(ac.base_amount))
    child(element, r("ActualAmount"), amount(ac.amount))
    child(element, r("ReasonCode"), ac.reason_code)
    child(element, r("Reason"), ac.reason)


def _line(parent: etree._Element, line: InvoiceLine, basic: bool) -> None:
    item = node(parent, r("IncludedSupplyChainTradeLineItem"))
    doc = node(item, r("AssociatedDocumentLineDocument"))
    child(doc, r("LineID"), line.line_id)
    product = node(item, r("SpecifiedTradeProduct"))
    child(product, r("SellerAssignedID"), line.seller_item_id)
    child(product, r("Name"), line.name)
    if not basic:
        child(product, r("Description"), line.description)
    agreement = node(item, r("SpecifiedLineTradeAgreement"))
    price = node(agreement, r("NetPriceProductTradePrice"))
    child(price, r("ChargeAmount"), decimal(line.net_price))
    delivery = node(item, r("SpecifiedLineTradeDelivery"))
    child(delivery, r("BilledQuantity"), decimal(line.quantity), unitCode=line.unit_code)
    settlement = node(item, r("SpecifiedLineTradeSettlement"))
    tax = node(settlement, r("ApplicableTradeTax"))
    child(tax, r("TypeCode"), "VAT")
    child(tax, r("CategoryCode"), line.vat_category)
    if line.vat_rate is not None:
        child(tax, r("RateApplicablePercent"), decimal(line.vat_rate))
    for ac in line.allowances_charges:
        _line_allowance(settlement, ac, basic)
    summation = node(settlement, r("SpecifiedTradeSettlementLineMonetarySummation"))
    child(summation, r("LineTotalAmount"), amount(line.net_amount))


def _agreement(parent: etree._Element, doc: EInvoice, basic: bool) -> None:
    agreement = node(parent, r("ApplicableHeaderTradeAgreement"))
    child(agreement, r("BuyerReference"), doc.buyer_reference)
    _party(agreement, "SellerTradeParty", doc.seller, basic)
    _party(agreement, "BuyerTradeParty", doc.buyer, basic)
    if doc.order_reference:
        child(
            node(agreement, r("BuyerOrderReferencedDocument")),
            r("IssuerAssignedID"),
            doc.order_reference,
        )


def _delivery(parent: etree._Element, doc: EInvoice) -> None:
    delivery = node(parent, r("ApplicableHeaderTradeDelivery"))
    if doc.delivery_address:
        _address(node(delivery, r("ShipToTradeParty")), doc.delivery_address)
    if doc.delivery_date:
        event = node(delivery, r("ActualDeliverySupplyChainEvent"))
        _date(event, r("OccurrenceDateTime"), doc.delivery_date)


def _breakdown(parent: etree._Element, row: VatBreakdown) -> None:
    tax = node(parent, r("ApplicableTradeTax"))
    child(tax, r("CalculatedAmount"), amount(row.tax_amount))
    child(tax, r("TypeCode"), "VAT")
    child(tax, r("ExemptionReason"), row.exemption_reason)
    child(tax, r("BasisAmount"), amount(row.taxable_amount))
    child(tax, r("CategoryCode"), row.category)
    child(tax, r("ExemptionReasonCode"), row.exemption_reason_code)
    if row.rate is not None:
        child(tax, r("RateApplicablePercent"), decimal(row.rate))


def _settlement(parent: etree._Element, doc: EInvoice, basic: bool) -> None:
    settlement = node(parent, r("ApplicableHeaderTradeSettlement"))
    pay = doc.payment
    child(settlement, r("PaymentReference"), pay.remittance_information if pay else None)
    child(settlement, r("TaxCurrencyCode"), doc.tax_currency)
    child(settlement, r("InvoiceCurrencyCode"), doc.currency)
    if pay:
        means = node(settlement, r("SpecifiedTradeSettlementPaymentMeans"))
        child(means, r("TypeCode"), pay.means_code)
        child(means, r("Information"), pay.means_text)
        if pay.iban:
            account = node(means, r("PayeePartyCreditorFinancialAccount"))
            child(account, r("IBANID"), pay.iban)
            if not basic:
                child(account, r("AccountName"), pay.account_name)
        if pay.bic and not basic:
            child(node(means, r("PayeeSpecifiedCreditorFinancialInstitution")), r("BICID"), pay.bic)
    for row in doc.vat_breakdown:
        _breakdown(settlement, row)
    if doc.payment_terms or doc.due_date:
        terms = node(settlement, r("SpecifiedTradePaymentTerms"))
        child(terms, r("Description"), doc.payment_terms)
        if doc.due_date:
            _date(terms, r("DueDateDateTime"), doc.due_date)
    _summation(settlement, doc)
    for preceding in doc.preceding_invoices:
        ref = node(settlement, r("InvoiceReferencedDocument"))
        child(ref, r("IssuerAssignedID"), preceding.number)
        if preceding.issue_date:
            _date(ref, r("FormattedIssueDateTime"), preceding.issue_date, QDT)


def _summation(parent: etree._Element, doc: EInvoice) -> None:
    t = doc.totals
    total = node(parent, r("SpecifiedTradeSettlementHeaderMonetarySummation"))
    child(total, r("LineTotalAmount"), amount(t.line_total))
    if t.charge_total:
        child(total, r("ChargeTotalAmount"), amount(t.charge_total))
    if t.allowance_total:
        child(total, r("AllowanceTotalAmount"), amount(t.allowance_total))
    child(total, r("TaxBasisTotalAmount"), amount(t.tax_exclusive))
    child(total, r("TaxTotalAmount"), amount(t.tax_total), currencyID=doc.currency)
    if doc.tax_currency and doc.tax_total_in_tax_currency is not None:
        child(
            total,
            r("TaxTotalAmount"),
            amount(doc.tax_total_in_tax_currency),
            currencyID=doc.tax_currency,
        )
    child(total, r("GrandTotalAmount"), amount(t.tax_inclusive))
    if t.prepaid:
        child(total, r("TotalPrepaidAmount"), amount(t.prepaid))
    child(total, r("DuePayableAmount"), amount(t.payable))


def write_cii(doc: EInvoice, profile: str = "en16931") -> bytes:
    """The CII XML of ``doc``; ``profile`` is ``en16931``, ``basic`` or ``xrechnung``."""
    basic = profile == "basic"
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = node(root, f"{{{RSM}}}ExchangedDocumentContext")
    if profile == "xrechnung":
        child(
            node(context, r("BusinessProcessSpecifiedDocumentContextParameter")),
            r("ID"),
            PEPPOL_PROCESS,
        )
    child(
        node(context, r("GuidelineSpecifiedDocumentContextParameter")), r("ID"), GUIDELINES[profile]
    )
    header = node(root, f"{{{RSM}}}ExchangedDocument")
    child(header, r("ID"), doc.number)
    child(header, r("TypeCode"), doc.type_code)
    _date(header, r("IssueDateTime"), doc.issue_date)
    for note in doc.notes:
        child(node(header, r("IncludedNote")), r("Content"), note)
    transaction = node(root, f"{{{RSM}}}SupplyChainTradeTransaction")
    for line in doc.lines:
        _line(transaction, line, basic)
    _agreement(transaction, doc, basic)
    _delivery(transaction, doc)
    _settlement(transaction, doc, basic)
    return to_bytes(root)
