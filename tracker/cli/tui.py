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
    monthly reports. Changes are audited under `officer` from the config (or
    TRACKER_OFFICER), else the OS user.

    \b
    Example:
      tracker --db sqlite:///demo.db tui --scope HD
    """
    import getpass

    from tracker.errors import UserError
    from tracker.hierarchy import find_unit
    from tracker.roster import default_scope

    sessions = app.sessions()
    with sessions() as session:
        code = scope or default_scope(session)
        if code is None:
            raise UserError("the store has no units yet: run `tracker demo` or `tracker import`")
        find_unit(session, code)

    from tui.app import TrackerApp
    from tui.context import TuiContext

    officer = app.settings.officer or getpass.getuser()
    ctx = TuiContext(
        sessions=sessions,
        settings=app.settings,
        officer=officer,
        scope=code,
        language=lang or app.settings.language,
    )
    TrackerApp(ctx).run()
