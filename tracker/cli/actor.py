"""Who a command's change is written under in the audit log."""

from __future__ import annotations

from tracker.cli.context import AppContext


def actor(app: AppContext, officer: str | None) -> str:
    """`--officer`, else the config's `officer`, else `cli (<system user>)`."""
    if officer:
        return officer[:100]
    if app.settings.officer:
        return app.settings.officer[:100]
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # a container user with no passwd entry
        return "cli"
    return f"cli ({user})"[:100]
