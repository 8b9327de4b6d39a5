"""Console accounts from the command line: add, list, and bearer tokens for scripts."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from netpatrol.cli.common import app, container, fail, require_schema
from netpatrol.domain.errors import NotFound, RuleViolation
from netpatrol.domain.users import Role

user_app = typer.Typer(no_args_is_help=True, help="Console accounts (用户).")
app.add_typer(user_app, name="user")
PASSWORD_ENV = "NETPATROL_PASSWORD"


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="lower-case letters, digits, '.', '_', '-'")],
    role: Annotated[Role, typer.Option(help="what the account may do")] = Role.OFFICER,
    unit: Annotated[str, typer.Option(help="the unit's code (000000: the national desk)")] = (
        "000000"
    ),
    name: Annotated[str, typer.Option(help="the name shown in the console")] = "",
    password: Annotated[
        str | None,
        typer.Option(help=f"at least 10 characters; asked for when absent (or ${PASSWORD_ENV})"),
    ] = None,
) -> None:
    """Create an account; the password is stored only as an argon2 hash."""
    from netpatrol.services.accounts import users as accounts
    from netpatrol.services.ports import Conflict

    secret = password or os.environ.get(PASSWORD_ENV)
    if not secret:
        secret = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with container() as built:
        require_schema(built)
        try:
            user = accounts.add_user(
                built.uow(),
                username=username,
                password=secret,
                role=role,
                unit_code=unit,
                display_name=name,
                actor="cli",
                clock=built.clock,
            )
        except (RuleViolation, NotFound, Conflict) as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"user {user.username}: {user.role.value} of unit {unit}")


@user_app.command("list")
def list_() -> None:
    """Every account with its role and unit."""
    from netpatrol.services.accounts import users as accounts
    from netpatrol.services.clues.queries import list_units

    with container() as built:
        require_schema(built)
        codes = {u.id: u.code for u in list_units(built.uow())}
        for u in accounts.list_users(built.uow()):
            state = "active" if u.active else "closed"
            unit = codes.get(u.unit_id, "?")
            typer.echo(f"{u.username}\t{u.role.value}\t{unit}\t{u.display_name}\t{state}")


@user_app.command("close")
def close(username: str) -> None:
    """Close an account: no more sign-ins; its sessions and API tokens end at once."""
    from netpatrol.services.accounts import users as accounts

    with container() as built:
        require_schema(built)
        try:
            accounts.close_user(built.uow(), username, "cli", built.clock)
        except NotFound as exc:
            raise fail(str(exc), 2) from None
    typer.echo(f"user {username} closed")


@user_app.command("token")
def token(username: str) -> None:
    """Print a new bearer token (valid 90 days) for scripts acting as this user."""
    from netpatrol.services.accounts import users as accounts

    with container() as built:
        require_schema(built)
        try:
            secret = accounts.issue_api_token(built.uow(), username, "cli", built.clock)
        except NotFound as exc:
            raise fail(str(exc), 2) from None
    typer.echo(secret)


DEMO_PASSWORD = "netpatrol-demo"
DEMO_USERS = (
    ("desk", Role.NATIONAL_DESK, "000000", "全国值班台"),
    ("bj.officer", Role.OFFICER, "110000", "北京 民警"),
    ("bj.supervisor", Role.SUPERVISOR, "110000", "北京 审批负责人"),
    ("auditor", Role.AUDITOR, "000000", "审计员"),
)


@user_app.command("demo")
def demo() -> None:
    """Create the demo accounts (once) and print how to sign in. For the demo only."""
    from netpatrol.services.accounts import users as accounts

    with container() as built:
        require_schema(built)
        known = {u.username for u in accounts.list_users(built.uow())}
        for username, role, unit, name in DEMO_USERS:
            if username not in known:
                accounts.add_user(
                    built.uow(),
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    unit_code=unit,
                    display_name=name,
                    actor="demo",
                    clock=built.clock,
                )
    typer.echo(f"demo accounts (password {DEMO_PASSWORD}):")
    for username, role, unit, _ in DEMO_USERS:
        typer.echo(f"  {username:<14} {role.value:<14} unit {unit}")
