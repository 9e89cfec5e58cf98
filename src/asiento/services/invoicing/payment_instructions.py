"""How to pay a customer invoice: the company's account, the reference and a payment QR code.

- The account is the company's default account for the invoice currency
  (``bank_accounts.account_for_currency``); without one the invoice prints no
  bank details and no code.
- An EUR invoice to an account in the SEPA zone gets the EPC069-12 "SEPA
  credit transfer" QR code (segno ``make_epc_qr``): beneficiary, IBAN, BIC,
  amount and the structured reference.
- An invoice in CHF or EUR to a Swiss (or Liechtenstein) IBAN gets the Swiss
  QR-bill payment part (``qrbill``), with the QR reference when the account
  is a QR-IBAN; the EPC code is then left out.

Invariants:
    - Only a customer invoice carries instructions (a credit note or a bill is
      paid by us).
    - The amount in a code is the invoice's amount still to pay (its total
      before posting), never more than the total.
    - An EPC code names what it pays (the reference, else the number): a draft
      without a number prints the account but no code.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from asiento.services.invoicing.payment_reference import format_reference
from asiento.services.reference.bank_accounts import account_for_currency, account_label
from asiento.services.reference.identity import is_qr_iban
from asiento.store.tables import BankAccount, Company, Invoice, Partner
from asiento.store.types import from_minor

SWISS: tuple[str, ...] = ("CH", "LI")


@dataclass(frozen=True, slots=True)
class PaymentInstructions:
    """What the "How to pay" block prints; the codes are ``data:`` URLs (and the QR-bill's text)."""

    account: str
    bic: str | None
    bank_name: str | None
    holder: str
    reference: str | None
    epc_png: str | None = None
    swiss_bill_svg: str | None = None
    swiss_payload: str | None = None


def amount_to_pay(invoice: Invoice, total: Decimal) -> Decimal:
    if invoice.entry_id is None:
        return total
    return min(total, from_minor(invoice.amount_residual, invoice.currency))


def instructions(
    session: Session,
    company: Company,
    partner: Partner,
    invoice: Invoice,
    total: Decimal,
    t: Callable[..., str],
) -> PaymentInstructions | None:
    """The block of a customer invoice, or None (other documents, no account)."""
    if invoice.kind != "customer_invoice" or invoice.state == "cancelled":
        return None
    account = account_for_currency(session, company.id, invoice.currency)
    if account is None:
        return None
    holder = account.holder_name or company.legal_name or company.name
    reference = invoice.structured_reference
    block = PaymentInstructions(
        account=account_label(account),
        bic=account.bic,
        bank_name=account.bank_name,
        holder=holder,
        reference=format_reference(reference) if reference else invoice.payment_reference,
    )
    amount = amount_to_pay(invoice, total)
    if amount <= 0:
        return block
    if account.iban and account.iban[:2] in SWISS and invoice.currency in ("CHF", "EUR"):
        return swiss_bill(block, account, company, partner, invoice, amount)
    ref = reference or invoice.number
    if account.iban and invoice.currency == "EUR" and sepa(account.iban) and ref:
        return epc_code(block, account, holder, amount, ref)
    return block


def sepa(iban: str) -> bool:
    from schwifty import IBAN

    return bool(IBAN(iban).in_sepa_zone)


def epc_code(
    block: PaymentInstructions, account: BankAccount, holder: str, amount: Decimal, ref: str
) -> PaymentInstructions:
    """The EPC069-12 code: a structured RF reference goes in its reference field, else text."""
    import segno.helpers

    from asiento.services.invoicing.payment_reference import is_structured

    structured = ref if ref.startswith("RF") and is_structured(ref) else None
    qr = segno.helpers.make_epc_qr(
        name=holder[:70],
        iban=account.iban or "",
        amount=amount,
        reference=structured,
        text=None if structured else (ref[:140] or None),
        bic=account.bic,
    )
    out = io.BytesIO()
    qr.save(out, kind="png", scale=4, border=2)
    png = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    return _replace(block, epc_png=png)


def swiss_bill(
    block: PaymentInstructions,
    account: BankAccount,
    company: Company,
    partner: Partner,
    invoice: Invoice,
    amount: Decimal,
) -> PaymentInstructions:
    """The Swiss QR-bill (payment part and receipt) as an SVG ``data:`` URL."""
    from qrbill import QRBill

    qrr = invoice.structured_reference if is_qr_iban(account.iban) else None
    bill = QRBill(
        account=account.iban,
        creditor={
            "name": (company.legal_name or company.name)[:70],
            "street": company.street or "",
            "pcode": company.zip or "0000",
            "city": company.city or "-",
            "country": company.country or "CH",
        },
        amount=str(amount),
        currency=invoice.currency,
        reference_number=qrr,
        additional_information=("" if qrr else (invoice.number or ""))[:140],
        debtor=_debtor(partner),
        language="en",
    )
    out = io.StringIO()
    bill.as_svg(out)
    svg = "data:image/svg+xml;base64," + base64.b64encode(out.getvalue().encode()).decode()
    return _replace(block, swiss_bill_svg=svg, swiss_payload=bill.qr_data())


def _debtor(partner: Partner) -> dict[str, str] | None:
    if not (partner.city and partner.country):
        return None
    return {
        "name": partner.name[:70],
        "street": partner.street or "",
        "pcode": partner.zip or "0000",
        "city": partner.city,
        "country": partner.country,
    }


def _replace(block: PaymentInstructions, **changes: str) -> PaymentInstructions:
    from dataclasses import replace

    return replace(block, **changes)
