"""Company settings of purchasing and sales: policies, 3-way matching, tolerance, prepayment.

A company without a ``purchase_settings`` row uses the defaults of
``Settings()``. The rules (``domain.commands.purchase_settings.check_settings``)
are checked on the whole merged result before anything is written.
"""

from __future__ import annotations

from dataclasses import asdict, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.commands.changes import merged
from asiento.domain.commands.purchase_settings import Settings, SettingsChanges, check_settings
from asiento.services.access import principal as access
from asiento.store.locks import for_update, insert_ignore
from asiento.store.tables import PurchaseSettings
from asiento.store.uow import UnitOfWork

__all__ = [
    "FIELDS",
    "Settings",
    "SettingsChanges",
    "get_settings",
    "settings_in",
    "update_settings",
]

FIELDS = tuple(f.name for f in fields(Settings))


def settings_in(session: Session, company_id: int) -> Settings:
    row = session.scalar(select(PurchaseSettings).where(PurchaseSettings.company_id == company_id))
    if row is None:
        return Settings()
    return Settings(**{f: getattr(row, f) for f in FIELDS})


def get_settings(uow: UnitOfWork, company_id: int) -> Settings:
    with uow:
        return settings_in(uow.session, company_id)


@access.requires(Permission.SETTINGS)
def update_settings(uow: UnitOfWork, company_id: int, changes: SettingsChanges) -> Settings:
    """Change some settings; the result is checked as a whole before anything is written."""
    with uow:
        s = uow.session
        # the row exists (concurrent first writers do not collide) and is locked before the merge
        insert_ignore(s, PurchaseSettings.__table__, {"company_id": company_id})
        mine = select(PurchaseSettings).where(PurchaseSettings.company_id == company_id)
        row = s.scalars(for_update(s, mine).execution_options(populate_existing=True)).one()
        result = check_settings(merged(settings_in(s, company_id), changes))
        for key, value in asdict(result).items():
            setattr(row, key, value)
        uow.commit()
        return result
