"""An admin changes a member's role, or deactivates (and reactivates) a membership.

Only the membership in the admin's company changes: the person, their
password and their other companies are untouched.

Invariants:
    - the change is made under a row lock on the membership, and every
      company keeps at least one active admin (the last one can be neither
      demoted nor deactivated), checked under a lock on the company's admin
      memberships, so two admins cannot demote each other at once;
    - every change is in the company's audit log, with before and after.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from asiento.domain.access import Permission, Role, parse_role
from asiento.domain.errors import NotFound, StateConflict
from asiento.services.access import audit, users
from asiento.services.access import principal as access
from asiento.store.tables import Membership, User
from asiento.store.uow import UnitOfWork


def _lock_admins(session: Session, company_id: int) -> list[int]:
    """Lock the company's active admin memberships, in id order (no deadlock between admins)."""
    return list(
        session.scalars(
            select(Membership.user_id)
            .where(
                Membership.company_id == company_id,
                Membership.role == Role.ADMIN.value,
                Membership.active.is_(True),
            )
            .order_by(Membership.id)
            .with_for_update()
        )
    )


def _locked_member(session: Session, company_id: int, user_id: int) -> Membership | None:
    return session.scalars(
        select(Membership)
        .where(Membership.company_id == company_id, Membership.user_id == user_id)
        .with_for_update()
    ).first()


def update_member(
    uow: UnitOfWork,
    company_id: int,
    user_id: int,
    *,
    role: str | None = None,
    active: bool | None = None,
) -> users.UserView:
    """Set the member's ``role`` and/or ``active`` in ``company_id``; ``None`` keeps it."""
    wanted = parse_role(role) if role is not None else None
    access.require(Permission.USERS, company_id)
    with uow:
        s = uow.session
        admins = _lock_admins(s, company_id)
        member, user = _locked_member(s, company_id, user_id), s.get(User, user_id)
        if member is None or user is None:
            raise NotFound("user", user_id)
        before = {"role": member.role, "active": member.active}
        after = {
            "role": wanted.value if wanted else member.role,
            "active": member.active if active is None else active,
        }
        stays_admin = after["role"] == Role.ADMIN.value and after["active"]
        was_admin = member.role == Role.ADMIN.value and member.active
        if was_admin and not stays_admin and admins == [user_id]:
            raise StateConflict(f"{user.email} is the company's last active admin")
        if after != before:
            member.role, member.active = str(after["role"]), bool(after["active"])
            audit.record_in(
                s, company_id, "user.update", "user", user_id, before=before, after=after
            )
        view = users.view_in(user, member)
        uow.commit()
        return view
