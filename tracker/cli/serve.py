"""`tracker serve`: receive Telegram and Zalo webhooks and journal them."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@pass_app
def serve(app: AppContext, host: str, port: int) -> None:
    """Receive webhooks: POST /telegram, /zalo/bot, /zalo/oa; GET /healthz.

    Each endpoint checks its secret (TRACKER_TELEGRAM_WEBHOOK_SECRET,
    TRACKER_ZALO_WEBHOOK_SECRET, or the OA signature from TRACKER_ZALO_OA_APP_ID and
    TRACKER_ZALO_OA_SECRET_KEY); a request that fails gets 403 and nothing is stored.
    Run `tracker sync` beside it to process, reply and post digests.

    \b
    Example:
      tracker serve --host 127.0.0.1 --port 8080
    """
    import os

    from tracker.sync import logs
    from tracker.sync.channels import secrets
    from tracker.webhooks import Webhooks, make_server

    logs.setup(secrets(app.settings))
    webhooks = Webhooks(app.sessions(), app.settings, os.environ)
    server = make_server(webhooks, host, port)
    click.echo(f"serving webhooks on http://{host}:{server.server_port}", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
