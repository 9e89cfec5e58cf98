"""Rendering pages: one Jinja2 environment, the layout's context, and the page response.

Every page gets ``user`` (who is logged in and their role), ``csrf`` (the
token forms must echo), ``lang``/``languages`` (the switcher), ``nav`` (the
sections this role may open) and a pending flash message. Amounts go through
the ``amount`` filter: locale-aware separators, fixed decimals, and the
template puts them in right-aligned ``num`` cells.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from asiento.domain.access import Permission, Principal, allows
from asiento.web import i18n, session

TEMPLATES: Final = Path(__file__).parent / "templates"
_csrf: ContextVar[str] = ContextVar("asiento_csrf", default="")


def csrf_token() -> str:
    """The page's CSRF token: a global, so macros imported without context see it too."""
    return _csrf.get()


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    label: str
    permission: Permission = Permission.READ


def _(message: str) -> str:
    """Marks a string for extraction; translated when the layout renders it."""
    return message


NAV: Final = (
    NavItem("/", _("Dashboard")),
    NavItem("/invoices", _("Invoices")),
    NavItem("/bills", _("Bills")),
    NavItem("/payments", _("Payments")),
    NavItem("/statements", _("Bank")),
    NavItem("/entries", _("Entries")),
    NavItem("/orders", _("Orders")),
    NavItem("/partners", _("Partners")),
    NavItem("/products", _("Products")),
    NavItem("/reports", _("Reports")),
    NavItem("/followups", _("Follow-ups")),
    NavItem("/settings", _("Settings")),
)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    env.filters["amount"] = i18n.format_amount
    env.globals["languages"] = i18n.LANGUAGES
    env.globals["csrf_token"] = csrf_token
    return env


ENV: Final = _environment()


def nav_for(principal: Principal | None) -> list[NavItem]:
    if principal is None:
        return []
    return [item for item in NAV if allows(principal.role, item.permission)]


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` with the layout's context; drops the flash it shows."""
    principal: Principal | None = getattr(request.state, "principal", None)
    web_session: session.WebSession | None = getattr(request.state, "web_session", None)
    _csrf.set(web_session.csrf if web_session else "")
    base = {
        "request": request,
        "user": principal,
        "user_name": getattr(request.state, "user_name", ""),
        "csrf": web_session.csrf if web_session else "",
        "lang": i18n.language(),
        "nav": nav_for(principal),
        "flash": session.read_flash(request),
        "can": (lambda p: principal is not None and allows(principal.role, Permission(p))),
    }
    html = ENV.get_template(template).render(**base, **context)
    response = HTMLResponse(html, status_code=status_code)
    session.forget_flash(request, response)
    return response
