"""UBL 2.1 Invoice and CreditNote (EN 16931, Peppol BIS Billing 3.0, XRechnung UBL) -> ``EInvoice``.

The reader keeps every figure as the file writes it (BG-22 totals, BG-23 breakdown, BT-131 line
amounts), so that the totals check can show where a document does not add up. A credit note's
amounts stay positive: the kind carries the sign (see ``domain.einvoice.model``).
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
from asiento.importers.einvoice._nodes import Element, Nodes, local_name

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
N = Nodes(
    {
        "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    }
)
ZERO = Decimal(0)


def is_ubl(root: Element) -> bool:
    return root.tag in (f"{{{INVOICE_NS}}}Invoice", f"{{{CREDIT_NOTE_NS}}}CreditNote")


def read_ubl(root: Element) -> EInvoice:
    """The document of a UBL Invoice or CreditNote root (``is_ubl(root)`` holds)."""
    credit = local_name(root) == "CreditNote"
    line_tag = "cac:CreditNoteLine" if credit else "cac:InvoiceLine"
    return EInvoice(
        kind="credit_note" if credit else "invoice",
        number=N.required_text(root, "cbc:ID", "the invoice number BT-1"),
        issue_date=N.required_date(root, "cbc:IssueDate", "the issue date BT-2"),
        currency=N.required_text(root, "cbc:DocumentCurrencyCode", "the currency BT-5"),
        seller=_party(N.required(root, "cac:AccountingSupplierParty/cac:Party", "the seller BG-4")),
        buyer=_party(N.required(root, "cac:AccountingCustomerParty/cac:Party", "the buyer BG-7")),
        lines=tuple(_line(node, credit) for node in N.all(root, line_tag)),
        vat_breakdown=tuple(
            _breakdown(node) for node in N.all(root, "cac:TaxTotal/cac:TaxSubtotal")
        ),
        totals=_totals(root),
        type_code=N.text(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode")
        or ("381" if credit else "380"),
        specification_id=N.text(root, "cbc:CustomizationID"),
        business_process=N.text(root, "cbc:ProfileID"),
        due_date=N.date(root, "cbc:DueDate") or N.date(root, "cac:PaymentMeans/cbc:PaymentDueDate"),
        tax_point_date=N.date(root, "cbc:TaxPointDate"),
        delivery_date=N.date(root, "cac:Delivery/cbc:ActualDeliveryDate"),
        period_start=N.date(root, "cac:InvoicePeriod/cbc:StartDate"),
        period_end=N.date(root, "cac:InvoicePeriod/cbc:EndDate"),
        buyer_reference=N.text(root, "cbc:BuyerReference"),
        order_reference=N.text(root, "cac:OrderReference/cbc:ID"),
        contract_reference=N.text(root, "cac:ContractDocumentReference/cbc:ID"),
        payment_terms=N.text(root, "cac:PaymentTerms/cbc:Note"),
        notes=tuple(n.text.strip() for n in N.all(root, "cbc:Note") if n.text and n.text.strip()),
        preceding_invoices=tuple(
            PrecedingInvoice(
                N.required_text(ref, "cbc:ID", "the preceding invoice number BT-25"),
                N.date(ref, "cbc:IssueDate"),
            )
            for ref in N.all(root, "cac:BillingReference/cac:InvoiceDocumentReference")
        ),
        allowances_charges=tuple(_allowance(n) for n in N.all(root, "cac:AllowanceCharge")),
        payment=_payment(root),
        tax_currency=N.text(root, "cbc:TaxCurrencyCode"),
    )


def _address(node: Element | None) -> Address:
    if node is None:
        return Address(country_code="")
    lines = [
        N.text(node, "cbc:StreetName"),
        N.text(node, "cbc:AdditionalStreetName"),
        N.text(node, "cac:AddressLine/cbc:Line"),
    ]
    return Address(
        country_code=N.text(node, "cac:Country/cbc:IdentificationCode") or "",
        lines=tuple(line for line in lines if line),
        city=N.text(node, "cbc:CityName"),
        postal_code=N.text(node, "cbc:PostalZone"),
        subdivision=N.text(node, "cbc:CountrySubentity"),
    )


def _party(node: Element) -> Party:
    vat = None
    other = None
    for scheme in N.all(node, "cac:PartyTaxScheme"):
        if (N.text(scheme, "cac:TaxScheme/cbc:ID") or "").upper() == "VAT":
            vat = N.text(scheme, "cbc:CompanyID")
        else:
            other = N.text(scheme, "cbc:CompanyID")
    name = N.text(node, "cac:PartyLegalEntity/cbc:RegistrationName") or N.text(
        node, "cac:PartyName/cbc:Name"
    )
    return Party(
        name=name or "",
        address=_address(N.one(node, "cac:PostalAddress")),
        trade_name=N.text(node, "cac:PartyName/cbc:Name"),
        vat_id=vat,
        tax_registration_id=other,
        legal_id=N.text(node, "cac:PartyLegalEntity/cbc:CompanyID"),
        legal_id_scheme=N.attr(node, "cac:PartyLegalEntity/cbc:CompanyID", "schemeID"),
        endpoint=N.text(node, "cbc:EndpointID"),
        endpoint_scheme=N.attr(node, "cbc:EndpointID", "schemeID"),
        contact_name=N.text(node, "cac:Contact/cbc:Name"),
        contact_phone=N.text(node, "cac:Contact/cbc:Telephone"),
        contact_email=N.text(node, "cac:Contact/cbc:ElectronicMail"),
    )


def _allowance(node: Element) -> AllowanceCharge:
    return AllowanceCharge(
        is_charge=(N.text(node, "cbc:ChargeIndicator") or "").lower() == "true",
        amount=N.required_amount(node, "cbc:Amount", "an allowance or charge amount"),
        reason=N.text(node, "cbc:AllowanceChargeReason"),
        reason_code=N.text(node, "cbc:AllowanceChargeReasonCode"),
        base_amount=N.amount(node, "cbc:BaseAmount"),
        percent=N.amount(node, "cbc:MultiplierFactorNumeric"),
        vat_category=N.text(node, "cac:TaxCategory/cbc:ID"),
        vat_rate=N.amount(node, "cac:TaxCategory/cbc:Percent"),
    )


def _line(node: Element, credit: bool) -> InvoiceLine:
    quantity_path = "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
    item = N.one(node, "cac:Item")
    where = item if item is not None else node
    return InvoiceLine(
        line_id=N.required_text(node, "cbc:ID", "the line id BT-126"),
        name=N.text(where, "cbc:Name") or "",
        quantity=N.required_amount(node, quantity_path, "the invoiced quantity BT-129"),
        unit_code=N.attr(node, quantity_path, "unitCode") or "C62",
        net_price=N.required_amount(node, "cac:Price/cbc:PriceAmount", "the net price BT-146"),
        net_amount=N.required_amount(node, "cbc:LineExtensionAmount", "the line net amount BT-131"),
        vat_category=N.text(where, "cac:ClassifiedTaxCategory/cbc:ID") or "",
        vat_rate=N.amount(where, "cac:ClassifiedTaxCategory/cbc:Percent"),
        price_base_quantity=N.amount(node, "cac:Price/cbc:BaseQuantity"),
        gross_price=N.amount(node, "cac:Price/cac:AllowanceCharge/cbc:BaseAmount"),
        description=N.text(where, "cbc:Description"),
        note=N.text(node, "cbc:Note"),
        seller_item_id=N.text(where, "cac:SellersItemIdentification/cbc:ID"),
        buyer_item_id=N.text(where, "cac:BuyersItemIdentification/cbc:ID"),
        standard_item_id=N.text(where, "cac:StandardItemIdentification/cbc:ID"),
        standard_item_scheme=N.attr(where, "cac:StandardItemIdentification/cbc:ID", "schemeID"),
        allowances_charges=tuple(_allowance(n) for n in N.all(node, "cac:AllowanceCharge")),
        period_start=N.date(node, "cac:InvoicePeriod/cbc:StartDate"),
        period_end=N.date(node, "cac:InvoicePeriod/cbc:EndDate"),
    )


def _breakdown(node: Element) -> VatBreakdown:
    return VatBreakdown(
        category=N.text(node, "cac:TaxCategory/cbc:ID") or "",
        rate=N.amount(node, "cac:TaxCategory/cbc:Percent"),
        taxable_amount=N.required_amount(node, "cbc:TaxableAmount", "the VAT base BT-116"),
        tax_amount=N.required_amount(node, "cbc:TaxAmount", "the VAT amount BT-117"),
        exemption_reason=N.text(node, "cac:TaxCategory/cbc:TaxExemptionReason"),
        exemption_reason_code=N.text(node, "cac:TaxCategory/cbc:TaxExemptionReasonCode"),
    )


def _totals(root: Element) -> DocumentTotals:
    total = N.required(root, "cac:LegalMonetaryTotal", "the document totals BG-22")
    currency = N.text(root, "cbc:DocumentCurrencyCode")
    tax_total = ZERO
    for node in N.all(root, "cac:TaxTotal"):
        amount = N.one(node, "cbc:TaxAmount")
        if amount is not None and (
            currency is None or amount.get("currencyID") in (None, currency)
        ):
            tax_total = N.amount(node, "cbc:TaxAmount") or ZERO
            break
    return DocumentTotals(
        line_total=N.required_amount(total, "cbc:LineExtensionAmount", "BT-106"),
        tax_exclusive=N.required_amount(total, "cbc:TaxExclusiveAmount", "BT-109"),
        tax_total=tax_total,
        tax_inclusive=N.required_amount(total, "cbc:TaxInclusiveAmount", "BT-112"),
        payable=N.required_amount(total, "cbc:PayableAmount", "BT-115"),
        allowance_total=N.amount(total, "cbc:AllowanceTotalAmount") or ZERO,
        charge_total=N.amount(total, "cbc:ChargeTotalAmount") or ZERO,
        prepaid=N.amount(total, "cbc:PrepaidAmount") or ZERO,
        rounding=N.amount(total, "cbc:PayableRoundingAmount") or ZERO,
    )


def _payment(root: Element) -> PaymentInstructions | None:
    means = N.one(root, "cac:PaymentMeans")
    if means is None:
        return None
    return PaymentInstructions(
        means_code=N.text(means, "cbc:PaymentMeansCode") or "",
        remittance_information=N.text(means, "cbc:PaymentID"),
        iban=N.text(means, "cac:PayeeFinancialAccount/cbc:ID"),
        account_name=N.text(means, "cac:PayeeFinancialAccount/cbc:Name"),
        bic=N.text(means, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"),
        means_text=N.attr(means, "cbc:PaymentMeansCode", "name"),
    )
