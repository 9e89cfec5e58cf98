"""The demo company's admin: a random password and a token, printed once by ``demo load``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from asiento.services.access import tokens, users
from asiento.store.uow import UnitOfWork

DEMO_ADMIN = "admin@demo.test"


@dataclass(frozen=True, slots=True)
class DemoAdmin:
    email: str
    password: str
    token: str


def create_demo_admin(uow: UnitOfWork, company_id: int) -> DemoAdmin:
    password = secrets.token_urlsafe(12)
    users.create_user(uow, company_id, DEMO_ADMIN, password, "admin", "Demo admin")
    token = tokens.create_token(uow, company_id, DEMO_ADMIN, name="demo").token
    return DemoAdmin(DEMO_ADMIN, password, token)
