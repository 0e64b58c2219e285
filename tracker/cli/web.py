"""`tracker web`: the terminal UI in a browser (textual-serve), behind a sign-in."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8081, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--public-url",
    metavar="URL",
    help="The address browsers use, behind the HTTPS reverse proxy "
    "(e.g. https://tracker.example.gov.vn); https makes the session cookie secure.",
)
@pass_app
def web(app: AppContext, host: str, port: int, public_url: str | None) -> None:
    """Serve the terminal UI in a browser, for offices that cannot use SSH.

    Officers sign in with their LOGIN and the password set by `tracker officer passwd`;
    five wrong passwords lock the account for 15 minutes, and a session ends after an
    idle hour. Each browser session runs the terminal UI as its officer, with the same
    scope and role as over SSH. Serve it behind the HTTPS reverse proxy (README).

    \b
    Example:
      tracker web --host 127.0.0.1 --port 8081 --public-url https://cncd.example.vn/
    """
    from tracker.officers.web_server import SignedInServer

    settings = app.settings
    environment = {"TRACKER_DB_URL": settings.db_url, "TRACKER_LANGUAGE": settings.language}
    if settings.source is not None:
        environment["TRACKER_CONFIG"] = str(settings.source)
    server = SignedInServer(
        app.sessions(),
        environment,
        host,
        port,
        public_url=public_url.rstrip("/") if public_url else None,
    )
    server.serve()
