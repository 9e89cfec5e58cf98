"""Schemas of invoice documents, sending and batch actions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from asiento.services.invoicing.invoice_batch import BatchSelection
from asiento.services.invoicing.invoice_inputs import InvoiceFilter
from asiento.wire.types import Day, Id, Text, Timestamp


class BatchFilterIn(BaseModel):
    """Which invoices a batch visits when no ids are given."""

    model_config = ConfigDict(extra="forbid")

    kind: Text | None = None
    state: Text | None = None
    partner_id: Id | None = None
    date_from: Day | None = None
    date_to: Day | None = None


class BatchIn(BaseModel):
    """Explicit ``ids`` or a ``filter`` (``{"state": "draft"}`` for every draft)."""

    model_config = ConfigDict(extra="forbid")

    ids: list[Id] = Field(default_factory=list, max_length=100_000)
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
    sent_at: Timestamp


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
    to: Text | None = Field(default=None, max_length=254)
    subject: Text | None = Field(default=None, max_length=500)
    body: Text | None = Field(default=None, max_length=20_000)
