"""`tracker tui`: open the officers' terminal UI. Textual loads only here."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--scope", metavar="UNIT", help="The unit to open on (default: the top unit).")
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    help="Language of the screens (default: `language` in the config, else vi).",
)
@pass_app
def tui(app: AppContext, scope: str | None, lang: str | None) -> None:
    """Open the terminal UI: dashboard, units and teams, quotas, review inbox, tasks,
    monthly reports, the audit log. Once the store has officer accounts it opens on the
    officer's own unit (the OS login's account) and offers only what lies under it;
    otherwise changes are audited under `officer` from the config (or TRACKER_OFFICER),
    else the OS user.

    \b
    Example:
      tracker --db sqlite:///demo.db tui --scope 31
    """
    from tracker.errors import UserError
    from tracker.officers.acting import acting_officer
    from tracker.officers.scope import starting_scope

    sessions = app.sessions()
    with sessions() as session:
        login, named = _web_officer(), app.settings.officer
        who = acting_officer(session, None if login else named, login=login)
        code = starting_scope(session, who, scope)
        if code is None:
            raise UserError("the store has no units yet: run `tracker demo` or `tracker import`")

    from tui.app import TrackerApp
    from tui.context import TuiContext

    officer = who.actor if not who.open_store else (named or who.login or "cli")
    ctx = TuiContext(
        sessions=sessions,
        settings=app.settings,
        officer=officer,
        scope=code,
        language=lang or app.settings.language,
        account=who.account,
    )
    TrackerApp(ctx).run()


def _web_officer() -> str | None:
    """The officer `tracker web` signed in, when it started this terminal UI; a token
    that is not the web server's is refused rather than ignored."""
    import os

    from tracker.errors import UserError
    from tracker.officers import web_token

    token = os.environ.get(web_token.VARIABLE)
    if not token:
        return None
    login = web_token.verify(token)
    if login is None:
        raise UserError(f"{web_token.VARIABLE} is not a token of this server's `tracker web`")
    return login
