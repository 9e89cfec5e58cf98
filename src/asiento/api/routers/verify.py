"""/verify: walk each journal's hash chain, then check documents against the ledger."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from asiento.api.schemas.entries import (
    DocumentBreakPublic,
    DocumentCheckPublic,
    JournalCheckPublic,
    VerifyPublic,
)
from asiento.http.deps import CompanyDep, UowDep
from asiento.services.ledger.verify import verify_chains
from asiento.services.ledger.verify_documents import verify_documents

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
    docs = verify_documents(uow, company_id)
    documents = DocumentCheckPublic(
        ok=docs.ok,
        invoices=docs.invoices,
        payments=docs.payments,
        items=docs.items,
        first_broken=None if docs.broken is None else DocumentBreakPublic(**asdict(docs.broken)),
    )
    return VerifyPublic(
        ok=all(c.ok for c in checks) and docs.ok, journals=checks, documents=documents
    )
