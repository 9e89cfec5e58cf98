"""/settings/imports: bring partners, products, the chart and opening balances in, and out.

Upload -> preview -> confirm. The preview checks every row (nothing is
written) and shows each problem with its row and column; when there is none,
the confirm form carries the same file (base64 in a multipart field, under the
upload limit) and the import runs again, all or nothing, as the API's does.
Exports download the same layouts. Who may import what is the services'
rule: a refused role gets the 403 page.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from asiento.domain.book_imports import KINDS
from asiento.domain.errors import AsientoError, InvalidInput
from asiento.http.deps import UowDep
from asiento.http.uploads import max_upload_bytes, read_upload
from asiento.services.imports.runner import ImportResult, export_book, import_book, valid_kind
from asiento.web import session
from asiento.web.deps import Csrf, PagePrincipal
from asiento.web.i18n import gettext
from asiento.web.pages.settings import refused
from asiento.web.templating import render

router = APIRouter()
PREVIEW_ROWS = 200
"""Rows listed in a preview; every problem is listed whatever the count."""


def _page(
    request: Request,
    kind: str = "partners",
    result: ImportResult | None = None,
    content: bytes = b"",
    filename: str = "",
    error: str = "",
    status: int = 200,
) -> Response:
    return render(
        request, "settings/imports.html", status_code=status, kinds=KINDS, kind=kind,
        result=result, shown=PREVIEW_ROWS, filename=filename, error=error,
        content=base64.b64encode(content).decode("ascii") if result else "",
    )  # fmt: skip


@router.get("/settings/imports")
def show_imports(request: Request, principal: PagePrincipal) -> Response:
    return _page(request)


@router.post("/settings/imports/preview", dependencies=[Csrf])
def preview(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Check every row of the file and show the preview; nothing is written."""
    try:
        content = read_upload(file)
        result = import_book(uow, principal.company_id, valid_kind(kind), content,
                             file.filename, dry_run=True)  # fmt: skip
    except AsientoError as exc:
        return _page(request, kind, error=refused(exc), status=exc.status)
    return _page(request, kind, result, content, file.filename or "")


@router.post("/settings/imports/confirm", dependencies=[Csrf])
def confirm(
    request: Request,
    uow: UowDep,
    principal: PagePrincipal,
    kind: Annotated[str, Form()],
    content: Annotated[str, Form(max_length=2 * max_upload_bytes())],
    filename: Annotated[str, Form()] = "",
) -> Response:
    """Import the previewed file: all or nothing."""
    try:
        data = _decoded(content)
        result = import_book(uow, principal.company_id, valid_kind(kind), data, filename or None)
    except AsientoError as exc:
        return _page(request, kind, error=refused(exc), status=exc.status)
    message = gettext("Imported %(count)s rows: %(summary)s.")
    return session.flashed(
        "/settings/imports", message % {"count": len(result.rows), "summary": result.summary}
    )


def _decoded(content: str) -> bytes:
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            "the previewed file was altered: upload it again", field="file"
        ) from None


@router.get("/settings/imports/export/{kind}")
def export(uow: UowDep, principal: PagePrincipal, kind: str, format: str = "csv") -> Response:
    """Download a list in its import layout."""
    out = export_book(uow, principal.company_id, kind, format)
    disposition = f'attachment; filename="{out.filename}"'
    return Response(
        out.content, media_type=out.media_type, headers={"Content-Disposition": disposition}
    )
