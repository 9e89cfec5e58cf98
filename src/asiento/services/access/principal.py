"""Who is acting in this call, and the one check every write use case makes.

The API authenticates each request and binds its principal to the request's
context (``set_principal``); services call ``require(permission, company_id)``
before they change anything, so a clerk's token cannot post a manual entry
through any surface. With no principal set the caller is the local operator
(the CLI and library use, which already hold the database credentials) and
everything is allowed: the network surface always sets one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from asiento.domain.access import Permission, Principal
from asiento.domain.errors import Forbidden

_acting: ContextVar[Principal | None] = ContextVar("asiento_principal", default=None)


def current() -> Principal | None:
    return _acting.get()


def set_principal(principal: Principal | None) -> None:
    """Set the principal for the rest of the current context (one API request)."""
    _acting.set(principal)


def require(permission: Permission, company_id: int | None = None) -> None:
    """Raise ``Forbidden`` unless the acting principal may do ``permission`` in ``company_id``."""
    principal = _acting.get()
    if principal is None:
        return
    if company_id is not None and company_id != principal.company_id:
        raise Forbidden(f"this credential is not valid for company {company_id}")
    principal.require(permission)


def actor() -> tuple[int | None, str]:
    """(user id, display name) of whoever is acting, for the audit log."""
    principal = _acting.get()
    if principal is None:
        return None, "local operator"
    return principal.user_id, principal.name or f"user {principal.user_id}"


P = ParamSpec("P")
R = TypeVar("R")


def requires(permission: Permission) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator for ``use_case(uow, company_id, ...)``: ``require`` before anything runs."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            company_id = kwargs.get("company_id", args[1] if len(args) > 1 else None)
            require(permission, company_id if isinstance(company_id, int) else None)
            return fn(*args, **kwargs)

        return checked

    return wrap
