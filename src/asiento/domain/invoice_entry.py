"""The journal entry an invoice posts, planned as a list of ``ItemDraft``.

Posting an invoice, credit note or vendor bill creates one journal entry. This
module plans its items from the printed totals (``compute_totals``), so the
entry always equals what the document shows, to the cent:

    - one partner item (receivable for customers, payable for vendors) per
      installment, with the partner and the installment's due date;
    - one base item per (account, tax set) of the lines, carrying ``tax_ids``
      (the tax report reads bases from them);
    - one tax item per tax with a non-zero amount, on the tax's account,
      carrying ``tax_id``.

Signs: a customer invoice and a vendor credit note debit the partner account;
a customer credit note and a vendor bill credit it. Base and tax items take the
other side. An item whose net amount flips (a group of discount lines) simply
lands on the other side.

Every item carries ``currency`` (the document's) and the signed
``amount_currency``, also when the document is in the company currency.

Invariants:
    - Debits equal credits in company currency, exactly.
    - ``amount_currency`` sums to zero (the schedule sums to the total, base
      groups to the untaxed amount, tax items to the tax total).
    - Partner items sum to the total, in both currencies.
    - Conversion (amount x rate, rounded to the company currency): tax items
      take the printed company-currency tax; the last installment takes what is
      left of the company-currency total; the largest base item (by company
      amount) takes what is left of the company-currency untaxed amount. That
      is where every conversion rounding difference goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Final, NamedTuple, Protocol

from asiento.domain.entries import ItemDraft
from asiento.domain.errors import (
    ConflictingBaseAccounts,
    CurrencyMismatch,
    InstallmentsMismatch,
    InvalidAmount,
)
from asiento.domain.invoice_totals import (
    InvoiceLine,
    InvoiceTotals,
    absorb_difference,
    to_company,
)
from asiento.domain.money import Money
from asiento.domain.taxes import ZERO

PARTNER_DEBIT_TYPES: Final = frozenset({"customer_invoice", "vendor_credit_note"})


class InstallmentLike(Protocol):
    """Anything with a due date and an amount, e.g. ``payment_terms.Installment``."""

    @property
    def due_date(self) -> date: ...

    @property
    def amount(self) -> Money: ...


class InstallmentDue(NamedTuple):
    """``(due_date, amount)``: one amount of the schedule, in document currency."""

    due_date: date
    amount: Money


class BaseGroup(NamedTuple):
    """Lines sharing a base account and a tax set: one income (expense) item.

    ``amount`` is the sum of their printed bases in document currency;
    ``label`` is the first line's description.
    """

    account_id: int
    tax_ids: tuple[int, ...]
    label: str
    amount: Decimal


def single_installment(total: Money, due_date: date) -> list[InstallmentDue]:
    """The schedule of an invoice without payment terms: everything on one date."""
    return [InstallmentDue(due_date, total)]


def partner_sign(kind: str) -> int:
    """+1 when the document debits the partner account, -1 when it credits it."""
    return 1 if kind in PARTNER_DEBIT_TYPES else -1


def entry_items(
    totals: InvoiceTotals,
    *,
    partner_id: int,
    partner_account_id: int,
    installments: Sequence[InstallmentLike],
) -> list[ItemDraft]:
    """Plan the journal items of a document at posting.

    Args:
        totals: the result of ``compute_totals`` for the document.
        partner_id: the customer or vendor; set on every item.
        partner_account_id: the receivable (customers) or payable (vendors)
            account.
        installments: the schedule, summing to ``totals.total``; use
            ``single_installment`` without payment terms.

    Returns:
        Base items, then tax items, then partner items; balanced (see the
        module invariants).

    Raises:
        InstallmentsMismatch, CurrencyMismatch, InvalidAmount: a bad schedule.
        ConflictingBaseAccounts: a line's taxes name two base accounts.
    """
    check_installments(installments, totals.total)
    sign = partner_sign(totals.document.kind)
    return (
        _base_items(totals, partner_id, -sign)
        + _tax_items(totals, partner_id, -sign)
        + _partner_items(totals, installments, (partner_id, partner_account_id), sign)
    )


def check_installments(installments: Sequence[InstallmentLike], total: Money) -> None:
    """A schedule is non-empty, in the document currency, rounded, and sums to ``total``."""
    if not installments:
        message = "installments: a schedule needs at least one installment"
        raise InstallmentsMismatch(message, field="installments")
    for k, installment in enumerate(installments):
        field = f"installments[{k}].amount"
        amount = installment.amount
        if amount.currency != total.currency:
            message = f"{field}: {amount.currency} is not the invoice currency {total.currency}"
            raise CurrencyMismatch(message, field=field)
        if amount.amount < 0:
            raise InvalidAmount(f"{field}: an installment cannot be negative", field=field)
        if amount != amount.quantize():
            message = f"{field}: {amount} has more decimals than {amount.currency} allows"
            raise InvalidAmount(message, field=field)
    scheduled = sum((i.amount.amount for i in installments), ZERO)
    if scheduled != total.amount:
        message = f"installments: they sum to {scheduled}, the total is {total.amount}"
        raise InstallmentsMismatch(message, field="installments")


def base_account(line: InvoiceLine, field: str) -> int:
    """Where a line's base is posted: its taxes' base account if they name one."""
    accounts = {t.base_account_id for t in line.taxes if t.base_account_id is not None}
    if len(accounts) > 1:
        message = f"{field}.taxes: the taxes name different base accounts {sorted(accounts)}"
        raise ConflictingBaseAccounts(message, field=f"{field}.taxes")
    return accounts.pop() if accounts else line.account_id


def base_groups(totals: InvoiceTotals) -> list[BaseGroup]:
    """Line bases summed per (account, tax set), in order of first appearance."""
    groups: dict[tuple[int, tuple[int, ...]], BaseGroup] = {}
    lines = totals.document.lines
    for i, (line, base) in enumerate(zip(lines, totals.line_bases, strict=True)):
        key = (base_account(line, f"lines[{i}]"), tuple(sorted(t.id for t in line.taxes)))
        group = groups.get(key)
        if group is None:
            groups[key] = BaseGroup(*key, line.description, base.amount)
        else:
            groups[key] = group._replace(amount=group.amount + base.amount)
    return list(groups.values())


def _base_items(totals: InvoiceTotals, partner_id: int, sign: int) -> list[ItemDraft]:
    """Income (expense) items; the largest absorbs the conversion rounding."""
    company = totals.document.company_currency
    groups = base_groups(totals)
    converted = [to_company(g.amount, totals.rate, company) for g in groups]
    converted = absorb_difference(converted, totals.untaxed_company.amount)
    return [
        _amounts(
            ItemDraft(g.account_id, partner_id=partner_id, label=g.label, tax_ids=g.tax_ids),
            totals,
            sign * amount,
            sign * g.amount,
        )
        for g, amount in zip(groups, converted, strict=True)
    ]


def _tax_items(totals: InvoiceTotals, partner_id: int, sign: int) -> list[ItemDraft]:
    """One item per tax; a tax that is zero in both currencies posts nothing."""
    return [
        _amounts(
            ItemDraft(
                t.tax.tax_account_id, partner_id=partner_id, label=t.tax.name, tax_id=t.tax.id
            ),
            totals,
            sign * t.amount_company.amount,
            sign * t.amount.amount,
        )
        for t in totals.taxes
        if not (t.amount.is_zero() and t.amount_company.is_zero())
    ]


def _partner_items(
    totals: InvoiceTotals,
    installments: Sequence[InstallmentLike],
    partner: tuple[int, int],
    sign: int,
) -> list[ItemDraft]:
    """One receivable (payable) item per installment; the last takes the remainder."""
    company = totals.document.company_currency
    converted = [to_company(i.amount.amount, totals.rate, company) for i in installments[:-1]]
    converted.append(totals.total_company.amount - sum(converted, ZERO))
    count = len(installments)
    items = []
    for k, (installment, amount) in enumerate(zip(installments, converted, strict=True), 1):
        label = f"installment {k}/{count}" if count > 1 else ""
        item = ItemDraft(
            partner[1], partner_id=partner[0], label=label, due_date=installment.due_date
        )
        items.append(_amounts(item, totals, sign * amount, sign * installment.amount.amount))
    return items


def _amounts(
    item: ItemDraft, totals: InvoiceTotals, company: Decimal, document: Decimal
) -> ItemDraft:
    """``item`` with signed amounts: ``company`` as debit (> 0) or credit (< 0).

    ``+ ZERO`` turns a negative zero (``-0.00``) into ``0.00``.
    """
    return replace(
        item,
        debit=company + ZERO if company > 0 else ZERO,
        credit=-company + ZERO if company < 0 else ZERO,
        currency=totals.document.currency,
        amount_currency=document + ZERO,
    )
