"""Journal entries and items before and at posting: the checks that make a move postable.

A journal entry (move) is the ledger record; documents create moves. An entry
is posted only when every check below passes; the service raises once with all
problems found (beancount style).

Invariants of a posted entry:
    - at least two items; the sum of debits equals the sum of credits in company
      currency, exactly (minor units);
    - no item is negative, none carries both a debit and a credit;
    - every amount has no more decimals than its currency allows;
    - every item has an account of the entry's company;
    - receivable and payable items name a partner;
    - the entry's date is after the company's lock date;
    - a manual entry is not zero on every line (``check_moves_money``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from asiento.domain.currency import quantum
from asiento.domain.errors import Problem
from asiento.domain.money import MAX_AMOUNT

ZERO = Decimal(0)
PARTNER_REQUIRED_KINDS = frozenset({"receivable", "payable"})


@dataclass(frozen=True, slots=True)
class ItemDraft:
    """One journal item as entered: amounts in company currency, exact Decimals.

    ``amount_currency`` is the signed amount in ``currency`` (the document's)
    when that differs from the company currency; ``None`` means the same.
    """

    account_id: int
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    partner_id: int | None = None
    label: str = ""
    currency: str | None = None
    amount_currency: Decimal | None = None
    due_date: date | None = None
    tax_id: int | None = None
    tax_ids: tuple[int, ...] = ()

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit


@dataclass(frozen=True, slots=True)
class AccountRef:
    """What the posting checks need to know of an account."""

    id: int
    company_id: int
    kind: str
    code: str = ""


def check_amounts(items: Sequence[ItemDraft], company_currency: str) -> list[Problem]:
    """Signs, one side per item, precision of each amount."""
    problems: list[Problem] = []
    q = quantum(company_currency)
    for i, item in enumerate(items):
        where = f"lines[{i}]"
        if item.debit < 0 or item.credit < 0:
            problems.append(Problem(f"{where}.amount", "amounts cannot be negative", "negative"))
        if item.debit != 0 and item.credit != 0:
            problems.append(
                Problem(where, "a line carries either a debit or a credit, not both", "both_sides")
            )
        for side, value in (("debit", item.debit), ("credit", item.credit)):
            if not value.is_finite() or abs(value) >= MAX_AMOUNT:
                problems.append(Problem(f"{where}.{side}", f"{value} is too large", "too_large"))
            elif value.quantize(q) != value:
                problems.append(
                    Problem(
                        f"{where}.{side}",
                        f"{value} has more decimals than {company_currency} allows",
                        "precision",
                    )
                )
        if item.currency is not None and item.amount_currency is not None:
            cq = quantum(item.currency)
            if item.amount_currency.quantize(cq) != item.amount_currency:
                problems.append(
                    Problem(
                        f"{where}.amount_currency",
                        f"{item.amount_currency} has more decimals than {item.currency} allows",
                        "precision",
                    )
                )
    return problems


def check_balanced(items: Sequence[ItemDraft]) -> list[Problem]:
    """Debits equal credits; an entry has at least two items."""
    if len(items) < 2:
        return [Problem("lines", "an entry needs at least two lines", "too_few_lines")]
    debit = sum((i.debit for i in items), ZERO)
    credit = sum((i.credit for i in items), ZERO)
    if debit != credit:
        return [
            Problem(
                "lines",
                f"entry is unbalanced: debit {debit} != credit {credit} "
                f"(difference {debit - credit})",
                "unbalanced",
            )
        ]
    return []


def check_moves_money(items: Sequence[ItemDraft]) -> list[Problem]:
    """A manual entry moves an amount: one whose every line is zero records nothing.

    Documents may post zero lines (a free invoice line); a manual entry that is
    zero throughout is refused rather than numbered and chained.
    """
    if items and all(i.debit == 0 and i.credit == 0 for i in items):
        return [Problem("lines", "an entry must move an amount: every line is zero", "zero_entry")]
    return []


def check_accounts(
    items: Sequence[ItemDraft], accounts: Mapping[int, AccountRef], company_id: int
) -> list[Problem]:
    """Every account exists in this company; receivable/payable items have a partner."""
    problems: list[Problem] = []
    for i, item in enumerate(items):
        account = accounts.get(item.account_id)
        if account is None or account.company_id != company_id:
            problems.append(
                Problem(
                    f"lines[{i}].account_id",
                    f"account {item.account_id} does not exist in this company",
                    "unknown_account",
                )
            )
        elif account.kind in PARTNER_REQUIRED_KINDS and item.partner_id is None:
            problems.append(
                Problem(
                    f"lines[{i}].partner_id",
                    f"a {account.kind} line (account {account.code}) needs a partner",
                    "partner_required",
                )
            )
    return problems


def check_lock_date(entry_date: date, lock_date: date | None) -> list[Problem]:
    """Entries dated on or before the lock date are refused."""
    if lock_date is not None and entry_date <= lock_date:
        return [
            Problem(
                "date",
                f"date {entry_date.isoformat()} is in a locked period "
                f"(locked up to {lock_date.isoformat()})",
                "period_locked",
            )
        ]
    return []


def check_postable(
    items: Sequence[ItemDraft],
    *,
    company_id: int,
    company_currency: str,
    accounts: Mapping[int, AccountRef],
) -> list[Problem]:
    """All item-level checks for posting, in one list (the lock date is separate)."""
    return (
        check_amounts(items, company_currency)
        + check_balanced(items)
        + check_accounts(items, accounts, company_id)
    )


def mirror(item: ItemDraft) -> ItemDraft:
    """The reversing twin of an item: debit and credit swapped, currency amount negated."""
    amount_currency = None if item.amount_currency is None else -item.amount_currency
    return ItemDraft(
        account_id=item.account_id,
        debit=item.credit,
        credit=item.debit,
        partner_id=item.partner_id,
        label=item.label,
        currency=item.currency,
        amount_currency=amount_currency,
        due_date=item.due_date,
        tax_id=item.tax_id,
        tax_ids=item.tax_ids,
    )
