"""Schemas of invoice documents, sending and batch actions."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from asiento.services.invoicing.invoice_batch import BatchSelection
from asiento.services.invoicing.invoice_inputs import InvoiceFilter


class BatchFilterIn(BaseModel):
    """Which invoices a batch visits when no ids are given."""

    model_config = ConfigDict(extra="forbid")

    move_type: str | None = None
    state: str | None = None
    partner_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class BatchIn(BaseModel):
    """Explicit ``ids`` or a ``filter`` (``{"state": "draft"}`` for every draft)."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] = Field(default_factory=list, max_length=100_000)
    filter: BatchFilterIn | None = None

    def selection(self) -> BatchSelection:
        f = InvoiceFilter(**self.filter.model_dump()) if self.filter else None
        return BatchSelection(ids=tuple(self.ids), filter=f)


class BatchFailureOut(BaseModel):
    id: int
    number: str | None
    reason: str


class BatchOut(BaseModel):
    action: str
    done: list[int]
    failed: list[BatchFailureOut]


class SentOut(BaseModel):
    id: int
    number: str | None
    to: str
    sent_at: dt.datetime


class EmailPreviewOut(BaseModel):
    """What ``POST /invoices/{id}/send`` would send; edit subject/body and send them back."""

    id: int
    to: str
    subject: str
    body: str
    attachment: str
    language: str


class SendIn(BaseModel):
    """Optional edits of the preview; what is left out comes from the template."""

    model_config = ConfigDict(extra="forbid")
    to: str | None = Field(default=None, max_length=254)
    subject: str | None = Field(default=None, max_length=500)
    body: str | None = Field(default=None, max_length=20_000)
