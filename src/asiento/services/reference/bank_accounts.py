"""Bank accounts: the company's own (where customers pay) and its partners'.

A company account is what an invoice prints for its currency and what a bank
journal books (``journals.bank_account_id``); a partner account is where we
pay its bills and how a statement line's counterparty IBAN finds the partner.

Invariants:
    - An account is an IBAN (valid, stored compact) or a local account number
      with its bank code; never neither.
    - At most one company account is the default per currency: making one the
      default clears the others of that currency, under a lock on the company
      row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite serialises writers).
    - A company account names its currency (the currency the invoice matches
      it by); a partner account may leave it empty.
    - A partner's first IBAN is copied to ``partners.iban`` when that is empty,
      so statement import keeps finding partners by IBAN.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import bindparam, select, true, update
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.commands.bank_accounts import (
    BankAccountChanges,
    NewBankAccount,
    check_bank_account,
)
from asiento.domain.commands.changes import fields_set, merged
from asiento.domain.errors import InvalidInput, StateConflict
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.services.reference import cache
from asiento.services.reference.currencies import require_enabled
from asiento.services.reference.identity import is_qr_iban, normal_bic, normal_iban
from asiento.store.locks import for_update, lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import BankAccount, Company, Journal, Partner
from asiento.store.uow import UnitOfWork

FIELDS = (
    "holder_name",
    "iban",
    "account_number",
    "bank_code",
    "bic",
    "bank_name",
    "currency",
    "is_default",
    "active",
)


@dataclass(frozen=True, slots=True)
class BankAccountView:
    """A bank account as the adapters show it; ``label`` is what documents print."""

    id: int
    partner_id: int | None
    holder_name: str | None
    iban: str | None
    account_number: str | None
    bank_code: str | None
    bic: str | None
    bank_name: str | None
    currency: str | None
    is_default: bool
    active: bool
    is_qr_iban: bool
    label: str


def view_of(row: BankAccount) -> BankAccountView:
    return BankAccountView(
        id=row.id,
        partner_id=row.partner_id,
        holder_name=row.holder_name,
        iban=row.iban,
        account_number=row.account_number,
        bank_code=row.bank_code,
        bic=row.bic,
        bank_name=row.bank_name,
        currency=row.currency,
        is_default=row.is_default,
        active=row.active,
        is_qr_iban=is_qr_iban(row.iban),
        label=account_label(row),
    )


def account_label(row: BankAccount) -> str:
    """``ES91 2100 0418 4502 0005 1332`` (IBAN in groups of four) or ``bank code / number``."""
    if row.iban:
        return " ".join(row.iban[i : i + 4] for i in range(0, len(row.iban), 4))
    return " / ".join(x for x in (row.bank_code, row.account_number) if x)


def _text(value: str | None) -> str | None:
    text = value.strip() if value is not None else ""
    return text or None


def _checked(session: Session, company_id: int, cmd: NewBankAccount) -> dict[str, Any]:
    """Validated, normalised column values of an account (the whole record)."""
    iban, bic, currency = _text(cmd.iban), _text(cmd.bic), _text(cmd.currency)
    cmd = replace(
        cmd,
        holder_name=_text(cmd.holder_name),
        account_number=_text(cmd.account_number),
        bank_code=_text(cmd.bank_code),
        bank_name=_text(cmd.bank_name),
        iban=normal_iban(iban) if iban else None,
        bic=normal_bic(bic) if bic else None,
        currency=require_enabled(session, company_id, currency.upper()) if currency else None,
        is_default=bool(cmd.is_default),
        active=cmd.active is not False,
    )
    check_bank_account(cmd)
    return {name: getattr(cmd, name) for name in ("partner_id", *FIELDS)}


def _clear_other_defaults(session: Session, company_id: int, row: BankAccount) -> None:
    """One default per currency: lock the company row, then unset the others."""
    session.execute(for_update(session, select(Company.id).where(Company.id == company_id)))
    if row.is_default and row.partner_id is None:
        session.execute(
            update(BankAccount)
            .where(
                BankAccount.company_id == company_id,
                BankAccount.partner_id.is_(None),
                BankAccount.currency == row.currency,
                BankAccount.id != row.id,
            )
            .values(is_default=False)
        )


def create_bank_account(uow: UnitOfWork, company_id: int, cmd: NewBankAccount) -> BankAccountView:
    """Add an account of the company (``partner_id`` None) or of a partner."""
    _require(company_id, cmd.partner_id)
    with uow:
        s = uow.session
        if cmd.partner_id is not None:
            get_scoped(s, Partner, company_id, cmd.partner_id, "partner")
        v = _checked(s, company_id, cmd)
        row = BankAccount(company_id=company_id, **v)
        s.add(row)
        s.flush()
        _clear_other_defaults(s, company_id, row)
        _sync_partner_iban(s, company_id, row)
        audit.record_in(s, company_id, "bank_account.create", "bank_account", row.id, after=v)
        view = view_of(row)
        uow.commit()
        return view


def update_bank_account(
    uow: UnitOfWork, company_id: int, account_id: int, changes: BankAccountChanges
) -> BankAccountView:
    """Change the fields given; the owner (company or partner) never changes."""
    with uow:
        s = uow.session
        row = lock_scoped(s, BankAccount, company_id, account_id, "bank account")
        _require(company_id, row.partner_id)
        before = {k: getattr(row, k) for k in FIELDS}
        current = NewBankAccount(partner_id=row.partner_id, **before)
        v = _checked(s, company_id, merged(current, changes))
        for key in FIELDS:
            setattr(row, key, v[key])
        s.flush()
        _clear_other_defaults(s, company_id, row)
        _sync_partner_iban(s, company_id, row)
        after = {k: v[k] for k in fields_set(changes)}
        audit.record_in(
            s, company_id, "bank_account.update", "bank_account", row.id, before=before, after=after
        )
        view = view_of(row)
        uow.commit()
        return view


def delete_bank_account(uow: UnitOfWork, company_id: int, account_id: int) -> None:
    """Remove an account no journal points at (a journal's account is deactivated instead)."""
    with uow:
        s = uow.session
        row = lock_scoped(s, BankAccount, company_id, account_id, "bank account")
        _require(company_id, row.partner_id)
        used = s.scalar(
            select(Journal.code).where(
                Journal.company_id == company_id, Journal.bank_account_id == account_id
            )
        )
        if used is not None:
            raise StateConflict(
                f"bank account {account_id} is the account of journal {used}: "
                "deactivate it instead",
                field="id",
            )
        s.delete(row)
        audit.record_in(s, company_id, "bank_account.delete", "bank_account", account_id)
        uow.commit()


def list_bank_accounts(
    uow: UnitOfWork, company_id: int, partner_id: int | None = None
) -> list[BankAccountView]:
    """The company's accounts (``partner_id`` None) or one partner's, default first."""
    with uow:
        if partner_id is not None:
            get_scoped(uow.session, Partner, company_id, partner_id, "partner")
        return [view_of(r) for r in accounts_of(uow.session, company_id, partner_id)]


def get_bank_account(uow: UnitOfWork, company_id: int, account_id: int) -> BankAccountView:
    with uow:
        return view_of(get_scoped(uow.session, BankAccount, company_id, account_id, "bank account"))


def accounts_of(session: Session, company_id: int, partner_id: int | None) -> list[BankAccount]:
    owner = (
        BankAccount.partner_id.is_(None)
        if partner_id is None
        else BankAccount.partner_id == partner_id
    )
    stmt = (
        select(BankAccount)
        .where(BankAccount.company_id == company_id, owner)
        .order_by(BankAccount.currency, BankAccount.is_default.desc(), BankAccount.id)
    )
    return list(session.scalars(stmt))


def account_for_currency(session: Session, company_id: int, currency: str) -> BankAccount | None:
    """The company account an invoice in ``currency`` prints: the default, else the first."""
    stmt = (
        select(BankAccount)
        .where(
            BankAccount.company_id == company_id,
            BankAccount.partner_id.is_(None),
            BankAccount.currency == currency,
            BankAccount.active.is_(True),
        )
        .order_by(BankAccount.is_default.desc(), BankAccount.id)
        .limit(1)
    )
    return session.scalars(stmt).first()


_ACCOUNT: Any = BankAccount.__table__
_IBAN_FOR_CURRENCY = (
    select(_ACCOUNT.c.iban)
    .where(
        _ACCOUNT.c.company_id == bindparam("company_id"),
        _ACCOUNT.c.partner_id.is_(None),
        _ACCOUNT.c.currency == bindparam("currency"),
        _ACCOUNT.c.active == true(),
    )
    .order_by(_ACCOUNT.c.is_default.desc(), _ACCOUNT.c.id)
    .limit(1)
)


def iban_for_currency(session: Session, company_id: int, currency: str) -> str | None:
    """The IBAN of ``account_for_currency`` (None without an account), for posting, which
    needs nothing else of it: from the reference cache, else one prebuilt Core statement on
    the session's connection (issue 23: the ORM row cost a tenth of creating an invoice, the
    round trip one statement of each)."""

    def read() -> str | None:
        params = {"company_id": company_id, "currency": currency}
        row = session.connection().execute(_IBAN_FOR_CURRENCY, params).first()
        return None if row is None else str(row[0] or "")

    return cache.kept(session, company_id, lambda snap: snap.ibans, currency, read)


def check_journal_account(session: Session, company_id: int, account_id: int) -> BankAccount:
    """A journal may point only at one of the company's own accounts."""
    row = get_scoped(session, BankAccount, company_id, account_id, "bank account")
    if row.partner_id is not None:
        raise InvalidInput(
            f"bank account {account_id} belongs to a partner, not to the company",
            field="bank_account_id",
        )
    return row


def _sync_partner_iban(session: Session, company_id: int, row: BankAccount) -> None:
    if row.partner_id is None or not row.iban:
        return
    partner = get_scoped(session, Partner, company_id, row.partner_id, "partner")
    if not partner.iban:
        partner.iban = row.iban


def _require(company_id: int, partner_id: int | None) -> None:
    """Partners' accounts are billing work; the company's are settings."""
    needed = Permission.SETTINGS if partner_id is None else Permission.INVOICE_WRITE
    access.require(needed, company_id)
