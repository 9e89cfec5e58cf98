"""Company settings of purchasing and sales: policies, 3-way matching, tolerance, prepayment.

A company without a ``purchase_settings`` row uses the defaults of
``Settings()``. 3-way matching is refused unless the default bill policy is
"received quantities": under "ordered quantities" a bill legitimately comes
before the goods, so matching it against receipts would flag every bill.

Invariants:
    - ``bill_policy`` is ordered|received, ``invoice_policy`` ordered|delivered;
    - ``three_way_matching`` implies ``bill_policy == "received"``;
    - ``0 <= receipt_tolerance_pct <= 100``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain import purchasing as rules
from asiento.domain.access import Permission
from asiento.domain.errors import InvalidInput
from asiento.services.access import principal as access
from asiento.store.locks import for_update, insert_ignore
from asiento.store.tables import PurchaseSettings
from asiento.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Settings:
    bill_policy: str = "ordered"
    invoice_policy: str = "ordered"
    three_way_matching: bool = False
    block_payment_on_exception: bool = False
    receipt_tolerance_pct: Decimal = Decimal(0)
    wait_for_payment: bool = False
    einvoice_strict_buyer: bool = False
    """Refuse an imported e-invoice addressed to another buyer (else a warning on the draft)."""


FIELDS = tuple(Settings.__dataclass_fields__)


def settings_in(session: Session, company_id: int) -> Settings:
    row = session.scalar(select(PurchaseSettings).where(PurchaseSettings.company_id == company_id))
    if row is None:
        return Settings()
    return Settings(**{f: getattr(row, f) for f in FIELDS})


def check_settings(s: Settings) -> Settings:
    rules.require_bill_policy(s.bill_policy)
    rules.require_invoice_policy(s.invoice_policy)
    if s.three_way_matching and s.bill_policy != "received":
        raise InvalidInput(
            "3-way matching compares each bill with the goods received, so bills must "
            "follow received quantities, but the bill control policy is 'ordered "
            "quantities': switch the bill control policy to 'received quantities' "
            "to turn 3-way matching on",
            field="three_way_matching",
        )
    pct = s.receipt_tolerance_pct
    if not pct.is_finite() or not 0 <= pct <= 100:
        raise InvalidInput(
            f"receipt_tolerance_pct must be between 0 and 100, got {pct}",
            field="receipt_tolerance_pct",
        )
    return s


def get_settings(uow: UnitOfWork, company_id: int) -> Settings:
    with uow:
        return settings_in(uow.session, company_id)


@access.requires(Permission.SETTINGS)
def update_settings(uow: UnitOfWork, company_id: int, **changes: Any) -> Settings:
    """Change some settings; the result is checked as a whole before anything is written."""
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"unknown setting {unknown[0]!r}", field=unknown[0])
    with uow:
        s = uow.session
        # the row exists (concurrent first writers do not collide) and is locked before the merge
        insert_ignore(s, PurchaseSettings.__table__, {"company_id": company_id})
        mine = select(PurchaseSettings).where(PurchaseSettings.company_id == company_id)
        row = s.scalars(for_update(s, mine).execution_options(populate_existing=True)).one()
        merged = check_settings(replace(settings_in(s, company_id), **changes))
        for key, value in asdict(merged).items():
            setattr(row, key, value)
        uow.commit()
        return merged
