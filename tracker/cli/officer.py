"""`tracker officer add|list|set|remove|passwd`: officer accounts, their scopes and roles."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.output import output_options

ROLES = ("viewer", "editor", "admin")


@click.group()
def officer() -> None:
    """Officer accounts: LOGIN is the officer's operating-system login on the server.

    An account reaches its scope unit and everything under it. A viewer reads; an editor
    also writes there (teams, members, quotas, tasks, review and monthly decisions); an
    admin also reorganises the map and manages the accounts in that scope. Once a store
    has one account, a login without one can only read. The first account on a store
    with none may be made by anyone, and must be an admin.

    \b
    Example:
      tracker officer add tinh.admin --name "Trần Thị Hoa" --scope 31 --role admin
      tracker officer add xa.nh --name "Lê Văn Nam" --scope 10804 --role editor
    """


@officer.command("add")
@click.argument("login")
@click.option("--name", required=True, help="The officer's full name.")
@click.option("--scope", required=True, metavar="UNIT", help="The unit the account reaches.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What it may do.")
@pass_app
def add(app: AppContext, login: str, name: str, scope: str, role: str) -> None:
    """Add the account LOGIN (admins of a scope holding UNIT; anyone for a first admin).

    \b
    Example:
      tracker officer add xa.nh --name "Lê Văn Nam" --scope 10804 --role editor
    """
    from tracker.cli.actor import acting
    from tracker.officers.accounts import add_officer
    from tracker.officers.messages import MESSAGES
    from tracker.store.engine import transaction

    with transaction(app.sessions()) as session:
        added = add_officer(session, acting(app, session, None), login, name, scope, role)
        line = MESSAGES(
            app.settings.language,
            "officer.added",
            login=added.login,
            role=MESSAGES(app.settings.language, f"role.{added.role}"),
            scope=added.scope.code,
        )
    click.echo(line, err=True)


@officer.command("list")
@output_options("table", "json")
@pass_app
def list_command(app: AppContext, output_format: str, output: Path | None) -> None:
    """List the accounts: login, name, role, scope, whether a password is set.

    \b
    Example:
      tracker officer list --format json
    """
    from tracker.cli.output import opened, render_json, render_table
    from tracker.officers.accounts import list_officers

    with app.sessions()() as session:
        rows = list_officers(session)
    with opened(output) as out:
        if output_format == "json":
            out.write(
                render_json(
                    {
                        "officers": [
                            {
                                "login": row.login,
                                "name": row.name,
                                "role": row.role,
                                "scope": row.scope,
                                "password": row.has_password,
                            }
                            for row in rows
                        ]
                    }
                )
            )
            return
        headers = ["login", "name", "role", "scope", "password"]
        table = [
            [r.login, r.name, r.role, f"{r.scope} ({r.scope_name})", "✓" if r.has_password else ""]
            for r in rows
        ]
        out.write(render_table(headers, table) + "\n")


@officer.command("set")
@click.argument("login")
@click.option("--name", help="A new full name.")
@click.option("--scope", metavar="UNIT", help="A new scope unit.")
@click.option("--role", type=click.Choice(ROLES), help="A new role.")
@pass_app
def set_command(
    app: AppContext, login: str, name: str | None, scope: str | None, role: str | None
) -> None:
    """Change LOGIN's name, scope or role (admins whose scope holds the old and new scope).

    \b
    Example:
      tracker officer set xa.nh --role viewer
    """
    from tracker.cli.actor import acting
    from tracker.officers.accounts import change_officer
    from tracker.officers.messages import MESSAGES
    from tracker.store.engine import transaction

    language = app.settings.language
    with transaction(app.sessions()) as session:
        changed = change_officer(
            session, acting(app, session, None), login, name=name, scope=scope, role=role
        )
    if changed is None:
        click.echo(MESSAGES(language, "officer.unchanged", login=login), err=True)
        return
    changes = ", ".join(f"{key}={value}" for key, value in changed.items())
    click.echo(MESSAGES(language, "officer.changed", login=login, changes=changes), err=True)


@officer.command("remove")
@click.argument("login")
@pass_app
def remove(app: AppContext, login: str) -> None:
    """Remove the account LOGIN; what it did stays in the audit log.

    \b
    Example:
      tracker officer remove xa.nh
    """
    from tracker.cli.actor import acting
    from tracker.officers.accounts import remove_officer
    from tracker.officers.messages import MESSAGES
    from tracker.store.engine import transaction

    with transaction(app.sessions()) as session:
        remove_officer(session, acting(app, session, None), login)
    click.echo(MESSAGES(app.settings.language, "officer.removed", login=login), err=True)


@officer.command("passwd")
@click.argument("login")
@pass_app
def passwd(app: AppContext, login: str) -> None:
    """Set LOGIN's password for the browser (`tracker web`), typed twice, hidden.
    Officers set their own; admins set those of the accounts in their scope.

    \b
    Example:
      tracker officer passwd xa.nh
    """
    from tracker.cli.actor import acting
    from tracker.officers.accounts import set_password
    from tracker.officers.errors import AccountError
    from tracker.officers.messages import MESSAGES
    from tracker.store.engine import transaction

    language = app.settings.language
    first = click.prompt("Mật khẩu / Password", hide_input=True, err=True)
    second = click.prompt("Nhập lại / Again", hide_input=True, err=True)
    if first != second:
        raise AccountError("password.mismatch")
    with transaction(app.sessions()) as session:
        set_password(session, acting(app, session, None), login, first)
    click.echo(MESSAGES(language, "password.set", login=login), err=True)
