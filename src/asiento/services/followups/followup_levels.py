"""Follow-up levels of a company: create, change, delete, list, and the defaults.

Every change is checked against the company's whole set of levels, so the set
always escalates (``domain.followups.check_levels``) and every email template
renders; a refused change writes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from asiento.domain.access import Permission
from asiento.domain.commands.changes import merged
from asiento.domain.commands.followup_levels import LevelChanges, LevelInput, check_email_subject
from asiento.domain.followups import LevelRule, require_levels
from asiento.services.access import principal as access
from asiento.services.followups.followup_render import check_template
from asiento.store.locks import lock_scoped
from asiento.store.tables import FollowupHistory, FollowupLevel
from asiento.store.uow import UnitOfWork

FRIENDLY_BODY = """Dear {{ partner_name }},

Our records show the following amounts still open on your account:

{{ items_table }}

Net amount due: {{ total_due }} (overdue: {{ total_overdue }}).
If you have already paid, please ignore this message. Thank you!

{{ company_name }}"""

FIRM_BODY = """Dear {{ partner_name }},

Despite our earlier reminder, {{ total_overdue }} is overdue on your account:

{{ items_table }}

Net amount due: {{ total_due }}. Please pay within 8 days; a letter follows by post.

{{ company_name }}"""


@dataclass(frozen=True, slots=True)
class LevelView:
    """A follow-up level as the adapters show it."""

    id: int
    sequence: int
    name: str
    days: int
    send_email: bool
    send_letter: bool
    manual_call: bool
    email_subject: str
    email_body: str


DEFAULT_LEVELS = (
    LevelInput(
        1,
        "Friendly reminder",
        15,
        send_email=True,
        email_subject="Friendly reminder: {{ total_overdue }} overdue",
        email_body=FRIENDLY_BODY,
    ),
    LevelInput(
        2,
        "Second reminder",
        30,
        send_email=True,
        send_letter=True,
        email_subject="Second reminder: {{ total_overdue }} overdue",
        email_body=FIRM_BODY,
    ),
    LevelInput(3, "Final notice", 45, send_letter=True, manual_call=True),
)
EDITABLE = tuple(f.name for f in fields(LevelInput))


def level_view(row: FollowupLevel) -> LevelView:
    return LevelView(id=row.id, **{name: getattr(row, name) for name in EDITABLE})


def rule_of(row: FollowupLevel) -> LevelRule:
    return LevelRule(
        row.id,
        row.sequence,
        row.name,
        row.days,
        row.send_email,
        row.send_letter,
        row.manual_call,
    )


def level_rows(session: Session, company_id: int) -> list[FollowupLevel]:
    stmt = select(FollowupLevel).where(FollowupLevel.company_id == company_id)
    return list(session.scalars(stmt.order_by(FollowupLevel.sequence)))


def _check(
    session: Session, company_id: int, changed: FollowupLevel | None, new: LevelInput | None
) -> None:
    """Refuse ``new`` (replacing ``changed`` when given) unless the set still escalates."""
    others = [rule_of(r) for r in level_rows(session, company_id) if r is not changed]
    if new is not None:
        check_email_subject(new)
        check_template(new.email_subject, "email_subject")
        check_template(new.email_body, "email_body")
        others.append(
            LevelRule(0, **{k: v for k, v in asdict(new).items() if not k.startswith("email")})
        )
    require_levels(others)


@access.requires(Permission.SETTINGS)
def create_level(uow: UnitOfWork, company_id: int, cmd: LevelInput) -> LevelView:
    """Add a level; the whole set must still escalate."""
    with uow:
        _check(uow.session, company_id, None, cmd)
        row = FollowupLevel(company_id=company_id, **asdict(cmd))
        uow.session.add(row)
        uow.session.flush()
        view = level_view(row)
        uow.commit()
        return view


@access.requires(Permission.SETTINGS)
def update_level(
    uow: UnitOfWork, company_id: int, level_id: int, changes: LevelChanges
) -> LevelView:
    """Change some fields of a level, read under a row lock; the whole set must still escalate."""
    with uow:
        row = lock_scoped(uow.session, FollowupLevel, company_id, level_id, "follow-up level")
        current = LevelInput(**{f: getattr(row, f) for f in EDITABLE})
        new = merged(current, changes)
        _check(uow.session, company_id, row, new)
        for key, value in asdict(new).items():
            setattr(row, key, value)
        uow.session.flush()
        view = level_view(row)
        uow.commit()
        return view


@access.requires(Permission.SETTINGS)
def delete_level(uow: UnitOfWork, company_id: int, level_id: int) -> None:
    """Remove a level; history keeps its name and days and forgets the level, in the same
    transaction (the key to the level is composite, so the database cannot null it)."""
    with uow:
        row = lock_scoped(uow.session, FollowupLevel, company_id, level_id, "follow-up level")
        uow.session.execute(
            update(FollowupHistory)
            .where(FollowupHistory.company_id == company_id, FollowupHistory.level_id == row.id)
            .values(level_id=None)
        )
        uow.session.delete(row)
        uow.commit()


def list_levels(uow: UnitOfWork, company_id: int) -> list[LevelView]:
    with uow:
        return [level_view(r) for r in level_rows(uow.session, company_id)]


def seed_default_levels(uow: UnitOfWork, company_id: int) -> list[LevelView]:
    """15 days: friendly email; 30: email and letter; 45: letter and a call.

    Only when the company has no level yet: existing levels are never replaced.
    """
    with uow:
        if not level_rows(uow.session, company_id):
            uow.session.add_all(
                FollowupLevel(company_id=company_id, **asdict(cmd)) for cmd in DEFAULT_LEVELS
            )
            uow.commit()
    return list_levels(uow, company_id)
