"""``asiento user|token|audit``: users, API tokens and the audit log.

The CLI acts as the local operator (it holds the database credentials), so it
can create the first admin and issue tokens for any member.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from asiento.cli.context import scope
from asiento.cli.render import FormatOption, OutputFormat, render_rows
from asiento.services.access import audit, tokens, users

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
    typer.echo(f"user {view.id} {view.email}: {view.roles[company_id]} in company {company_id}")


@user_app.command("list")
def user_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    uow, company_id = scope(ctx)
    rows = [
        {**asdict(u), "role": u.roles.get(company_id)} for u in users.list_users(uow, company_id)
    ]
    render_rows(["id", "email", "name", "role", "active"], rows, fmt, title="Users")


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
