"""`tracker serve`: receive the channels' webhooks and journal them."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
@pass_app
def serve(app: AppContext, host: str, port: int) -> None:
    """Receive webhooks: POST /hooks/<adapter>; GET /healthz.

    Every installed adapter that takes webhooks has its endpoint, /hooks/<name>, and
    keeps its older paths (/telegram, /zalo/bot, /zalo/oa). The adapter checks its own
    secret or signature with its options (`[channels.<name>]`, e.g.
    TRACKER_TELEGRAM_WEBHOOK_SECRET, TRACKER_ZALO_WEBHOOK_SECRET, or the OA signature
    from TRACKER_ZALO_OA_APP_ID and TRACKER_ZALO_OA_SECRET_KEY); a request that fails
    gets 403 and nothing is stored, a body over 1 MiB gets 413. A good event is answered 200
    once it is committed to the journal (requests arriving together share one
    transaction); a second delivery of the same message changes nothing.
    Run `tracker sync` beside it to process, reply and post digests.

    \b
    Example:
      tracker serve --host 127.0.0.1 --port 8080
    """
    import uvicorn

    from tracker.sync import logs
    from tracker.sync.channels import secrets
    from tracker.webapp import make_app
    from tracker.webhooks import Webhooks

    logs.setup(secrets(app.settings))
    webhooks = Webhooks(app.sessions(), app.settings)
    click.echo(f"serving webhooks on http://{host}:{port}", err=True)
    try:
        uvicorn.run(
            make_app(webhooks),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,  # every request's line would drown the sync log
            proxy_headers=True,
            server_header=False,
        )
    finally:
        webhooks.close()
