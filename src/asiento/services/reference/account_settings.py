"""Accounting settings: the accounts automatic postings take, per company and per journal.

Company settings live in one ``accounting_settings`` row (created on first
write); journal settings are columns of the bank/cash journal. Each value
names an account of the company whose kind the setting accepts
(``domain.account_settings.ALLOWED_KINDS``). Postings read them through
``company_account`` / ``journal_account``, which raise ``MissingSetting``
naming the setting when it is empty: callers check before their first write.

Invariants:
    - every stored setting is an account of the same company with an
      accepted kind (checked here on every write);
    - a journal's outstanding accounts are reconcilable or the journal's own
      account (direct bank posting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import account_settings as rules
from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput, MissingSetting, NotFound
from asiento.services.access import audit
from asiento.services.access import principal as access
from asiento.store.query import get_scoped
from asiento.store.tables import Account, AccountingSettings, Journal, PaymentTerm
from asiento.store.uow import UnitOfWork

AccountKey = int | str | None
"""An account by id (int) or code (str); None clears the setting."""


@dataclass(frozen=True, slots=True)
class SettingAccount:
    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class JournalSettingsView:
    id: int
    code: str
    kind: str
    accounts: dict[str, SettingAccount | None]
    posts_directly: bool
    """Payments post to the journal's own account (no outstanding step)."""


@dataclass(frozen=True, slots=True)
class AccountingSettingsView:
    company_id: int
    accounts: dict[str, SettingAccount | None]
    journals: list[JournalSettingsView]


def resolve_account(session: Session, company_id: int, key: AccountKey, field: str) -> int | None:
    """The id of ``key`` (id or code) in the company, or None for None / ``""``."""
    if key is None or key == "":
        return None
    if isinstance(key, int) and not isinstance(key, bool):
        return get_scoped(session, Account, company_id, key, "account").id
    found = session.scalar(
        select(Account.id).where(Account.company_id == company_id, Account.code == str(key))
    )
    if found is None:
        raise NotFound("account", key, field=field)
    return int(found)


def check_setting(session: Session, company_id: int, setting: str, account_id: int) -> Account:
    """The account, if it exists in the company and its kind fits ``setting``."""
    account = get_scoped(session, Account, company_id, account_id, "account")
    rules.check_account_kind(setting, account.code, account.kind)
    return account


def settings_row(session: Session, company_id: int) -> AccountingSettings | None:
    return session.scalar(
        select(AccountingSettings).where(AccountingSettings.company_id == company_id)
    )


def company_account(session: Session, company_id: int, setting: str, needed_for: str) -> int:
    """The account of company ``setting``; ``MissingSetting`` when it is not set."""
    row = settings_row(session, company_id)
    found = getattr(row, f"{setting}_id") if row is not None else None
    if found is None:
        raise MissingSetting(setting, needed_for)
    return int(found)


def optional_company_account(session: Session, company_id: int, setting: str) -> int | None:
    row = settings_row(session, company_id)
    return getattr(row, f"{setting}_id") if row is not None else None


def journal_account(journal: Journal, setting: str, needed_for: str) -> int:
    """The account of ``journal``'s ``setting``; ``MissingSetting`` names journal and setting."""
    found = getattr(journal, f"{setting}_id")
    if found is None:
        raise MissingSetting(f"journal {journal.code} {setting}", needed_for)
    return int(found)


def check_journal_settings(session: Session, company_id: int, values: dict[str, Any]) -> None:
    """Validate a journal's account settings (kinds, outstanding reconcilable or own)."""
    own = values.get("default_account_id")
    liquid = values.get("kind") in ("bank", "cash")
    for setting in rules.JOURNAL_ACCOUNT_SETTINGS:
        account_id = values.get(f"{setting}_id")
        if account_id is None or (setting == "default_account" and not liquid):
            continue
        if not liquid:
            raise InvalidInput(f"{setting} is for bank and cash journals only", field=setting)
        account = check_setting(session, company_id, setting, account_id)
        if setting.startswith("outstanding_"):
            rules.check_outstanding(setting, account.code, account.reconcilable, account.id == own)


@access.requires(Permission.SETTINGS)
def update_company_settings(
    uow: UnitOfWork, company_id: int, **changes: AccountKey
) -> AccountingSettingsView:
    """Set (or clear with None) company account settings; all checked before any write."""
    unknown = sorted(set(changes) - set(rules.COMPANY_ACCOUNT_SETTINGS))
    if unknown:
        raise InvalidInput(f"unknown setting {unknown[0]!r}", field=unknown[0])
    with uow:
        s = uow.session
        resolved: dict[str, int | None] = {}
        for setting, key in changes.items():
            account_id = resolve_account(s, company_id, key, setting)
            if account_id is not None:
                check_setting(s, company_id, setting, account_id)
            resolved[f"{setting}_id"] = account_id
        row = settings_row(s, company_id)
        if row is None:
            row = AccountingSettings(company_id=company_id)
            s.add(row)
        before = {k: getattr(row, k, None) for k in resolved}
        for column, value in resolved.items():
            setattr(row, column, value)
        s.flush()
        audit.record_in(
            s, company_id, "settings.accounts", "company", company_id, before=before, after=resolved
        )
        view = settings_view_in(s, company_id)
        uow.commit()
        return view


