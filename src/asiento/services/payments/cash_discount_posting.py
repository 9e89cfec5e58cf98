"""Cash discounts taken by payments: how much each open item earns, and its entry.

``plan_discounts`` decides, for a payment on ``day``, what each open
receivable (payable) item is paid and the discount it earns
(``domain.cash_discount.discount_for_payment``): items are paid in due order;
inside the discount window an item is settled by its discounted amount, and a
partial payment earns the discount only on what it pays. What earlier payments
already earned is read back from the ledger (entries whose origin is
``("cash_discount", item id)``, reversals included), so several partial
payments never earn more than the item's discount, and paying the discounted
amount in pieces earns exactly it.

``post_discount_in`` posts one entry per item and discount, in the general
journal, dated the payment day:

    - one item on the partner account closing the discount (reconciled with
      the invoice's item by the caller);
    - under ``reduce_on_early_payment`` the discount is split with
      ``split_discount`` over the invoice's bases and taxes (read from its
      posted entry): each base share goes to the cash discount granted
      account (received, for vendor bills: the invoice's payment term's
      setting, else the company's) carrying the base's taxes, and each
      tax share is a tax correction on the tax's account carrying ``tax_id``,
      so the tax report shows the reduced base and tax;
    - under ``never_reduce_tax`` and ``always_on_discounted_base`` the whole
      discount is net, one item on that account, without taxes.

Invariants: the entry balances; its partner item is ``-discount`` in the
document currency; company amounts use the invoice's rate, the net item of
the largest share absorbing the conversion rounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.domain.cash_discount import (
    TaxBreakdownLine,
    TaxTreatment,
    discount_for_payment,
    split_discount,
)
from asiento.domain.entries import ItemDraft
from asiento.domain.installments import Installment
from asiento.domain.invoice_totals import absorb_difference, to_company
from asiento.domain.money import Money
from asiento.services.invoicing.payment_schedule import load_term
from asiento.services.ledger import posting
from asiento.services.payments.exchange import general_journal
from asiento.services.reference.account_settings import company_account
from asiento.store.tables import (
    Company,
    Invoice,
    JournalEntry,
    JournalItem,
    PaymentTerm,
    journal_item_taxes,
)
from asiento.store.types import from_minor, to_minor

ORIGIN = "cash_discount"
LABEL = "Early payment discount"
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class ItemShare:
    """What one open item gets from a payment: ``paid`` and ``discount``, minor units, unsigned."""

    item: JournalItem
    paid: int
    discount: int


def already_discounted(session: Session, item: JournalItem) -> int:
    """Discount granted on ``item`` so far (minor units, signed like the item)."""
    total = session.scalar(
        select(func.sum(JournalItem.amount_currency))
        .join(JournalEntry, JournalEntry.id == JournalItem.entry_id)
        .where(
            JournalEntry.company_id == item.company_id,
            JournalEntry.origin_kind == ORIGIN,
            JournalEntry.origin_id == item.id,
            JournalItem.account_id == item.account_id,
        )
    )
    return -int(total or 0)


def _installment(item: JournalItem) -> Installment:
    cur = item.currency
    rest = item.discount_amount_currency
    return Installment(
        1,
        item.due_date or item.date,
        Money(from_minor(item.amount_currency, cur), cur),
        item.discount_date if rest is not None else None,
        Money(from_minor(rest, cur), cur) if rest is not None and item.discount_date else None,
    )


def _share(session: Session, item: JournalItem, day: date, budget: int | None) -> ItemShare:
    """Pay ``item`` with at most ``budget`` (None: what settles it) on ``day``."""
    sign = 1 if item.amount_currency >= 0 else -1
    residual = abs(item.amount_residual_currency)
    in_window = item.discount_date is not None and day <= item.discount_date
    if not in_window or item.discount_amount_currency is None:
        paid = residual if budget is None else max(0, min(budget, residual))
        return ItemShare(item, paid, 0)
    taken = already_discounted(session, item)
    already_paid = abs(item.amount_currency) - residual - abs(taken)
    payable = max(0, abs(item.discount_amount_currency) - already_paid)
    payable = payable or residual
    paid = payable if budget is None else min(budget, payable)
    if paid <= 0:
        return ItemShare(item, 0, 0)
    cur = item.currency
    earned = discount_for_payment(
        _installment(item),
        Money(from_minor(sign * paid, cur), cur),
        day,
        already_paid=Money(from_minor(sign * already_paid, cur), cur),
        already_discounted=Money(from_minor(taken, cur), cur),
    )
    return ItemShare(item, paid, abs(to_minor(earned.amount, cur)))


def plan_discounts(
    session: Session, items: Sequence[JournalItem], day: date, amount: int | None
) -> tuple[int, list[ItemShare]]:
    """The payment amount and each item's share, items in due order.

    ``amount`` None pays what settles every item. Items of the other sign than
    the group's residual (a credit note paid with its invoices) are offset in
    full first, without discount, and add to what the payment can settle. A
    payment larger than what the items need leaves the excess unplanned (it
    stays as partner credit); it never earns a discount.

    Returns:
        The payment amount (minor units, unsigned) and the shares.
    """
    direction = 1 if sum(i.amount_residual_currency for i in items) > 0 else -1
    ordered = sorted(items, key=lambda i: (i.due_date or i.date, i.id))
    offsets = [i for i in ordered if i.amount_residual_currency * direction < 0]
    shares = [ItemShare(i, abs(i.amount_residual_currency), 0) for i in offsets]
    offset = sum(s.paid for s in shares)
    budget = None if amount is None else amount + offset
    for item in ordered:
        if item in offsets:
            continue
        share = _share(session, item, day, budget)
        shares.append(share)
        if budget is not None:
            budget -= share.paid
    if amount is None:
        amount = sum(s.paid for s in shares if s.item not in offsets) - offset
    return amount, shares


def tax_treatment(session: Session, invoice: Invoice) -> TaxTreatment:
    """The cash-discount tax treatment of the invoice's payment term."""
    if invoice.payment_term_id is None:
        return TaxTreatment.NEVER_REDUCE_TAX
    discount = load_term(session, invoice.company_id, invoice.payment_term_id).discount
    return discount.tax_treatment if discount is not None else TaxTreatment.NEVER_REDUCE_TAX


