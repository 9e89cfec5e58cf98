"""``asiento user|token|audit``: users, API tokens and the audit log.

The CLI acts as the local operator (it holds the database credentials), so it
can create the first admin, issue tokens for any member, and set anyone's
password (``user set-password``: the way back for a lost password).
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Annotated

import typer

from asiento.cli.context import open_uow, scope
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.domain.errors import InvalidInput
from asiento.services.access import audit, memberships, passwords, tokens, users

user_app = typer.Typer(help="Users and their roles.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (bearer).", no_args_is_help=True)
audit_app = typer.Typer(help="Who did what.", no_args_is_help=True)


@user_app.command("create")
def user_create(
    ctx: typer.Context,
    email: str,
    role: Annotated[str, typer.Option(help="admin, accountant, billing_clerk or auditor")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    name: str = "",
) -> None:
    """Create a user (or add an existing one) with ROLE in the company."""
    uow, company_id = scope(ctx)
    view = users.create_user(uow, company_id, email, password, role, name)
    typer.echo(f"user {view.id} {view.email}: {view.role} in company {company_id}")


@user_app.command("list")
def user_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    uow, company_id = scope(ctx)
    rows = [asdict(u) for u in users.list_users(uow, company_id)]
    render_rows(["id", "email", "name", "role", "active"], rows, fmt, title="Users")


def _member_update(ctx: typer.Context, email: str, role: str | None, active: bool | None) -> None:
    uow, company_id = scope(ctx)
    member = users.find_member(uow, company_id, email)
    view = memberships.update_member(uow, company_id, member.id, role=role, active=active)
    state = "active" if view.active else "inactive"
    typer.echo(f"user {view.id} {view.email}: {view.role}, {state} in company {company_id}")


@user_app.command("set-role")
def user_set_role(ctx: typer.Context, email: str, role: str) -> None:
    """Change EMAIL's role in the company (their other companies are untouched)."""
    _member_update(ctx, email, role, None)


@user_app.command("deactivate")
def user_deactivate(ctx: typer.Context, email: str) -> None:
    """End EMAIL's access to the company; their other companies are untouched."""
    _member_update(ctx, email, None, False)


@user_app.command("activate")
def user_activate(ctx: typer.Context, email: str) -> None:
    """Give EMAIL's membership in the company back."""
    _member_update(ctx, email, None, True)


def _read_password() -> str:
    """Prompted twice on a terminal; otherwise the first line of stdin."""
    if sys.stdin.isatty():
        value: str = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
        return value
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise InvalidInput("password: none given on stdin", field="password")
    return line


@user_app.command("set-password")
def user_set_password(ctx: typer.Context, email: str) -> None:
    """Set EMAIL's password (prompted, or one line on stdin); ends their browser sessions."""
    uow = open_uow(ctx)
    person = passwords.set_password(uow, email, _read_password())
    typer.echo(f"password of {person.email} set")


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    email: str,
    role: Annotated[str | None, typer.Option(help="narrower than the user's role")] = None,
    name: str = "",
) -> None:
    """Issue a token for EMAIL; the secret is printed once, on stdout."""
    uow, company_id = scope(ctx)
    issued = tokens.create_token(uow, company_id, email, role=role, name=name)
    typer.echo(
        f"token {issued.view.id} ({issued.view.role}) for {email}; keep it, it is not shown again:",
        err=True,
    )
    typer.echo(issued.token)


@token_app.command("list")
def token_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    uow, company_id = scope(ctx)
    rows = [asdict(t) for t in tokens.list_tokens(uow, company_id)]
    columns = ["id", "user_id", "name", "role", "prefix", "created_at", "last_used_at", "revoked"]
    render_rows(columns, rows, fmt, title="API tokens")


@token_app.command("revoke")
def token_revoke(ctx: typer.Context, token_id: int) -> None:
    uow, company_id = scope(ctx)
    tokens.revoke_token(uow, company_id, token_id)
    typer.echo(f"token {token_id} revoked")


@audit_app.command("list")
def audit_list(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="entry, company, token, ...")] = None,
    limit: int = 50,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    uow, company_id = scope(ctx)
    rows = [asdict(e) for e in audit.list_events(uow, company_id, object_kind=kind, limit=limit)]
    columns = ["id", "at", "actor", "action", "object_kind", "object_id", "before", "after"]
    render_rows(columns, rows, fmt, title="Audit log")


def register(root: typer.Typer) -> None:
    root.add_typer(user_app, name="user")
    root.add_typer(token_app, name="token")
    root.add_typer(audit_app, name="audit")
