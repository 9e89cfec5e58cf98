"""The payment advice (remittance) a supplier receives when we pay its bills.

For a posted outbound payment it lists the vendor bills the payment settled
(through the reconciliations of its payable item), each with the supplier's
own reference and the amount paid, the total, the date and the supplier's
account paid to; in the supplier's language, like every outgoing document.

Invariants:
    - Only a posted outbound payment has an advice (``InvalidInput`` otherwise).
    - The amounts are the reconciled amounts in the payment's currency, so the
      lines add up to what the payment settled.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date
from babel.numbers import format_currency
from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.documents.pdf import render_pdf
from asiento.documents.wording import BABEL_LOCALE, HTML_LANG, language_of, words
from asiento.domain.errors import InvalidInput
from asiento.services.invoicing.document_parties import Party, buyer_of, logo_url, seller_of
from asiento.services.reference.bank_accounts import account_label, accounts_of
from asiento.store.query import get_scoped
from asiento.store.tables import (
    Account,
    Company,
    Invoice,
    JournalItem,
    PartialReconciliation,
    Partner,
    Payment,
)
from asiento.store.types import from_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class AdviceLine:
    number: str
    ref: str
    date: str
    amount: str


@dataclass(frozen=True, slots=True)
class PaymentAdvice:
    lang: str
    company: Party
    partner: Party
    logo: str | None
    date: str
    lines: tuple[AdviceLine, ...]
    total: str
    paid_to: str
    communication: str
    filename: str

    @property
    def html_lang(self) -> str:
        return HTML_LANG.get(self.lang, "en")


def remittance_pdf(uow: UnitOfWork, company_id: int, payment_id: int) -> tuple[str, bytes]:
    """``(filename, PDF)`` of the payment advice of an outbound payment."""
    with uow:
        advice = build_advice(uow.session, company_id, payment_id)
    return advice.filename, render_pdf("remittance.html", {"doc": advice, "t": words(advice.lang)})


def build_advice(session: Session, company_id: int, payment_id: int) -> PaymentAdvice:
    payment = get_scoped(session, Payment, company_id, payment_id, "payment")
    if payment.payment_type != "outbound" or payment.state != "posted" or not payment.partner_id:
        raise InvalidInput(
            f"payment {payment_id} is not a posted payment to a supplier: no payment advice",
            field="payment_id",
        )
    company = session.get_one(Company, company_id)
    partner = get_scoped(session, Partner, company_id, payment.partner_id, "partner")
    lang = language_of(partner.language, company.language)
    t = words(lang)
    locale = BABEL_LOCALE[lang]
    cur = payment.currency
    rows = _settled_bills(session, company_id, payment)
    lines = tuple(
        AdviceLine(
            number=inv.number or "",
            ref=inv.ref or inv.payment_reference or "",
            date=str(format_date(inv.invoice_date, format="medium", locale=locale))
            if inv.invoice_date
            else "",
            amount=str(format_currency(from_minor(units, cur), cur, locale=locale)),
        )
        for inv, units in rows
    )
    total = sum((units for _inv, units in rows), 0)
    theirs = next((a for a in accounts_of(session, company_id, partner.id) if a.active), None)
    return PaymentAdvice(
        lang=lang,
        company=seller_of(company, lang, t),
        partner=buyer_of(None, partner, lang),
        logo=logo_url(session, company_id),
        date=str(format_date(payment.date, format="medium", locale=locale)),
        lines=lines,
        total=str(format_currency(from_minor(total, cur), cur, locale=locale)),
        paid_to=account_label(theirs) if theirs else (partner.iban or ""),
        communication=payment.communication,
        filename=f"payment-advice-{payment.id}.pdf",
    )


def _settled_bills(
    session: Session, company_id: int, payment: Payment
) -> list[tuple[Invoice, int]]:
    """The bills the payment's payable item is reconciled with, and the amount of each."""
    ours = (
        select(JournalItem.id)
        .join(Account, Account.id == JournalItem.account_id)
        .where(
            JournalItem.company_id == company_id,
            JournalItem.entry_id == payment.entry_id,
            Account.kind == "payable",
        )
    )
    bill_item = JournalItem.__table__.alias("bill_item")
    stmt = (
        select(Invoice, PartialReconciliation.debit_amount_currency)
        .join(bill_item, bill_item.c.id == PartialReconciliation.credit_item_id)
        .join(Invoice, Invoice.entry_id == bill_item.c.entry_id)
        .where(
            PartialReconciliation.company_id == company_id,
            PartialReconciliation.debit_item_id.in_(ours),
            Invoice.company_id == company_id,
        )
        .order_by(Invoice.invoice_date, Invoice.id)
    )
    return [(inv, int(units)) for inv, units in session.execute(stmt)]
