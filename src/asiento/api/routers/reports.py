"""/reports/{name}: every report as JSON, or exported as CSV, XLSX or PDF.

The report's aggregates run (and bad filters are refused as problem+json)
before the response starts; CSV then streams the ledger lines in a second
read-only transaction, so a million-item general ledger never sits in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse, StreamingResponse

from asiento.domain.errors import InvalidInput
from asiento.http.deps import CompanyDep, UowDep
from asiento.reports import catalog, export
from asiento.reports.params import journal_key, parse_buckets
from asiento.store.uow import UnitOfWork
from asiento.wire.types import Day, Id, Text

router = APIRouter(prefix="/reports", tags=["reports"])

ReportName = StrEnum("ReportName", {n.replace("-", "_"): n for n in catalog.REPORTS})  # type: ignore[misc]


class ReportFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    pdf = "pdf"


def _request(company_id: int, q: dict[str, Any]) -> catalog.ReportRequest:
    as_of = q["as_of"] or q["date_to"]
    if as_of is None:
        raise InvalidInput("as_of (or date_to) is required", field="as_of")
    return catalog.ReportRequest(
        company_id,
        as_of,
        date_from=q["date_from"],
        journal=journal_key(q["journal"]),
        partner_id=q["partner_id"],
        account_from=q["account_from"],
        account_to=q["account_to"],
        include_draft=q["include_draft"],
        compare_from=q["compare_from"],
        compare_to=q["compare_to"],
        buckets=parse_buckets(q["buckets"]),
        partner_kind=q["kind"],
        box=q["box"],
        closing_entries=q["closing_entries"],
    )


@router.get("/{name}")
def read_report(
    name: ReportName,
    uow: UowDep,
    company_id: CompanyDep,
    as_of: Day | None = None,
    date_from: Day | None = None,
    date_to: Day | None = None,
    journal: Annotated[Text | None, Query(description="journal code or id")] = None,
    partner_id: Id | None = None,
    account_from: Annotated[Text | None, Query(description="first account code")] = None,
    account_to: Annotated[Text | None, Query(description="last account code")] = None,
    include_draft: bool = False,
    compare_from: Day | None = None,
    compare_to: Day | None = None,
    buckets: Annotated[
        Text | None, Query(description="aged: e.g. 30,60,90", max_length=100)
    ] = None,
    kind: Annotated[Text, Query(description="partner ledger: receivable|payable|all")] = "all",
    box: Annotated[
        Text | None, Query(description="tax-box-items: the box, e.g. 09", max_length=20)
    ] = None,
    closing_entries: Annotated[
        Text, Query(description="trial balance: year closing entries column|exclude|include")
    ] = "column",
    format: ReportFormat = ReportFormat.json,
) -> Response:
    """A report (``as_of`` = end of the period); ``format`` json, csv, xlsx or pdf."""
    req = _request(company_id, locals())
    report_name = str(name.value)
    with uow:
        report = catalog.build(uow.session, report_name, req)
        if format is ReportFormat.json:
            return JSONResponse(catalog.payload(uow.session, report))
        if format is not ReportFormat.csv:
            body = export.encode(catalog.table(uow.session, report), format.value)
            return Response(body, media_type=export.MEDIA_TYPES[format.value],
                            headers=_attachment(report_name, req, format.value))  # fmt: skip
    return StreamingResponse(
        _csv_stream(uow, report),
        media_type=export.MEDIA_TYPES["csv"],
        headers=_attachment(report_name, req, "csv"),
    )


def _csv_stream(uow: UnitOfWork, report: Any) -> Iterator[str]:
    with uow:
        yield from export.iter_csv(catalog.table(uow.session, report))


def _attachment(name: str, req: catalog.ReportRequest, ext: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}-{req.date_to}.{ext}"'}