def _breakdown(session: Session, invoice: Invoice, item: JournalItem) -> list[TaxBreakdownLine]:
    """The invoice's base per tax set and tax per tax, signed like ``item``."""
    rows = list(
        session.scalars(
            select(JournalItem)
            .where(
                JournalItem.entry_id == invoice.entry_id,
                JournalItem.account_id != item.account_id,
            )
            .order_by(JournalItem.sequence, JournalItem.id)
        )
    )
    links: dict[int, list[int]] = {}
    for item_id, tax_id in session.execute(
        select(journal_item_taxes.c.item_id, journal_item_taxes.c.tax_id).where(
            journal_item_taxes.c.company_id == invoice.company_id,
            journal_item_taxes.c.item_id.in_([r.id for r in rows]),
        )
    ):
        links.setdefault(item_id, []).append(tax_id)
    bases: dict[str, int] = {}
    taxes: dict[str, int] = {}
    for row in rows:
        if row.tax_id is not None:
            taxes[str(row.tax_id)] = taxes.get(str(row.tax_id), 0) - row.amount_currency
        else:
            key = ",".join(str(t) for t in sorted(links.get(row.id, [])))
            bases[key] = bases.get(key, 0) - row.amount_currency
    cur = item.currency

    def money(minor: int) -> Money:
        return Money(from_minor(minor, cur), cur)

    zero = money(0)
    return [TaxBreakdownLine(k, money(v), zero) for k, v in bases.items()] + [
        TaxBreakdownLine(f"tax:{k}", zero, money(v)) for k, v in taxes.items()
    ]


