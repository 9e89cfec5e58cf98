"""Reports: the catalogue, each report as HTML tables with its filters, and the exports.

The HTML view is paginated over the report's ``ReportTable`` rows: a ledger's
rows stream from the database cursor and a page reads only up to its last
row, so a general ledger of a million items never sits in memory. Exports are
``reports.export`` as in the API: CSV streams in its own read transaction,
XLSX and PDF are built whole (as the API builds them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from itertools import islice
from typing import Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from asiento.domain.errors import AsientoError, InvalidInput
from asiento.http.deps import UowDep
from asiento.reports import catalog, export
from asiento.services.reference import chart
from asiento.services.search.chosen import chosen_labels
from asiento.store.uow import UnitOfWork
from asiento.web.deps import PagePrincipal
from asiento.web.i18n import format_amount, gettext, language
from asiento.web.pages.report_forms import (
    INFO,
    ROW_LABELS,
    filters_of,
    report_info,
    report_request,
)
from asiento.web.templating import render

router = APIRouter()
PAGE_SIZE: Final = 200


@router.get("/reports")
def catalogue(request: Request, principal: PagePrincipal) -> Response:
    return render(request, "reports/index.html", reports=list(INFO.values()))


@router.get("/reports/{name}/export")
def export_report(
    request: Request, name: str, uow: UowDep, principal: PagePrincipal, format: str = "csv"
) -> Response:
    """The report as CSV (streamed), XLSX or PDF, with the page's filters."""
    report_info(name)
    if format not in export.EXPORT_FORMATS:
        raise InvalidInput("format must be csv, xlsx or pdf", field="format")
    values = filters_of(request.query_params, dt.date.today())
    req = report_request(principal.company_id, values)
    headers = {"Content-Disposition": f'attachment; filename="{name}-{req.date_to}.{format}"'}
    with uow:
        report = catalog.build(uow.session, name, req)
        if format != "csv":
            body = export.encode(catalog.table(uow.session, report), format, language())
            return Response(body, media_type=export.MEDIA_TYPES[format], headers=headers)
    return StreamingResponse(
        _csv_stream(uow, report), media_type=export.MEDIA_TYPES["csv"], headers=headers
    )


def _csv_stream(uow: UnitOfWork, report: Any) -> Iterator[str]:
    with uow:
        yield from export.iter_csv(catalog.table(uow.session, report))


@router.get("/reports/{name}")
def report_page(
    request: Request, name: str, uow: UowDep, principal: PagePrincipal, page: int = 1
) -> Response:
    """The filter form and one page of the report's rows."""
    info = report_info(name)
    values = filters_of(request.query_params, dt.date.today())
    context: dict[str, Any] = {
        "info": info,
        "values": values,
        "page": max(page, 1),
        "journals": chart.list_journals(uow, principal.company_id),
        "partner_label": _partner_label(uow, principal.company_id, values.get("partner_id", "")),
        "query": _query(values),
    }
    try:
        context.update(_rows(uow, principal.company_id, name, values, max(page, 1)))
    except AsientoError as exc:
        return render(request, "reports/report.html", status_code=exc.status, error=exc.message,
                      table=None, **context)  # fmt: skip
    return render(request, "reports/report.html", error="", **context)


def _rows(
    uow: UnitOfWork, company_id: int, name: str, values: dict[str, str], page: int
) -> dict[str, Any]:
    """The page's rows (one more read to know whether a next page exists)."""
    req = report_request(company_id, values)
    start = (page - 1) * PAGE_SIZE
    with uow:
        table = catalog.table(uow.session, catalog.build(uow.session, name, req))
        source = iter(table.rows)
        rows = list(islice(source, start, start + PAGE_SIZE + 1))
        close = getattr(source, "close", None)
        if close is not None:
            close()  # stop the database cursor of a streamed ledger
    shown = [[_cell(v) for v in row] for row in rows[:PAGE_SIZE]]
    numeric = [any(r[i][1] for r in shown) for i in range(len(table.columns))]
    return {"table": table, "rows": shown, "numeric": numeric, "has_next": len(rows) > PAGE_SIZE}


def _cell(value: Any) -> tuple[str, bool]:
    """(text, is an amount): amounts in the reader's notation, row labels translated."""
    if isinstance(value, Decimal):
        return format_amount(value), True
    if value in ROW_LABELS:
        return gettext(value), False
    return export.text(value), False


def _query(values: dict[str, str]) -> str:
    """The filters as a query string (for the pager and the export links)."""
    return urlencode({k: v for k, v in values.items() if v})


def _partner_label(uow: UnitOfWork, company_id: int, partner: str) -> str:
    """The name the partner picker shows for the filter's partner (only that one is read)."""
    if not partner.isdigit():
        return ""
    return chosen_labels(uow, company_id, [partner], [])[0].get(partner, "")
