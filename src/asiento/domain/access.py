"""Roles and what they may do, as data.

Four roles per company membership (and per API token, which may narrow the
user's role but never widen it):

    - admin: everything, including settings and users;
    - accountant: everything in the ledger: post, reverse, reconcile, lock
      dates, statements; no users;
    - billing_clerk: draft invoices and bills, register payments, read; no
      posting of manual entries, no settings;
    - auditor: read-only (reports, verify).

Invariant: every permission a role has is listed in ``ROLE_PERMISSIONS``;
nothing is allowed by default.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from asiento.domain.errors import Forbidden, InvalidInput


class Role(StrEnum):
    ADMIN = "admin"
    ACCOUNTANT = "accountant"
    BILLING_CLERK = "billing_clerk"
    AUDITOR = "auditor"


class Permission(StrEnum):
    READ = "read"
    ENTRY_WRITE = "entry.write"
    ENTRY_POST = "entry.post"
    INVOICE_WRITE = "invoice.write"
    INVOICE_POST = "invoice.post"
    PAYMENT_WRITE = "payment.write"
    RECONCILE = "reconcile"
    STATEMENT_WRITE = "statement.write"
    ORDER_WRITE = "order.write"
    LOCK_DATE = "lock_date"
    SETTINGS = "settings"
    USERS = "users"


_CLERK: Final = frozenset(
    {Permission.READ, Permission.INVOICE_WRITE, Permission.PAYMENT_WRITE, Permission.ORDER_WRITE}
)
_ACCOUNTANT: Final = frozenset(Permission) - {Permission.SETTINGS, Permission.USERS}

ROLE_PERMISSIONS: Final[dict[Role, frozenset[Permission]]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ACCOUNTANT: _ACCOUNTANT,
    Role.BILLING_CLERK: _CLERK,
    Role.AUDITOR: frozenset({Permission.READ}),
}

RANK: Final = {Role.AUDITOR: 0, Role.BILLING_CLERK: 1, Role.ACCOUNTANT: 2, Role.ADMIN: 3}


def parse_role(value: str, *, field: str = "role") -> Role:
    try:
        return Role(value)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"{field}: unknown role {value!r} (one of {names})", field=field
        ) from None


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def narrower(token_role: Role, member_role: Role) -> Role:
    """A token's effective role: never more than its user's membership role."""
    return token_role if RANK[token_role] <= RANK[member_role] else member_role


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: a user, in one company, with one role.

    ``by_password`` is true for a browser session, opened with the person's
    own password; a bearer token is not, since an admin may issue one for
    any member of their company. Only a password-opened credential speaks
    for the person beyond its company (see ``administered_by``).
    """

    user_id: int
    company_id: int
    role: Role
    name: str = ""
    by_password: bool = False

    def require(self, permission: Permission) -> None:
        if not allows(self.role, permission):
            message = f"role {self.role.value} may not {permission.value.replace('.', ' ')}"
            raise Forbidden(message)