def _counterparts(
    session: Session, invoice: Invoice, item: JournalItem, discount: Money, net_account: int
) -> list[tuple[ItemDraft, Decimal]]:
    """(item without amounts, document amount) per share of the discount."""
    treatment = tax_treatment(session, invoice)
    if treatment is not TaxTreatment.REDUCE_ON_EARLY_PAYMENT:
        return [(ItemDraft(net_account, partner_id=item.partner_id, label=LABEL), discount.amount)]
    out: list[tuple[ItemDraft, Decimal]] = []
    for part in split_discount(discount, _breakdown(session, invoice, item), treatment):
        if part.tax.startswith("tax:"):
            tax_id = int(part.tax[4:])
            account = _tax_account(session, invoice, tax_id)
            draft = ItemDraft(account, partner_id=item.partner_id, label=LABEL, tax_id=tax_id)
            amount = part.tax_amount.amount
        else:
            ids = tuple(int(t) for t in part.tax.split(",") if t)
            draft = ItemDraft(net_account, partner_id=item.partner_id, label=LABEL, tax_ids=ids)
            amount = part.base.amount
        if amount:
            out.append((draft, amount))
    return out


def _tax_account(session: Session, invoice: Invoice, tax_id: int) -> int:
    """The account the invoice posted ``tax_id`` on (its tax item's account)."""
    account = session.scalar(
        select(JournalItem.account_id).where(
            JournalItem.entry_id == invoice.entry_id, JournalItem.tax_id == tax_id
        )
    )
    assert account is not None  # the breakdown only names taxes the entry carries
    return account


def discount_account(session: Session, invoice: Invoice) -> int:
    """Granted (customer documents) or received (vendor) discount account.

    The invoice's payment term may set its own; else the company setting,
    refused with ``MissingSetting`` when neither is set.
    """
    granted = invoice.kind in ("customer_invoice", "customer_credit_note")
    setting = "discount_granted_account" if granted else "discount_received_account"
    if invoice.payment_term_id is not None:
        term = session.get(PaymentTerm, invoice.payment_term_id)
        own = getattr(term, f"{setting}_id", None)
        if own is not None:
            return int(own)
    return company_account(session, invoice.company_id, setting, "a cash discount")


def post_discount_in(
    session: Session,
    company: Company,
    invoice: Invoice,
    share: ItemShare,
    day: date,
    payment_id: int | None = None,
) -> JournalItem:
    """Post the discount ``share`` earned by ``payment_id``; return its partner item.

    The entry records the payment, so that cancelling the payment reverses it.
    """
    item = share.item
    sign = 1 if item.amount_currency >= 0 else -1
    cur = item.currency
    discount = Money(from_minor(sign * share.discount, cur), cur)
    parts = _counterparts(session, invoice, item, discount, discount_account(session, invoice))
    rate = invoice.rate or Decimal(1)
    company_amounts = [to_company(amount, rate, company.currency) for _, amount in parts]
    whole = sum(company_amounts, ZERO)
    drafts = [
        _signed(draft, value, amount, cur)
        for (draft, amount), value in zip(
            parts, absorb_difference(company_amounts, whole), strict=True
        )
    ]
    partner = ItemDraft(item.account_id, partner_id=item.partner_id, label=LABEL)
    drafts.insert(0, _signed(partner, -whole, -discount.amount, cur))
    entry = posting.add_entry(
        session,
        company,
        general_journal(session, company.id),
        day,
        drafts,
        ref=f"{LABEL} {invoice.number or invoice.id}",
        origin=(ORIGIN, item.id),
    )
    entry.payment_id = payment_id
    posting.post(session, company, entry)
    return session.scalars(
        select(JournalItem)
        .where(JournalItem.entry_id == entry.id, JournalItem.account_id == item.account_id)
        .order_by(JournalItem.sequence, JournalItem.id)
    ).first()  # type: ignore[return-value]


def _signed(draft: ItemDraft, company: Decimal, document: Decimal, currency: str) -> ItemDraft:
    """``draft`` debited (company > 0) or credited with its document amount."""
    return replace(
        draft,
        debit=company + ZERO if company > 0 else ZERO,
        credit=-company + ZERO if company < 0 else ZERO,
        currency=currency,
        amount_currency=document + ZERO,
    )
