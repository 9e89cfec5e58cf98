"""UN/CEFACT CII D16B (EN 16931, Factur-X/ZUGFeRD BASIC to EXTENDED, XRechnung CII) -> ``EInvoice``.

Same promise as the UBL reader: figures are kept as written. Profiles without lines (Factur-X
MINIMUM and BASIC WL) carry no line detail and cannot become a bill: they are refused as
``unsupported_content``. Type codes 381 and its kin are credit notes, with positive amounts.
"""

from __future__ import annotations

from decimal import Decimal

from asiento.domain.einvoice.model import (
    Address,
    AllowanceCharge,
    DocumentTotals,
    EInvoice,
    InvoiceLine,
    Party,
    PaymentInstructions,
    PrecedingInvoice,
    VatBreakdown,
)
from asiento.domain.einvoice.refusals import EInvoiceRefused
from asiento.importers.einvoice._nodes import Element, Nodes

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
N = Nodes(
    {
        "rsm": RSM,
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
        "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    }
)
ZERO = Decimal(0)
# UNTDID 1001 codes EN 16931 reads as credit notes
CREDIT_NOTE_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458"})
LINELESS_PROFILES = ("urn:factur-x.eu:1p0:minimum", "urn:factur-x.eu:1p0:basicwl")
TRADE = "rsm:SupplyChainTradeTransaction"
AGREEMENT = f"{TRADE}/ram:ApplicableHeaderTradeAgreement"
SETTLEMENT = f"{TRADE}/ram:ApplicableHeaderTradeSettlement"


def is_cii(root: Element) -> bool:
    return root.tag == f"{{{RSM}}}CrossIndustryInvoice"


def read_cii(root: Element) -> EInvoice:
    """The document of a CII CrossIndustryInvoice root (``is_cii(root)`` holds)."""
    spec = N.text(
        root, "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
    )
    if spec and spec.lower() in LINELESS_PROFILES:
        raise EInvoiceRefused(
            "unsupported_content",
            f"profile {spec} carries no invoice lines; a bill needs the BASIC profile or richer",
            location="CrossIndustryInvoice/ExchangedDocumentContext",
        )
    doc = N.required(root, "rsm:ExchangedDocument", "the document header")
    settlement = N.required(root, SETTLEMENT, "the settlement BG-22")
    agreement = N.required(root, AGREEMENT, "the trade agreement")
    type_code = N.text(doc, "ram:TypeCode") or "380"
    currency = N.required_text(settlement, "ram:InvoiceCurrencyCode", "the currency BT-5")
    lines = N.all(root, f"{TRADE}/ram:IncludedSupplyChainTradeLineItem")
    return EInvoice(
        kind="credit_note" if type_code in CREDIT_NOTE_CODES else "invoice",
        number=N.required_text(doc, "ram:ID", "the invoice number BT-1"),
        issue_date=N.required_date(doc, "ram:IssueDateTime/udt:DateTimeString", "BT-2"),
        currency=currency,
        seller=_party(N.required(agreement, "ram:SellerTradeParty", "the seller BG-4")),
        buyer=_party(N.required(agreement, "ram:BuyerTradeParty", "the buyer BG-7")),
        lines=tuple(_line(node) for node in lines if _is_invoiced(node)),
        vat_breakdown=tuple(_breakdown(n) for n in N.all(settlement, "ram:ApplicableTradeTax")),
        totals=_totals(settlement, currency),
        type_code=type_code,
        specification_id=spec,
        business_process=N.text(
            root,
            "rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID",
        ),
        due_date=N.date(
            settlement, "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"
        ),
        tax_point_date=N.date(settlement, "ram:ApplicableTradeTax/ram:TaxPointDate/udt:DateString"),
        delivery_date=N.date(
            root,
            f"{TRADE}/ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent"
            "/ram:OccurrenceDateTime/udt:DateTimeString",
        ),
        period_start=N.date(
            settlement, "ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString"
        ),
        period_end=N.date(
            settlement, "ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString"
        ),
        buyer_reference=N.text(agreement, "ram:BuyerReference"),
        order_reference=N.text(agreement, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
        contract_reference=N.text(agreement, "ram:ContractReferencedDocument/ram:IssuerAssignedID"),
        payment_terms=N.text(settlement, "ram:SpecifiedTradePaymentTerms/ram:Description"),
        notes=tuple(
            n.text.strip()
            for n in N.all(doc, "ram:IncludedNote/ram:Content")
            if n.text and n.text.strip()
        ),
        preceding_invoices=tuple(
            PrecedingInvoice(
                N.required_text(ref, "ram:IssuerAssignedID", "the preceding invoice BT-25"),
                N.date(ref, "ram:FormattedIssueDateTime/qdt:DateTimeString"),
            )
            for ref in N.all(settlement, "ram:InvoiceReferencedDocument")
        ),
        allowances_charges=tuple(
            _allowance(n) for n in N.all(settlement, "ram:SpecifiedTradeAllowanceCharge")
        )
        + tuple(_logistics(n) for n in N.all(settlement, "ram:SpecifiedLogisticsServiceCharge")),
        payment=_payment(settlement),
        tax_currency=N.text(settlement, "ram:TaxCurrencyCode"),
    )


def _is_invoiced(node: Element) -> bool:
    """EXTENDED group lines (status ``GROUP``) only sum their sub-lines: not billed twice."""
    status = N.text(node, "ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode")
    return (status or "").upper() not in ("GROUP", "INFORMATION")


def _address(node: Element | None) -> Address:
    if node is None:
        return Address(country_code="")
    lines = [N.text(node, f"ram:{name}") for name in ("LineOne", "LineTwo", "LineThree")]
    return Address(
        country_code=N.text(node, "ram:CountryID") or "",
        lines=tuple(line for line in lines if line),
        city=N.text(node, "ram:CityName"),
        postal_code=N.text(node, "ram:PostcodeCode"),
        subdivision=N.text(node, "ram:CountrySubDivisionName"),
    )


def _party(node: Element) -> Party:
    return Party(
        name=N.text(node, "ram:Name") or "",
        address=_address(N.one(node, "ram:PostalTradeAddress")),
        trade_name=N.text(node, "ram:SpecifiedLegalOrganization/ram:TradingBusinessName"),
        vat_id=N.text(node, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
        tax_registration_id=N.text(node, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']"),
        legal_id=N.text(node, "ram:SpecifiedLegalOrganization/ram:ID"),
        legal_id_scheme=N.attr(node, "ram:SpecifiedLegalOrganization/ram:ID", "schemeID"),
        endpoint=N.text(node, "ram:URIUniversalCommunication/ram:URIID"),
        endpoint_scheme=N.attr(node, "ram:URIUniversalCommunication/ram:URIID", "schemeID"),
        contact_name=N.text(node, "ram:DefinedTradeContact/ram:PersonName"),
        contact_phone=N.text(
            node, "ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber"
        ),
        contact_email=N.text(
            node, "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID"
        ),
    )


def _allowance(node: Element) -> AllowanceCharge:
    return AllowanceCharge(
        is_charge=(N.text(node, "ram:ChargeIndicator/udt:Indicator") or "").lower() == "true",
        amount=N.required_amount(node, "ram:ActualAmount", "an allowance or charge amount"),
        reason=N.text(node, "ram:Reason"),
        reason_code=N.text(node, "ram:ReasonCode"),
        base_amount=N.amount(node, "ram:BasisAmount"),
        percent=N.amount(node, "ram:CalculationPercent"),
        vat_category=N.text(node, "ram:CategoryTradeTax/ram:CategoryCode"),
        vat_rate=N.amount(node, "ram:CategoryTradeTax/ram:RateApplicablePercent"),
    )


def _logistics(node: Element) -> AllowanceCharge:
    """An EXTENDED logistics service charge (freight): a document-level charge in EN 16931."""
    return AllowanceCharge(
        is_charge=True,
        amount=N.required_amount(node, "ram:AppliedAmount", "a logistics charge amount"),
        reason=N.text(node, "ram:Description"),
        vat_category=N.text(node, "ram:AppliedTradeTax/ram:CategoryCode"),
        vat_rate=N.amount(node, "ram:AppliedTradeTax/ram:RateApplicablePercent"),
    )


def _line(node: Element) -> InvoiceLine:
    product = N.required(node, "ram:SpecifiedTradeProduct", "the item BG-31")
    price = N.required(node, "ram:SpecifiedLineTradeAgreement", "the price details BG-29")
    settle = N.required(node, "ram:SpecifiedLineTradeSettlement", "the line settlement")
    quantity = "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"
    net = "ram:NetPriceProductTradePrice"
    return InvoiceLine(
        line_id=N.required_text(node, "ram:AssociatedDocumentLineDocument/ram:LineID", "BT-126"),
        name=N.text(product, "ram:Name") or "",
        quantity=N.required_amount(node, quantity, "the invoiced quantity BT-129"),
        unit_code=N.attr(node, quantity, "unitCode") or "C62",
        net_price=N.required_amount(price, f"{net}/ram:ChargeAmount", "the net price BT-146"),
        net_amount=N.required_amount(
            settle,
            "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
            "BT-131",
        ),
        vat_category=N.text(settle, "ram:ApplicableTradeTax/ram:CategoryCode") or "",
        vat_rate=N.amount(settle, "ram:ApplicableTradeTax/ram:RateApplicablePercent"),
        price_base_quantity=N.amount(price, f"{net}/ram:BasisQuantity"),
        gross_price=N.amount(price, "ram:GrossPriceProductTradePrice/ram:ChargeAmount"),
        description=N.text(product, "ram:Description"),
        note=N.text(node, "ram:AssociatedDocumentLineDocument/ram:IncludedNote/ram:Content"),
        seller_item_id=N.text(product, "ram:SellerAssignedID"),
        buyer_item_id=N.text(product, "ram:BuyerAssignedID"),
        standard_item_id=N.text(product, "ram:GlobalID"),
        standard_item_scheme=N.attr(product, "ram:GlobalID", "schemeID"),
        allowances_charges=tuple(
            _allowance(n) for n in N.all(settle, "ram:SpecifiedTradeAllowanceCharge")
        ),
        period_start=N.date(
            settle, "ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString"
        ),
        period_end=N.date(settle, "ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString"),
    )


def _breakdown(node: Element) -> VatBreakdown:
    return VatBreakdown(
        category=N.text(node, "ram:CategoryCode") or "",
        rate=N.amount(node, "ram:RateApplicablePercent"),
        taxable_amount=N.required_amount(node, "ram:BasisAmount", "the VAT base BT-116"),
        tax_amount=N.required_amount(node, "ram:CalculatedAmount", "the VAT amount BT-117"),
        exemption_reason=N.text(node, "ram:ExemptionReason"),
        exemption_reason_code=N.text(node, "ram:ExemptionReasonCode"),
    )


def _totals(settlement: Element, currency: str) -> DocumentTotals:
    total = N.required(
        settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation", "the totals BG-22"
    )
    tax_total = ZERO
    for node in N.all(total, "ram:TaxTotalAmount"):
        if node.get("currencyID") in (None, currency):
            tax_total = N.amount(node, ".") or ZERO
            break
    return DocumentTotals(
        line_total=N.required_amount(total, "ram:LineTotalAmount", "BT-106"),
        tax_exclusive=N.required_amount(total, "ram:TaxBasisTotalAmount", "BT-109"),
        tax_total=tax_total,
        tax_inclusive=N.required_amount(total, "ram:GrandTotalAmount", "BT-112"),
        payable=N.required_amount(total, "ram:DuePayableAmount", "BT-115"),
        allowance_total=N.amount(total, "ram:AllowanceTotalAmount") or ZERO,
        charge_total=N.amount(total, "ram:ChargeTotalAmount") or ZERO,
        prepaid=N.amount(total, "ram:TotalPrepaidAmount") or ZERO,
        rounding=N.amount(total, "ram:RoundingAmount") or ZERO,
    )


def _payment(settlement: Element) -> PaymentInstructions | None:
    means = N.one(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    reference = N.text(settlement, "ram:PaymentReference")
    if means is None:
        return PaymentInstructions("", remittance_information=reference) if reference else None
    return PaymentInstructions(
        means_code=N.text(means, "ram:TypeCode") or "",
        remittance_information=reference,
        iban=N.text(means, "ram:PayeePartyCreditorFinancialAccount/ram:IBANID")
        or N.text(means, "ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID"),
        account_name=N.text(means, "ram:PayeePartyCreditorFinancialAccount/ram:AccountName"),
        bic=N.text(means, "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID"),
        means_text=N.text(means, "ram:Information"),
    )
