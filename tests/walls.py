"""The attacker's world for the tenant-wall tests: two companies and a victim.

Company A is the attacker's (they are its admin); company B is the victim's,
where the attacker was never admitted. ``snapshot_of`` captures everything
of B an attack could change, so a test shows that nothing did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from asiento.services.access import users
from asiento.services.demo.seed import SeededCompany, seed_company
from asiento.store.tables import Base, Membership, User
from asiento.store.uow import UnitOfWork
from tests.builders.ledger import post_simple

PASSWORD = "correct horse battery"
B_NAME = "Victim Company SA"
ATTACKER = "mallory@a.test"
VICTIM = "victim@b.test"
B_ONLY = "bob@b.test"


@dataclass(frozen=True, slots=True)
class World:
    a: SeededCompany
    b: SeededCompany
    victim_id: int
    b_only_id: int
    b_entry_id: int


def build_world(uow: UnitOfWork, a: SeededCompany) -> World:
    """A (given) with its admin the attacker; B with its admin the victim, a clerk and an entry."""
    b = seed_company(uow, B_NAME, "EUR")
    users.create_user(uow, a.id, ATTACKER, PASSWORD, "admin", "Mallory")
    victim = users.create_user(uow, b.id, VICTIM, PASSWORD, "admin", "Victor")
    b_only = users.create_user(uow, b.id, B_ONLY, PASSWORD, "billing_clerk", "Bob")
    entry = post_simple(uow, b)
    return World(a, b, victim.id, b_only.id, entry.id)


def snapshot_of(uow: UnitOfWork, company_id: int) -> dict[str, Any]:
    """Rows per company-scoped table, the memberships and the members' password hashes."""
    with uow:
        s = uow.session
        counts = {
            t.name: int(
                s.scalar(select(func.count()).select_from(t).where(t.c.company_id == company_id))
                or 0
            )
            for t in Base.metadata.sorted_tables
            if "company_id" in t.c
        }
        members = s.execute(
            select(Membership.user_id, Membership.role, Membership.active)
            .where(Membership.company_id == company_id)
            .order_by(Membership.user_id)
        ).all()
        hashes = s.execute(
            select(User.id, User.password_hash, User.name)
            .where(User.id.in_([m[0] for m in members]))
            .order_by(User.id)
        ).all()
        return {"counts": counts, "members": [tuple(m) for m in members], "users": list(hashes)}
