"""Chart of accounts, journals and taxes."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.chart import AccountState, check_account_change
from asiento.domain.einvoice.codes import (
    category_for,
    checked_exemption_code,
    checked_vat_category,
)
from asiento.domain.errors import InvalidInput, NotFound
from asiento.domain.numbering import validate_format
from asiento.services.reference.account_settings import check_journal_settings
from asiento.services.reference.account_use import account_use
from asiento.services.reference.bank_accounts import check_journal_account
from asiento.services.reference.currencies import require_enabled
from asiento.services.reference.identity import normal_iban
from asiento.services.reference.records import create_record, update_record
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Journal, Tax
from asiento.store.uow import UnitOfWork

ACCOUNT_KINDS = (
    "receivable",
    "payable",
    "bank",
    "cash",
    "current_asset",
    "fixed_asset",
    "non_current_asset",
    "prepayment",
    "current_liability",
    "non_current_liability",
    "equity",
    "income",
    "other_income",
    "expense",
    "cost_of_revenue",
    "depreciation",
    "off_balance",
)
ALWAYS_RECONCILABLE = ("receivable", "payable")
JOURNAL_KINDS = ("sale", "purchase", "bank", "cash", "general")
NUMBER_FORMATS = {
    "sale": "{prefix}/{year}/{seq:05d}",
    "purchase": "{prefix}/{year}/{seq:05d}",
    "bank": "{prefix}/{year}/{seq:05d}",
    "cash": "{prefix}/{year}/{seq:05d}",
    "general": "{prefix}/{year}/{seq:05d}",
}


def _validate_account(session: Session, company_id: int, v: dict[str, Any]) -> dict[str, Any]:
    if v.get("kind") not in ACCOUNT_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(ACCOUNT_KINDS)}", field="kind")
    if not str(v.get("code") or "").strip():
        raise InvalidInput("code is required", field="code")
    if v["kind"] in ALWAYS_RECONCILABLE:
        v["reconcilable"] = True
    if v.get("currency"):
        require_enabled(session, company_id, v["currency"])
    return v


def create_account(uow: UnitOfWork, company_id: int, **values: Any) -> Account:
    return create_record(
        uow, company_id, Account, values, unique=("code",), validate=_validate_account
    )


def update_account(uow: UnitOfWork, company_id: int, account_id: int, **changes: Any) -> Account:
    """Change an account; ``domain.chart.check_account_change`` refuses what posted data
    or settings forbid (type or reconcile flag with items, archiving one in use)."""

    def validate(s: Session, cid: int, v: dict[str, Any]) -> dict[str, Any]:
        v = _validate_account(s, cid, v)
        row = get_scoped(s, Account, cid, account_id, "account")  # locked by update_record
        before = AccountState(row.kind, row.reconcilable, row.active)
        after = AccountState(v["kind"], bool(v["reconcilable"]), bool(v["active"]))
        if after != before:
            check_account_change(row.code, before, after, account_use(s, cid, account_id))
        return v

    return update_record(
        uow,
        company_id,
        Account,
        account_id,
        changes,
        kind="account",
        unique=("code",),
        validate=validate,
    )


def _validate_journal(session: Session, company_id: int, v: dict[str, Any]) -> dict[str, Any]:
    if v.get("kind") not in JOURNAL_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(JOURNAL_KINDS)}", field="kind")
    v.setdefault("number_format", NUMBER_FORMATS[v["kind"]])
    if v.get("number_format") is None:
        v["number_format"] = NUMBER_FORMATS[v["kind"]]
    validate_format(v["number_format"])
    if v.get("default_account_id") is not None:
        get_scoped(session, Account, company_id, v["default_account_id"], "account")
    check_journal_settings(session, company_id, v)
    if v.get("currency"):
        require_enabled(session, company_id, v["currency"])
    if v.get("iban"):
        v["iban"] = _normal_iban(v["iban"])
    if v.get("bank_account_id") is not None:
        account = check_journal_account(session, company_id, v["bank_account_id"])
        # the account defines what statement import matches the journal by
        v["iban"] = account.iban or v.get("iban")
        v["bank_account"] = account.account_number or v.get("bank_account")
        v["currency"] = v.get("currency") or account.currency
    return v


def _normal_iban(raw: str) -> str:
    return normal_iban(raw)


def create_journal(uow: UnitOfWork, company_id: int, **values: Any) -> Journal:
    return create_record(
        uow, company_id, Journal, values, unique=("code",), validate=_validate_journal
    )


def update_journal(uow: UnitOfWork, company_id: int, journal_id: int, **changes: Any) -> Journal:
    return update_record(
        uow,
        company_id,
        Journal,
        journal_id,
        changes,
        kind="journal",
        unique=("code",),
        validate=_validate_journal,
        frozen=("code",) if "code" in changes else (),
    )


def _validate_tax(session: Session, company_id: int, v: dict[str, Any]) -> dict[str, Any]:
    if v.get("amount_type", "percent") not in ("percent", "fixed"):
        raise InvalidInput("amount_type must be percent or fixed", field="amount_type")
    if v.get("usage", "sale") not in ("sale", "purchase", "none"):
        raise InvalidInput("usage must be sale, purchase or none", field="usage")
    amount = v.get("amount")
    percent = v.get("amount_type", "percent") == "percent"
    # a negative percent is the accrued half of a reverse charge (-21 % next to +21 %)
    if amount is None or (amount < 0 and not percent):
        raise InvalidInput("amount must be zero or positive", field="amount")
    if percent and amount > 100:
        raise InvalidInput("a percent tax cannot exceed 100", field="amount")
    if percent and amount < -100:
        raise InvalidInput("a percent tax cannot be below -100", field="amount")
    if v.get("amount_type") == "fixed" and v.get("price_include"):
        raise InvalidInput("a fixed tax cannot be price-included", field="price_include")
    get_scoped(session, Account, company_id, v["tax_account_id"], "account")
    if v.get("base_account_id") is not None:
        get_scoped(session, Account, company_id, v["base_account_id"], "account")
    return _tax_wording(v)


LEGAL_MENTIONS = ("exempt", "reverse_charge", "intra_community", "export")
"""What a document must say about a tax (translated by ``documents.wording``)."""


def _tax_wording(v: dict[str, Any]) -> dict[str, Any]:
    """Check the legal mention and store translated names as JSON ``{"es": ..., "zh": ...}``."""
    if v.get("legal_mention") not in (None, "", *LEGAL_MENTIONS):
        raise InvalidInput(
            f"legal_mention must be one of {', '.join(LEGAL_MENTIONS)}", field="legal_mention"
        )
    v["legal_mention"] = v.get("legal_mention") or None
    _tax_category(v)
    names = v.get("name_translations")
    if isinstance(names, dict):
        bad = sorted(set(names) - {"en", "es", "zh"})
        if bad:
            raise InvalidInput(f"no language {bad[0]!r} (en, es, zh)", field="name_translations")
        clean = {k: str(n).strip() for k, n in sorted(names.items()) if str(n or "").strip()}
        v["name_translations"] = json.dumps(clean, ensure_ascii=False) if clean else ""
    elif names is None:
        v["name_translations"] = ""
    return v


def _tax_category(v: dict[str, Any]) -> None:
    """The e-invoice VAT category (UNCL5305) and VATEX code; a tax without a category gets
    the one its legal mention and rate say (``domain.einvoice.codes.category_for``)."""
    category = checked_vat_category(v.get("vat_category"))
    if category is None:
        category = category_for(v["legal_mention"], Decimal(str(v.get("amount") or 0)))
    v["vat_category"] = category
    v["exemption_reason_code"] = checked_exemption_code(v.get("exemption_reason_code"))


def tax_name_in(tax: Tax, lang: str) -> str:
    """The tax's name in ``lang`` when translated, else its name."""
    names = json.loads(tax.name_translations) if tax.name_translations else {}
    return str(names.get(lang) or tax.name)


