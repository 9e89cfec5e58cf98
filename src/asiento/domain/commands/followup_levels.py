"""Commands for follow-up levels: a level (``LevelInput``) and the changes to one.

Whether a set of levels escalates is ``domain.followups.require_levels``; the
templates are checked where they are rendered (``services.followups``).
"""

from __future__ import annotations

from dataclasses import dataclass

from asiento.domain.commands.changes import UNSET, Unset
from asiento.domain.errors import InvalidFollowupLevel


@dataclass(frozen=True, slots=True)
class LevelInput:
    """A follow-up level; templates are Jinja text (see ``followup_render``)."""

    sequence: int
    name: str
    days: int
    send_email: bool = False
    send_letter: bool = False
    manual_call: bool = False
    email_subject: str = ""
    email_body: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LevelChanges:
    """The fields of a level to change; ``UNSET`` ones stay as they are."""

    sequence: int | Unset = UNSET
    name: str | Unset = UNSET
    days: int | Unset = UNSET
    send_email: bool | Unset = UNSET
    send_letter: bool | Unset = UNSET
    manual_call: bool | Unset = UNSET
    email_subject: str | Unset = UNSET
    email_body: str | Unset = UNSET


def check_email_subject(level: LevelInput) -> None:
    """A level that sends e-mail says what the e-mail is about."""
    if level.send_email and not level.email_subject.strip():
        raise InvalidFollowupLevel("an email level needs a subject", field="email_subject")
