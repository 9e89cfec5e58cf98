"""/bills: vendor bills with their Should Be Paid verdict; ``?to_pay=true`` lists bills to pay.

``POST /bills/import`` turns received e-invoices into draft bills (``services.invoicing.
bill_imports``); ``/bills/{id}/einvoice`` shows where a bill came from and serves the file.
"""

from __future__ import annotations

import hashlib
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Response, UploadFile, status
from pydantic import BaseModel

from asiento.api.idempotency import IdempotencyDep, run
from asiento.api.routers.common import Cursor, Limit
from asiento.api.schemas.bill_imports import BillImportPublic, ImportBatchPublic
from asiento.api.schemas.purchasing import BillPublic, ShouldBePaidChangePublic, ShouldBePaidIn
from asiento.domain.errors import InvalidInput, NotFound
from asiento.http.deps import CompanyDep, UowDep
from asiento.http.uploads import read_upload
from asiento.services.invoicing import bill_import_views, bill_imports
from asiento.services.invoicing.bill_imports import ReceivedFile
from asiento.services.orders import should_be_paid
from asiento.wire.common import Page
from asiento.wire.types import Id, Text

router = APIRouter(prefix="/bills", tags=["bills"])
SCOPE = "bills.import"
MAX_FILES = 100


class ImportBillsRequest(BaseModel):
    """What an ``Idempotency-Key`` is bound to: each file's name and SHA-256, and the option."""

    files: list[tuple[str, str]]
    create_supplier: bool


@router.get("")
def list_bills(
    uow: UowDep,
    company_id: CompanyDep,
    to_pay: bool = False,
    should_be_paid_is: Text | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[BillPublic]:
    """``to_pay``: posted, not paid, Should Be Paid = yes; ``should_be_paid_is`` filters on it."""
    result = should_be_paid.list_bills(uow, company_id, to_pay, should_be_paid_is, cursor, limit)
    items = [BillPublic.model_validate(b) for b in result.bills]
    return Page(items=items, next_cursor=result.next_cursor)


@router.put("/{bill_id}/should-be-paid")
def set_should_be_paid(
    bill_id: Id, body: ShouldBePaidIn, uow: UowDep, company_id: CompanyDep
) -> BillPublic:
    """Set the verdict by hand; the change is recorded with the user and the time."""
    view = should_be_paid.set_should_be_paid(
        uow, company_id, bill_id, body.should_be_paid, body.reason, body.user
    )
    return BillPublic.model_validate(view)


@router.get("/{bill_id}/should-be-paid/history")
def should_be_paid_history(
    bill_id: Id, uow: UowDep, company_id: CompanyDep
) -> list[ShouldBePaidChangePublic]:
    rows = should_be_paid.should_be_paid_history(uow, company_id, bill_id)
    return [ShouldBePaidChangePublic.model_validate(r) for r in rows]


@router.post("/import", status_code=status.HTTP_201_CREATED, response_model=ImportBatchPublic)
def import_bills(
    idem: IdempotencyDep,
    files: Annotated[
        list[UploadFile],
        File(description="UBL, CII/XRechnung XML or Factur-X/ZUGFeRD PDF, one or many"),
    ],
    create_supplier: Annotated[
        bool, Form(description="create an unknown seller as a supplier instead of refusing")
    ] = False,
) -> Response:
    """Import received e-invoices as draft vendor bills (credit notes as vendor credit notes).

    201 with one result per file (the draft bill, its differences and warnings, or the file's
    refusal) when at least one bill was created; when none was, problem+json naming each
    file's refusal (an unknown supplier's offer, a duplicate's ``bill_id``).
    """
    received = [ReceivedFile(f.filename or "e-invoice", read_upload(f)) for f in files]
    if len(received) > MAX_FILES:
        raise InvalidInput(f"at most {MAX_FILES} files per import", field="files")
    request = ImportBillsRequest(
        files=[(r.name, hashlib.sha256(r.content).hexdigest()) for r in received],
        create_supplier=create_supplier,
    )
    return run(
        idem,
        SCOPE,
        request,
        lambda uow: ImportBatchPublic.of(
            bill_imports.import_or_refuse(uow, idem.company_id, received, create_supplier)
        ),
        status.HTTP_201_CREATED,
    )


@router.get("/{bill_id}/einvoice")
def bill_einvoice(bill_id: Id, uow: UowDep, company_id: CompanyDep) -> BillImportPublic:
    """The e-invoice a bill was imported from: file details, differences and warnings."""
    view = bill_import_views.bill_import(uow, company_id, bill_id)
    if view is None:
        raise NotFound("imported e-invoice of bill", bill_id)
    return BillImportPublic.of(view)


@router.get("/{bill_id}/einvoice/file", response_class=Response)
def bill_einvoice_file(bill_id: Id, uow: UowDep, company_id: CompanyDep) -> Response:
    """The original file, byte for byte, with its media type and name."""
    found = bill_import_views.original_file(uow, company_id, bill_id)
    disposition = f"attachment; filename*=UTF-8''{quote(found.name)}"
    return Response(
        found.content, media_type=found.media_type, headers={"Content-Disposition": disposition}
    )
