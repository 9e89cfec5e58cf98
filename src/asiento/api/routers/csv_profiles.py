"""/journals/{journal_id}/csv-profiles: a bank journal's CSV mappings, built-ins, preview."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile, status

from asiento.domain.errors import InvalidInput
from asiento.http.deps import CompanyDep, UowDep
from asiento.http.uploads import read_upload
from asiento.importers.csv_profiles import BUILTIN_PROFILES
from asiento.services.bank import statement_profiles

router = APIRouter(prefix="/journals/{journal_id}/csv-profiles", tags=["statements"])


@router.get("")
def list_profiles(journal_id: int, uow: UowDep, company_id: CompanyDep) -> dict[str, Any]:
    """The journal's saved profiles (full definitions) and the built-in names."""
    saved = statement_profiles.journal_profiles(uow, company_id, journal_id)
    return {"saved": [p.to_dict() for p in saved], "builtin": sorted(BUILTIN_PROFILES)}


@router.put("/{name}")
def save_profile(
    journal_id: int, name: str, body: dict[str, Any], uow: UowDep, company_id: CompanyDep
) -> dict[str, Any]:
    """Create or replace the profile ``name`` (the body is a profile definition)."""
    profile = statement_profiles.save_profile(uow, company_id, journal_id, {**body, "name": name})
    return profile.to_dict()


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT)
def delete_profile(journal_id: int, name: str, uow: UowDep, company_id: CompanyDep) -> Response:
    statement_profiles.delete_profile(uow, company_id, journal_id, name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/preview")
def preview(
    journal_id: int,
    uow: UowDep,
    company_id: CompanyDep,
    file: Annotated[UploadFile, File(description="a CSV export to read")],
    profile: Annotated[str, Form(description="a profile name, or a definition as JSON")],
    rows: Annotated[int, Form(ge=1, le=100)] = 10,
) -> dict[str, Any]:
    """The first ``rows`` lines the profile reads from the file; nothing is saved."""
    chosen: str | dict[str, Any] = profile
    if profile.lstrip().startswith("{"):
        try:
            chosen = json.loads(profile)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"profile is not JSON: {exc}", field="profile") from None
    result = statement_profiles.preview_profile(
        uow, company_id, journal_id, read_upload(file), chosen, rows
    )
    return {
        "profile": result.profile,
        "statements": result.statements,
        "total_lines": result.total_lines,
        "opening_balance": _text(result.opening_balance),
        "closing_balance": _text(result.closing_balance),
        "lines": [
            {
                "date": line.date.isoformat(),
                "value_date": line.value_date.isoformat() if line.value_date else None,
                "amount": str(line.amount),
                "currency": line.currency,
                "counterparty_name": line.counterparty_name,
                "counterparty_iban": line.counterparty_iban,
                "communication": line.communication,
                "reference": line.reference,
            }
            for line in result.lines
        ],
    }


def _text(value: object) -> str | None:
    return None if value is None else str(value)
