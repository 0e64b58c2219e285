"""The `tracker` command. Sub-commands load lazily so that `tracker --help` stays fast."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from tracker.cli.context import AppContext

# name -> "module:attribute". Command modules import only click at the top;
# SQLAlchemy, Textual and openpyxl load inside the commands that need them.
COMMANDS = {
    "adapters": "tracker.cli.adapters:adapters",
    "channels": "tracker.cli.channels:channels",
    "chats": "tracker.cli.chats:chats",
    "db": "tracker.cli.db:db",
    "demo": "tracker.cli.demo:demo",
    "digest": "tracker.cli.digest:digest",
    "export": "tracker.cli.export:export",
    "import": "tracker.cli.importing:import_command",
    "ingest": "tracker.cli.ingest:ingest",
    "leaderboard": "tracker.cli.leaderboard:leaderboard",
    "audit": "tracker.cli.audit:audit",
    "members": "tracker.cli.members:members",
    "monthly": "tracker.cli.monthly:monthly",
    "officer": "tracker.cli.officer:officer",
    "outbox": "tracker.cli.outbox:outbox",
    "overdue": "tracker.cli.overdue:overdue",
    "reorganize": "tracker.cli.reorganize:reorganize",
    "review": "tracker.cli.review:review",
    "serve": "tracker.cli.serve:serve",
    "sync": "tracker.cli.sync:sync",
    "task": "tracker.cli.task:task",
    "teams": "tracker.cli.teams:teams",
    "tui": "tracker.cli.tui:tui",
    "web": "tracker.cli.web:web",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        from tracker.errors import UserError
        from tracker.redaction import mask_secrets

        # Every message is masked: a store URL or a token may sit in any of them.
        try:
            return super().invoke(ctx)
        except UserError as error:
            _audit_refusal(ctx, error)
            raise click.ClickException(mask_secrets(error.text(_language(ctx)))) from None
        except Exception as error:
            message = _store_failure(ctx, error)
            if message is None:
                raise
            raise click.ClickException(mask_secrets(message)) from None


def _audit_refusal(ctx: click.Context, error: Exception) -> None:
    """A refused attempt is audited once its command's transaction has rolled back."""
    from tracker.officers.errors import NotAllowed
    from tracker.officers.refusals import record_refusal

    app = ctx.find_object(AppContext)
    if isinstance(error, NotAllowed) and app is not None:
        record_refusal(app.sessions(), error)


def _language(ctx: click.Context) -> str:
    app = ctx.find_object(AppContext)
    return app.language if app is not None else "vi"


def _store_failure(ctx: click.Context, error: Exception) -> str | None:
    """A database that cannot be reached or used is a user's problem, not a traceback."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import DBAPIError

    if isinstance(error, DBAPIError):
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        app = ctx.find_object(AppContext)
        engine = app.__dict__.get("engine") if app is not None else None  # if it was built
        where = f" at {engine.url}" if engine is not None else ""  # a URL's str masks it
        return f"the store{where} cannot be used: {reason}"
    return None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Store URL, e.g. sqlite:///tracker.db or postgresql+psycopg://user@host/db.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: tracker.toml in the user config folder).",
)
@click.version_option(package_name="cncd-tracker", prog_name="tracker")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, config_file: Path | None) -> None:
    """Track the community digital-technology teams (Tổ công nghệ số cộng đồng).

    \b
    Example:
      tracker --db sqlite:///tinh.db db upgrade
      tracker --db sqlite:///tinh.db import units don-vi.csv
    """
    ctx.obj = AppContext(db_url=db_url, config_file=config_file)
    ctx.call_on_close(ctx.obj.close)


def main() -> None:
    from tracker.heap import defer_collection

    sys.excepthook = masked_excepthook
    defer_collection()  # until the store is opened (AppContext.sessions)
    try:
        cli(prog_name="tracker")
    except SystemExit as done:  # click ends every standalone run with one
        leave(done.code)
        raise


def leave(code: object) -> None:
    """End the process without the interpreter's teardown, when nothing else runs.

    Tearing down the modules SQLAlchemy and psycopg bring (freeing every object, one by
    one) took 80–90 ms of a 0.5 s read command. By this point the command has closed its
    files and its store (`AppContext.close`); the exit hooks still run (logging,
    temporary folders, `weakref.finalize`) and the standard streams are flushed, so only
    the freeing is skipped, which the operating system does at once. With a thread still
    running (a server stopping) the normal exit waits for it instead.
    """
    import atexit
    import threading

    if threading.active_count() > 1:
        return
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message goes to stderr, as Python itself does
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # `| head` closed it, or it is closed already
        status = status or 1
    os._exit(status)


def masked_excepthook(kind: type[BaseException], error: BaseException, trace: Any) -> None:
    """A bug still prints its traceback, but with any password or token in it masked:
    a store URL can end up in any exception's message."""
    import traceback

    from tracker.redaction import mask_secrets

    sys.stderr.write(mask_secrets("".join(traceback.format_exception(kind, error, trace))))
