"""Imported e-invoices: per-file outcomes of ``POST /bills/import`` and a bill's import details."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from asiento.services.invoicing.bill_import_views import BillImportView
from asiento.services.invoicing.bill_imports import ImportOutcome


class DifferencePublic(BaseModel):
    """Document vs parts (or vs draft): business term, what, where, stated and computed."""

    term: str
    label: str
    where: str
    stated: str
    computed: str
    message: str


class WarningPublic(BaseModel):
    term: str
    message: str


class ImportResultPublic(BaseModel):
    """One file: the draft bill it became (``bill_id``) or its ``refusal`` (code, reason, ...)."""

    model_config = ConfigDict(from_attributes=True)
    file_name: str
    bill_id: int | None
    kind: str | None
    document_number: str | None
    partner_id: int | None
    partner_name: str | None
    differences: list[DifferencePublic]
    warnings: list[WarningPublic]
    refusal: dict[str, Any] | None

    @classmethod
    def of(cls, outcome: ImportOutcome) -> ImportResultPublic:
        return cls.model_validate(outcome)


class ImportBatchPublic(BaseModel):
    created: int
    refused: int
    results: list[ImportResultPublic]

    @classmethod
    def of(cls, outcomes: list[ImportOutcome]) -> ImportBatchPublic:
        made = sum(1 for o in outcomes if o.created)
        return cls(
            created=made,
            refused=len(outcomes) - made,
            results=[ImportResultPublic.of(o) for o in outcomes],
        )


class BillImportPublic(BaseModel):
    """Where a bill came from: the original file (download at ``.../einvoice/file``) and checks."""

    model_config = ConfigDict(from_attributes=True)
    invoice_id: int
    file_name: str
    media_type: str
    sha256: str
    size: int
    syntax: str
    specification_id: str | None
    document_number: str
    iban: str | None
    bic: str | None
    payment_reference: str | None
    differences: list[DifferencePublic]
    warnings: list[WarningPublic]

    @classmethod
    def of(cls, view: BillImportView) -> BillImportPublic:
        return cls.model_validate(view)
