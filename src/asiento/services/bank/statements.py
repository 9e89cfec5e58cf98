"""Bank statements: manual creation, the balance check, and read views.

A statement is opening balance + lines = closing balance. ``validate_statement``
checks exactly that: equal, the statement becomes ``validated``; not equal, it
stays ``draft`` and the difference (closing - computed) is reported, so the
accountant can look for the missing line. Importing is in
``statement_import``; reconciling lines in ``statement_reconcile``.

Invariants:
    - a validated statement's opening + lines == closing (minor units);
    - a missing opening balance is the closing balance of the journal's
      previous statement (0 for the first); a missing closing balance is
      the computed one (the bank stated none);
    - manual lines get fingerprints of their own (``manual:<statement>:<n>``):
      they are never taken for an imported line, nor the reverse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, StatementUnverifiable
from asiento.domain.statement_lines import BalanceCheck
from asiento.services.access import principal as access
from asiento.services.access.audit import record_in
from asiento.services.bank.statement_balances import UNVERIFIABLE
from asiento.services.bank.statement_import import find_journal
from asiento.services.bank.statement_views import StatementView, statement_view
from asiento.services.ledger.entries import company_of
from asiento.store.document_locks import lock_statement
from asiento.store.tables import BankStatement, StatementLine
from asiento.store.types import from_minor, to_minor
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ManualLine:
    date: dt.date
    amount: Decimal
    counterparty_name: str | None = None
    counterparty_iban: str | None = None
    communication: str | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class ManualStatement:
    journal: str | int
    date: dt.date
    reference: str
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    lines: tuple[ManualLine, ...] = ()


@dataclass(frozen=True, slots=True)
class ValidationResult:
    statement_id: int
    state: str
    opening: Decimal
    lines_total: Decimal
    closing: Decimal
    difference: Decimal

    @property
    def ok(self) -> bool:
        return self.difference == 0


@access.requires(Permission.STATEMENT_WRITE)
def create_statement(uow: UnitOfWork, company_id: int, data: ManualStatement) -> StatementView:
    """Enter a statement by hand (draft); lines in the journal's currency.

    Raises:
        InvalidInput: a line or balance with more decimals than the currency has.
        NotFound: unknown journal.
    """
    with uow:
        s = uow.session
        company = company_of(s, company_id)
        journal = find_journal(s, company_id, data.journal)
        cur = journal.currency or company.currency
        row = BankStatement(
            company_id=company_id,
            journal_id=journal.id,
            date=data.date,
            reference=data.reference[:100],
            currency=cur,
            state="draft",
            opening_balance=_minor(data.opening_balance, cur, "opening_balance"),
            closing_balance=_minor(data.closing_balance, cur, "closing_balance"),
        )
        s.add(row)
        s.flush()
        s.add_all(_manual_line(row, n, line) for n, line in enumerate(data.lines, 1))
        s.flush()
        view = statement_view(s, company_id, row.id)
        uow.commit()
        return view


def _minor(value: Decimal | None, currency: str, field: str) -> int | None:
    if value is None:
        return None
    try:
        return to_minor(value, currency)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=field) from None


def _manual_line(st: BankStatement, n: int, line: ManualLine) -> StatementLine:
    key = hashlib.sha256(f"manual\x1f{st.id}\x1f{n}".encode()).hexdigest()
    amount = _minor(line.amount, st.currency, f"lines[{n}].amount") or 0
    return StatementLine(
        company_id=st.company_id,
        statement_id=st.id,
        journal_id=st.journal_id,
        sequence=n,
        date=line.date,
        value_date=None,
        amount=amount,
        currency=st.currency,
        counterparty_name=line.counterparty_name,
        counterparty_iban=line.counterparty_iban,
        communication=line.communication,
        reference=line.reference,
        transaction_id=None,
        fingerprint=key,
        occurrence=1,
        state="open",
    )


@access.requires(Permission.STATEMENT_WRITE)
def validate_statement(
    uow: UnitOfWork, company_id: int, statement_id: int, *, confirm: bool = False
) -> ValidationResult:
    """Check opening + lines == closing; validated when it holds, else stays draft.

    An imported statement whose balances could not all be known
    (``balance_source`` unverifiable) validates only with ``confirm``: the
    lines are then accepted as they are, and the confirmation is recorded in
    the audit log.

    Raises:
        StatementUnverifiable: unverifiable and not confirmed.
    """
    with uow:
        s = uow.session
        st = lock_statement(s, company_id, statement_id)
        unverifiable = st.balance_source == UNVERIFIABLE and st.state == "draft"
        if unverifiable and not confirm:
            raise StatementUnverifiable(
                f"statement {st.id} cannot be verified: the bank stated no "
                f"{'opening' if st.opening_balance is None else 'closing'} balance and the "
                "journal has no earlier closing; confirm to accept its lines as they are",
                field="confirm",
            )
        check = balance_check(s, st)
        if check.ok and st.state == "draft":
            st.opening_balance = to_minor(check.opening, st.currency)
            st.closing_balance = to_minor(check.closing, st.currency)
            st.state = "validated"
            if unverifiable:
                after = {"opening": check.opening, "closing": check.closing, "confirmed": True}
                record_in(s, company_id, "validate_unverifiable", "bank_statement", st.id,
                          after=after)  # fmt: skip
        result = ValidationResult(
            st.id, st.state, check.opening, check.lines_total, check.closing, check.difference
        )
        uow.commit()
        return result


def balance_check(session: Session, st: BankStatement) -> BalanceCheck:
    """Opening (or the previous closing) + lines against closing (or computed).

    An unverifiable statement with a stated closing and no opening is
    checked from its closing (opening = closing - lines): only ever after
    the user confirmed it.
    """
    total = session.scalar(
        select(func.coalesce(func.sum(StatementLine.amount), 0)).where(
            StatementLine.statement_id == st.id
        )
    )
    lines_total = from_minor(int(total or 0), st.currency)
    stated_closing_only = st.opening_balance is None and st.closing_balance is not None
    if stated_closing_only and st.balance_source == UNVERIFIABLE and st.closing_balance:
        closing = from_minor(st.closing_balance, st.currency)
        return BalanceCheck(closing - lines_total, lines_total, closing)
    opening = (
        from_minor(st.opening_balance, st.currency)
        if st.opening_balance is not None
        else _previous_closing(session, st)
    )
    closing = (
        from_minor(st.closing_balance, st.currency)
        if st.closing_balance is not None
        else opening + lines_total
    )
    return BalanceCheck(opening, lines_total, closing)


def _previous_closing(session: Session, st: BankStatement) -> Decimal:
    prev = session.scalar(
        select(BankStatement.closing_balance)
        .where(
            BankStatement.company_id == st.company_id,
            BankStatement.journal_id == st.journal_id,
            BankStatement.id < st.id,
            BankStatement.closing_balance.is_not(None),
        )
        .order_by(BankStatement.id.desc())
        .limit(1)
    )
    return from_minor(prev, st.currency) if prev is not None else Decimal(0)


DEMO_IBAN = "DE89370400440532013000"


def load_statements_demo(uow: UnitOfWork, company_id: int) -> None:
    """Give the demo bank journal an IBAN (if it has none), so a sample file can be imported."""
    with uow:
        journal = find_journal(uow.session, company_id, "BNK1")
        if not journal.iban:
            journal.iban = DEMO_IBAN
        uow.commit()
