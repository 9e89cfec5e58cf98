"""Taxes: create and change, with the names translated for documents.

The rules that need no database are ``domain.commands.taxes.checked_tax``; this
module checks the accounts are the company's and the (name, usage) pair is free,
and stores the translated names as JSON text ``{"es": ..., "zh": ...}``.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.commands.changes import merged
from asiento.domain.commands.taxes import NewTax, TaxChanges, checked_tax
from asiento.services.access import principal as access
from asiento.services.reference.unique_keys import require_free
from asiento.services.reference.views import TaxView, view_of
from asiento.store.locks import lock_scoped
from asiento.store.query import get_scoped
from asiento.store.tables import Account, Tax
from asiento.store.uow import UnitOfWork

_FIELDS = (
    "name",
    "amount",
    "tax_account_id",
    "usage",
    "amount_type",
    "price_include",
    "include_base_amount",
    "base_account_id",
    "tax_group",
    "sequence",
    "active",
    "legal_mention",
    "exemption_reason",
    "vat_category",
    "exemption_reason_code",
)


def tax_view(row: Tax) -> TaxView:
    return view_of(TaxView, row)


def tax_name_in(tax: Tax | TaxView, lang: str) -> str:
    """The tax's name in ``lang`` when translated, else its name."""
    names = json.loads(tax.name_translations) if tax.name_translations else {}
    return str(names.get(lang) or tax.name)


def create_tax(uow: UnitOfWork, company_id: int, cmd: NewTax) -> TaxView:
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        row = Tax(company_id=company_id, **_columns(s, company_id, cmd, None))
        s.add(row)
        s.flush()
        view = tax_view(row)
        uow.commit()
        return view


def update_tax(uow: UnitOfWork, company_id: int, tax_id: int, changes: TaxChanges) -> TaxView:
    """Apply ``changes`` to the tax, read under a row lock; the whole result is checked."""
    access.require(Permission.SETTINGS, company_id)
    with uow:
        s = uow.session
        row = lock_scoped(s, Tax, company_id, tax_id, "tax")
        current = NewTax(
            **{name: getattr(row, name) for name in _FIELDS},
            name_translations=json.loads(row.name_translations) if row.name_translations else None,
        )
        for name, value in _columns(s, company_id, merged(current, changes), row.id).items():
            setattr(row, name, value)
        s.flush()
        view = tax_view(row)
        uow.commit()
        return view


def _columns(session: Session, company_id: int, cmd: NewTax, own_id: int | None) -> dict[str, Any]:
    cmd = checked_tax(cmd)
    get_scoped(session, Account, company_id, cmd.tax_account_id, "account")
    if cmd.base_account_id is not None:
        get_scoped(session, Account, company_id, cmd.base_account_id, "account")
    taken = select(Tax.id).where(
        Tax.company_id == company_id, Tax.name == cmd.name, Tax.usage == cmd.usage
    )
    require_free(session, taken, own_id, "tax", {"name": cmd.name, "usage": cmd.usage})
    names = cmd.name_translations
    return {name: getattr(cmd, name) for name in _FIELDS} | {
        "name_translations": json.dumps(names, ensure_ascii=False) if names else ""
    }
