"""Received e-invoices in the browser: upload on the bills page, the result per file, the file.

The upload imports each file as a draft bill (``services.invoicing.bill_imports``) and shows
one row per file: the draft it became, with its differences and warnings, or why it was refused.
A file refused for an unknown supplier carries a button that creates the supplier and imports
the same file again (the file travels back in the form, base64, so nothing is kept half-done).
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from asiento.domain.errors import InvalidInput
from asiento.http.deps import UowDep
from asiento.http.uploads import read_upload
from asiento.services.invoicing.bill_import_views import original_file
from asiento.services.invoicing.bill_imports import ImportOutcome, ReceivedFile, import_bills
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.templating import render

router = APIRouter()
RETRY_LIMIT = 10 * 1024 * 1024


def _result_page(
    request: Request, outcomes: list[ImportOutcome], files: list[ReceivedFile]
) -> Response:
    retry = {
        f.name: base64.b64encode(f.content).decode() for f in files if len(f.content) <= RETRY_LIMIT
    }
    made = any(o.created for o in outcomes)
    return render(
        request,
        "invoices/bill_import.html",
        status_code=201 if made else 422,
        outcomes=outcomes,
        retry=retry,
    )


@router.post("/bills/import", dependencies=[Csrf])
def upload(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    files: Annotated[list[UploadFile], File()],
    create_supplier: Annotated[str, Form()] = "",
) -> Response:
    """Import the uploaded e-invoices and show what became of each."""
    received = [ReceivedFile(f.filename or "e-invoice", read_upload(f)) for f in files]
    outcomes = import_bills(uow, principal.company_id, received, bool(create_supplier))
    return _result_page(request, outcomes, received)


@router.post("/bills/import/create-supplier", dependencies=[Csrf])
def create_supplier_and_import(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    file_name: Annotated[str, Form(max_length=255)],
    content: Annotated[str, Form()],
) -> Response:
    """The offered button: create the unknown supplier and import the same file again."""
    try:
        raw = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput(
            "the file did not come back intact; upload it again", field="content"
        ) from exc
    received = [ReceivedFile(file_name, raw)]
    outcomes = import_bills(uow, principal.company_id, received, create_supplier=True)
    return _result_page(request, outcomes, received)


@router.get("/bills/{invoice_id:int}/einvoice")
def download(invoice_id: int, uow: UowDep, principal: PagePrincipal) -> Response:
    """The original e-invoice file of an imported bill."""
    found = original_file(uow, principal.company_id, invoice_id)
    disposition = f"attachment; filename*=UTF-8''{quote(found.name)}"
    return Response(
        found.content, media_type=found.media_type, headers={"Content-Disposition": disposition}
    )
