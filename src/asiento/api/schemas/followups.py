"""Follow-up schemas: levels, runs and their reminders, history, disputes, holds."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from asiento.domain.commands.followup_levels import LevelChanges, LevelInput
from asiento.wire.common import Amount, Patch, Public
from asiento.wire.types import Day, Id, SmallInt, Text


class LevelCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sequence: SmallInt
    name: Text = Field(min_length=1, max_length=100)
    days: SmallInt
    send_email: bool = False
    send_letter: bool = False
    manual_call: bool = False
    email_subject: Text = Field("", max_length=200)
    email_body: Text = ""

    def command(self) -> LevelInput:
        return LevelInput(**self.model_dump())


class LevelUpdate(Patch):
    sequence: SmallInt | None = None
    name: Text | None = Field(None, min_length=1, max_length=100)
    days: SmallInt | None = None
    send_email: bool | None = None
    send_letter: bool | None = None
    manual_call: bool | None = None
    email_subject: Text | None = Field(None, max_length=200)
    email_body: Text | None = None

    def command(self) -> LevelChanges:
        return LevelChanges(**self.changes())


class LevelPublic(Public):
    id: int
    sequence: int
    name: str
    days: int
    send_email: bool
    send_letter: bool
    manual_call: bool
    email_subject: str
    email_body: str


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: Day | None = Field(None, description="run date; today when omitted")
    dry_run: bool = False


class ReminderLinePublic(Public):
    item_id: int
    number: str
    ref: str
    date: dt.date
    due_date: dt.date
    days_overdue: int
    original: Amount
    residual: Amount
    kind: str
    overdue: bool


class OutcomePublic(Public):
    channel: str
    status: str
    error: str


class ReminderPublic(Public):
    partner_id: int
    partner_name: str
    email: str | None
    level_name: str
    level_days: int
    channels: list[str]
    lines: list[ReminderLinePublic]
    currency: str
    total_due: Amount
    total_overdue: Amount
    outcomes: list[OutcomePublic]


class CallTodoPublic(Public):
    partner_id: int
    partner_name: str
    level_name: str
    total_overdue: Amount


class RunPublic(Public):
    as_of: dt.date
    dry_run: bool
    reminders: list[ReminderPublic]
    todos: list[CallTodoPublic]
    skipped: dict[str, int]


class HistoryPublic(Public):
    id: int
    partner_id: int
    level_id: int | None
    level_name: str
    level_days: int
    date: dt.date
    channel: str
    status: str
    error: str
    currency: str
    total_due: Amount
    total_overdue: Amount


class DisputeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: Id
    note: Text = ""


class DisputePublic(Public):
    item_id: int
    note: str


class HoldIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Text = ""


class HoldPublic(Public):
    partner_id: int
    note: str
