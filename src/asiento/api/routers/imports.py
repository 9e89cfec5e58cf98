"""/imports and /exports: partners, products, the chart and opening balances as CSV or XLSX."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from asiento.api.idempotency import IdempotencyDep, run
from asiento.api.schemas.imports import BookKind, ExportFormat, ImportPublic, ImportRequest
from asiento.http.deps import CompanyDep, UowDep
from asiento.http.uploads import read_upload
from asiento.services.imports.runner import export_book, import_book

router = APIRouter(tags=["imports"])
SCOPE = "imports"


@router.post(
    "/imports/{kind}",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportPublic,
    responses={200: {"model": ImportPublic, "description": "the preview of a dry run"}},
)
def import_file(
    idem: IdempotencyDep,
    kind: BookKind,
    file: Annotated[UploadFile, File(description="CSV or XLSX in the layout of the kind")],
    dry_run: Annotated[bool, Query(description="check every row, write nothing")] = False,
) -> Response:
    """Import a list, all or nothing (201), or preview it (``dry_run``: 200, every problem).

    A refused row refuses the file: 422 with ``errors[]`` naming ``row N, column``
    for every problem; nothing is stored. The same ``Idempotency-Key`` replays the result.
    """
    content = read_upload(file)
    request = ImportRequest(
        kind=kind.value,
        dry_run=dry_run,
        filename=file.filename,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return run(
        idem,
        SCOPE,
        request,
        lambda uow: ImportPublic.of(
            import_book(uow, idem.company_id, kind.value, content, file.filename, dry_run=dry_run)
        ),
        status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED,
    )


@router.get(
    "/exports/{kind}",
    response_class=Response,
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        }
    },
)
def export_file(
    uow: UowDep,
    company_id: CompanyDep,
    kind: BookKind,
    format: ExportFormat = ExportFormat.csv,
) -> Response:
    """The list in the layout its import reads (text guarded against spreadsheet formulas)."""
    out = export_book(uow, company_id, kind.value, format.value)
    return Response(
        out.content,
        media_type=out.media_type,
        headers={"Content-Disposition": f'attachment; filename="{out.filename}"'},
    )
