"""/verify: walk each journal's hash chain."""

from __future__ import annotations

from fastapi import APIRouter

from asiento.api.schemas.entries import JournalCheckPublic, VerifyPublic
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.ledger.verify import verify_chains

router = APIRouter(prefix="/verify", tags=["entries"])


@router.get("")
def verify(uow: UowDep, company_id: CompanyDep) -> VerifyPublic:
    checks = [
        JournalCheckPublic(
            journal_id=c.journal_id,
            journal_code=c.journal_code,
            entries=c.entries,
            ok=c.ok,
            detail=None if c.broken is None else f"{c.broken.number}: {c.broken.reason}",
        )
        for c in verify_chains(uow, company_id)
    ]
    return VerifyPublic(ok=all(c.ok for c in checks), journals=checks)
