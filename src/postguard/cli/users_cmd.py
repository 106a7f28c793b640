"""``postguard users create|list|set-role|deactivate|token``: accounts from the command line.

The operator at the shell acts as ``cli`` (an administrator); each change is audited.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ._service import DatabaseOption, DataDirOption, open_database, settings_from

users_app = typer.Typer(help="People, roles and API tokens.", no_args_is_help=True)


def _password(stdin: bool, username: str) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt(f"password for {username}", hide_input=True, confirmation_prompt=True)


@users_app.command("create")
def create(
    username: str = typer.Argument(...),
    role: str = typer.Option(..., help="admin, communications_lead, reviewer, spokesperson, employee or candidate"),
    display_name: str = typer.Option("", help="Full name."),
    email: Optional[str] = typer.Option(None, help="E-mail address."),
    language: str = typer.Option("en", help="pl, no, sv, he, nl or en"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    data_dir: Optional[Path] = DataDirOption,
    database_url: Optional[str] = DatabaseOption,
) -> None:
    """Create an account with a password (argon2-hashed)."""
    from ..auth.permissions import CLI_ACTOR
    from ..auth.secrets import Passwords
    from ..store import people

    settings = settings_from(data_dir, database_url)
    db = open_database(settings)
    password = _password(password_stdin, username)
    with db.writer() as session:
        user = people.create_user(session, actor=CLI_ACTOR, username=username, role=role, password=password,
                                  passwords=Passwords(time_cost=settings.argon2_time_cost,
                                                      memory_kib=settings.argon2_memory_kib),
                                  display_name=display_name, email=email, language=language)
        session.commit()
        typer.echo(f"created {user.username} ({user.role})")


@users_app.command("list")
def list_users(data_dir: Optional[Path] = DataDirOption, database_url: Optional[str] = DatabaseOption) -> None:
    """Every account with its role and state."""
    from ..store import people

    db = open_database(settings_from(data_dir, database_url))
    with db.reader() as session:
        for user in people.list_users(session):
            state = "active" if user.is_active else "deactivated"
            typer.echo(f"{user.username}\t{user.role}\t{state}\t{user.display_name}")


@users_app.command("set-role")
def set_role(username: str, role: str, data_dir: Optional[Path] = DataDirOption,
             database_url: Optional[str] = DatabaseOption) -> None:
    """Change an account's role."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import people

    db = open_database(settings_from(data_dir, database_url))
    with db.writer() as session:
        user = people.set_role(session, actor=CLI_ACTOR, username=username, role=role)
        session.commit()
        typer.echo(f"{user.username} is now {user.role}")


@users_app.command("deactivate")
def deactivate(username: str, data_dir: Optional[Path] = DataDirOption,
               database_url: Optional[str] = DatabaseOption) -> None:
    """Deactivate an account; its sessions and tokens stop working at once."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import people

    db = open_database(settings_from(data_dir, database_url))
    with db.writer() as session:
        people.deactivate(session, actor=CLI_ACTOR, username=username)
        session.commit()
        typer.echo(f"{username} deactivated")


@users_app.command("token")
def token(username: str, name: str = typer.Option(..., help="What the token is for."),
          data_dir: Optional[Path] = DataDirOption, database_url: Optional[str] = DatabaseOption) -> None:
    """Issue an API token for an account (printed once; only its hash is stored)."""
    from ..auth.permissions import CLI_ACTOR
    from ..store import people

    db = open_database(settings_from(data_dir, database_url))
    with db.writer() as session:
        user = people.get_user(session, username=username)
        _token, secret = people.create_token(session, actor=CLI_ACTOR, name=name, for_user=user)
        session.commit()
    typer.echo(secret)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
