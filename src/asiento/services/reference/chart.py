"""Chart of accounts, journals and taxes.

The rules that need no database are in ``domain.commands.chart`` and
``domain.commands.taxes``; this module adds those that do (currencies enabled,
accounts and bank accounts of the company, codes free, changes posted data
forbids) and writes under a row lock.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.chart import AccountState, check_account_change
from asiento.domain.commands.changes import merged
from asiento.domain.commands.chart import ACCOUNT_KINDS as ACCOUNT_KINDS
from asiento.domain.commands.chart import ALWAYS_RECONCILABLE as ALWAYS_RECONCILABLE
from asiento.domain.commands.chart import JOURNAL_KINDS as JOURNAL_KINDS
from asiento.domain.commands.chart import NUMBER_FORMATS as NUMBER_FORMATS
from asiento.domain.commands.chart import (
    AccountChanges,
    JournalChanges,
    NewAccount,
    NewJournal,
    check_code_kept,
    checked_account,
    checked_journal,
    require_account_kind,
)
from asiento.domain.errors import NotFound
from asiento.services.access import principal as access
from asiento.services.reference.account_settings import check_journal_settings
from asiento.services.reference.account_use import account_use
from asiento.services.reference.bank_accounts import check_journal_account
from asiento.services.reference.currencies import require_enabled
from asiento.services.reference.identity import normal_iban
from asiento.services.reference.taxes import create_tax as create_tax
from asiento.services.reference.taxes import tax_name_in as tax_name_in
from asiento.services.reference.taxes import update_tax as update_tax
from asiento.services.reference.unique_keys import require_free
from asiento.services.reference.views import AccountView, JournalView, view_of
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Journal
from asiento.store.uow import UnitOfWork


def account_view(row: Account) -> AccountView:
    return view_of(AccountView, row)


def journal_view(row: Journal) -> JournalView:
    return view_of(JournalView, row)


def _checked_account(
    session: Session, company_id: int, cmd: NewAccount, own_id: int | None
) -> NewAccount:
    cmd = checked_account(cmd)
    if cmd.currency:
        require_enabled(session, company_id, cmd.currency)
    taken = select(Account.id).where(Account.company_id == company_id, Account.code == cmd.code)
    require_free(session, taken, own_id, "account", {"code": cmd.code})
    return cmd


def create_account(uow: UnitOfWork, company_id: int, cmd: NewAccount) -> AccountView:
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        cmd = _checked_account(s, company_id, cmd, None)
        row = Account(company_id=company_id, **_account_columns(cmd))
        s.add(row)
        s.flush()
        view = account_view(row)
        uow.commit()
        return view


def update_account(
    uow: UnitOfWork, company_id: int, account_id: int, changes: AccountChanges
) -> AccountView:
    """Change an account; ``domain.chart.check_account_change`` refuses what posted data
    or settings forbid (type or reconcile flag with items, archiving one in use)."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        row = lock_scoped(s, Account, company_id, account_id, "account")
        current = NewAccount(**_account_columns(row))
        cmd = _checked_account(s, company_id, merged(current, changes), row.id)
        before = AccountState(row.kind, row.reconcilable, row.active)
        after = AccountState(cmd.kind, cmd.reconcilable, cmd.active)
        if after != before:
            check_account_change(row.code, before, after, account_use(s, company_id, account_id))
        for name, value in _account_columns(cmd).items():
            setattr(row, name, value)
        s.flush()
        view = account_view(row)
        uow.commit()
        return view


def _account_columns(source: Account | NewAccount) -> dict[str, Any]:
    names = ("code", "name", "kind", "reconcilable", "currency", "active")
    return {name: getattr(source, name) for name in names}


_JOURNAL_FIELDS = (
    "code",
    "name",
    "kind",
    "default_account_id",
    "outstanding_receipts_account_id",
    "outstanding_payments_account_id",
    "suspense_account_id",
    "number_format",
    "currency",
    "iban",
    "bank_account",
    "bank_account_id",
    "active",
)


def _journal_columns(source: Journal | NewJournal) -> dict[str, Any]:
    return {name: getattr(source, name) for name in _JOURNAL_FIELDS}


def _checked_journal(
    session: Session, company_id: int, cmd: NewJournal, own_id: int | None
) -> dict[str, Any]:
    """The column values of a valid journal; a bank account fills what import matches by."""
    v = _journal_columns(checked_journal(cmd))
    if v["default_account_id"] is not None:
        get_scoped(session, Account, company_id, v["default_account_id"], "account")
    check_journal_settings(session, company_id, v)
    if v["currency"]:
        require_enabled(session, company_id, v["currency"])
    if v["iban"]:
        v["iban"] = normal_iban(v["iban"])
    if v["bank_account_id"] is not None:
        account = check_journal_account(session, company_id, v["bank_account_id"])
        v["iban"] = account.iban or v["iban"]
        v["bank_account"] = account.account_number or v["bank_account"]
        v["currency"] = v["currency"] or account.currency
    taken = select(Journal.id).where(Journal.company_id == company_id, Journal.code == cmd.code)
    require_free(session, taken, own_id, "journal", {"code": cmd.code})
    return v


def create_journal(uow: UnitOfWork, company_id: int, cmd: NewJournal) -> JournalView:
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        row = Journal(company_id=company_id, **_checked_journal(s, company_id, cmd, None))
        s.add(row)
        s.flush()
        view = journal_view(row)
        uow.commit()
        return view


def update_journal(
    uow: UnitOfWork, company_id: int, journal_id: int, changes: JournalChanges
) -> JournalView:
    """Change a journal; its code never changes (every number it gave prints it)."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        row = lock_scoped(s, Journal, company_id, journal_id, "journal")
        check_code_kept(changes.code, row.code)
        current = NewJournal(**_journal_columns(row))
        for name, value in _checked_journal(
            s, company_id, merged(current, changes), row.id
        ).items():
            setattr(row, name, value)
        s.flush()
        view = journal_view(row)
        uow.commit()
        return view


def list_accounts(uow: UnitOfWork, company_id: int, kind: str | None = None) -> list[AccountView]:
    """The chart of accounts ordered by code, optionally one kind only."""
    if kind is not None:
        require_account_kind(kind)
    with uow:
        stmt = select(Account).where(Account.company_id == company_id)
        if kind is not None:
            stmt = stmt.where(Account.kind == kind)
        return [account_view(r) for r in uow.session.scalars(stmt.order_by(Account.code))]


def list_journals(uow: UnitOfWork, company_id: int) -> list[JournalView]:
    """The company's journals ordered by code."""
    with uow:
        stmt = select(Journal).where(Journal.company_id == company_id).order_by(Journal.code)
        return [journal_view(r) for r in uow.session.scalars(stmt)]


def account_id_by_code(uow: UnitOfWork, company_id: int, code: str) -> int:
    """The id of the account ``code``: callers taking codes from people need ids."""
    with uow:
        found = uow.session.scalar(
            select(Account.id).where(Account.company_id == company_id, Account.code == code)
        )
    if found is None:
        raise NotFound("account", code, field="account")
    return int(found)


def journal_id_by_code(uow: UnitOfWork, company_id: int, code: str) -> int:
    """The id of the journal ``code``: callers taking codes from people need ids."""
    with uow:
        found = uow.session.scalar(
            select(Journal.id).where(Journal.company_id == company_id, Journal.code == code)
        )
    if found is None:
        raise NotFound("journal", code, field="journal")
    return int(found)