def create_tax(uow: UnitOfWork, company_id: int, **values: Any) -> Tax:
    return create_record(
        uow, company_id, Tax, values, unique=("name", "usage"), validate=_validate_tax
    )


def update_tax(uow: UnitOfWork, company_id: int, tax_id: int, **changes: Any) -> Tax:
    return update_record(
        uow,
        company_id,
        Tax,
        tax_id,
        changes,
        kind="tax",
        unique=("name", "usage"),
        validate=_validate_tax,
    )


def list_accounts(uow: UnitOfWork, company_id: int, kind: str | None = None) -> list[Account]:
    """The chart of accounts ordered by code, optionally one kind only."""
    if kind is not None and kind not in ACCOUNT_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(ACCOUNT_KINDS)}", field="kind")
    with uow:
        stmt = select(Account).where(Account.company_id == company_id)
        if kind is not None:
            stmt = stmt.where(Account.kind == kind)
        rows = list(uow.session.scalars(stmt.order_by(Account.code)))
        uow.session.expunge_all()  # keep them loaded: leaving the block rolls back (expires)
        return rows


def list_journals(uow: UnitOfWork, company_id: int) -> list[Journal]:
    """The company's journals ordered by code."""
    with uow:
        stmt = select(Journal).where(Journal.company_id == company_id).order_by(Journal.code)
        rows = list(uow.session.scalars(stmt))
        uow.session.expunge_all()  # keep them loaded: leaving the block rolls back (expires)
        return rows


def account_id_by_code(uow: UnitOfWork, company_id: int, code: str) -> int:
    """The id of the account ``code``: callers taking codes from people need ids."""
    return _id_by_code(uow, company_id, Account, "account", code)


def journal_id_by_code(uow: UnitOfWork, company_id: int, code: str) -> int:
    """The id of the journal ``code``: callers taking codes from people need ids."""
    return _id_by_code(uow, company_id, Journal, "journal", code)


def _id_by_code(
    uow: UnitOfWork, company_id: int, model: type[Account | Journal], kind: str, code: str
) -> int:
    with uow:
        found = uow.session.scalar(
            select(model.id).where(model.company_id == company_id, model.code == code)
        )
    if found is None:
        raise NotFound(kind, code, field=kind)
    return int(found)