@access.requires(Permission.SETTINGS)
def update_journal_settings(
    uow: UnitOfWork, company_id: int, journal: int | str, **changes: AccountKey
) -> JournalSettingsView:
    """Set (or clear) a bank/cash journal's account settings, validated as a whole."""
    unknown = sorted(set(changes) - set(rules.JOURNAL_ACCOUNT_SETTINGS))
    if unknown:
        raise InvalidInput(f"unknown journal setting {unknown[0]!r}", field=unknown[0])
    with uow:
        s = uow.session
        row = _journal(s, company_id, journal)
        resolved = {f"{k}_id": resolve_account(s, company_id, key, k) for k, key in changes.items()}
        merged = {
            "kind": row.kind,
            **{f"{k}_id": getattr(row, f"{k}_id") for k in rules.JOURNAL_ACCOUNT_SETTINGS},
            **resolved,
        }
        check_journal_settings(s, company_id, merged)
        for column, value in resolved.items():
            setattr(row, column, value)
        s.flush()
        view = _journal_view(s, row)
        uow.commit()
        return view


@access.requires(Permission.SETTINGS)
def update_term_accounts(
    uow: UnitOfWork, company_id: int, term_id: int, **changes: AccountKey
) -> dict[str, SettingAccount | None]:
    """Set (or clear) a payment term's own cash discount accounts (override the company's)."""
    unknown = sorted(set(changes) - set(rules.TERM_ACCOUNT_SETTINGS))
    if unknown:
        raise InvalidInput(f"unknown payment term setting {unknown[0]!r}", field=unknown[0])
    with uow:
        s = uow.session
        term = get_scoped(s, PaymentTerm, company_id, term_id, "payment term")
        resolved = {}
        for setting, key in changes.items():
            account_id = resolve_account(s, company_id, key, setting)
            if account_id is not None:
                check_setting(s, company_id, setting, account_id)
            resolved[f"{setting}_id"] = account_id
        for column, value in resolved.items():
            setattr(term, column, value)
        s.flush()
        ids = {k: getattr(term, f"{k}_id") for k in rules.TERM_ACCOUNT_SETTINGS}
        view = _refs(s, ids)
        uow.commit()
        return view


def _journal(session: Session, company_id: int, key: int | str) -> Journal:
    if isinstance(key, int):
        return get_scoped(session, Journal, company_id, key, "journal")
    found = session.scalar(
        select(Journal).where(Journal.company_id == company_id, Journal.code == key)
    )
    if found is None:
        raise NotFound("journal", key, field="journal")
    return found


def _refs(session: Session, ids: dict[str, int | None]) -> dict[str, SettingAccount | None]:
    wanted = {i for i in ids.values() if i is not None}
    rows = session.execute(
        select(Account.id, Account.code, Account.name).where(Account.id.in_(wanted))
    ).all()
    found = {r.id: SettingAccount(r.id, r.code, r.name) for r in rows}
    return {k: (found[i] if i is not None else None) for k, i in ids.items()}


def _journal_view(session: Session, journal: Journal) -> JournalSettingsView:
    ids = {k: getattr(journal, f"{k}_id") for k in rules.JOURNAL_ACCOUNT_SETTINGS}
    own = journal.default_account_id
    direct = own is not None and (
        journal.outstanding_receipts_account_id == own
        or journal.outstanding_payments_account_id == own
    )
    return JournalSettingsView(journal.id, journal.code, journal.kind, _refs(session, ids), direct)


def settings_view_in(session: Session, company_id: int) -> AccountingSettingsView:
    row = settings_row(session, company_id)
    ids = {
        k: (getattr(row, f"{k}_id") if row is not None else None)
        for k in rules.COMPANY_ACCOUNT_SETTINGS
    }
    journals = session.scalars(
        select(Journal)
        .where(Journal.company_id == company_id, Journal.kind.in_(("bank", "cash")))
        .order_by(Journal.code)
    )
    return AccountingSettingsView(
        company_id, _refs(session, ids), [_journal_view(session, j) for j in journals]
    )


def get_settings(uow: UnitOfWork, company_id: int) -> AccountingSettingsView:
    with uow:
        return settings_view_in(uow.session, company_id)
