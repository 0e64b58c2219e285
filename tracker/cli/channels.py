"""`tracker channels`: settings that live on a messaging platform's side.

Telegram's webhook: `set-webhook URL` makes Telegram deliver to `tracker serve`
instead of answering `tracker sync`'s getUpdates (sync then skips Telegram and says
so); `delete-webhook` goes back to polling.

The Zalo OA's token pair: `set-token` stores the first pair (after that, sync refreshes
it by itself), `status` says when the access token expires. Neither ever prints a token.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import click

from tracker.cli.context import AppContext, pass_app

if TYPE_CHECKING:
    from adapters.base import WebhookControl

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token


@click.group()
def channels() -> None:
    """Settings kept on the messaging platforms' side.

    \b
    Example:
      tracker channels telegram set-webhook https://cncd.example.vn/telegram
      tracker channels telegram delete-webhook
      tracker channels zalo-oa status
    """


@channels.group()
def telegram() -> None:
    """Telegram: webhook or polling.

    \b
    Example:
      tracker channels telegram set-webhook https://cncd.example.vn/telegram
    """


@telegram.command("set-webhook")
@click.argument("url")
@pass_app
def set_webhook(app: AppContext, url: str) -> None:
    """Have Telegram POST updates to URL (`tracker serve`'s /telegram, behind HTTPS).

    The secret token is TRACKER_TELEGRAM_WEBHOOK_SECRET; only `message` and
    `edited_message` updates are sent. `tracker sync` stops polling Telegram while
    the webhook is set.

    \b
    Example:
      export TRACKER_TELEGRAM_WEBHOOK_SECRET=$(openssl rand -hex 32)
      tracker channels telegram set-webhook https://cncd.example.vn/telegram
    """
    if not url.startswith("https://"):
        raise click.ClickException(f"Telegram delivers webhooks only over HTTPS, not to {url}")
    secret = _option(app, "telegram", "webhook_secret")
    if not secret:
        raise click.ClickException("set TRACKER_TELEGRAM_WEBHOOK_SECRET first")
    if not _SECRET.fullmatch(secret):
        raise click.ClickException(
            "TRACKER_TELEGRAM_WEBHOOK_SECRET may hold only letters, digits, _ and - (1-256)"
        )
    _with_adapter(app, "telegram", lambda adapter: adapter.set_webhook(url, secret))
    click.echo(f"telegram: webhook set to {url}; `tracker sync` no longer polls Telegram")


@telegram.command("delete-webhook")
@pass_app
def delete_webhook(app: AppContext) -> None:
    """Remove the Telegram webhook: `tracker sync` polls Telegram again.

    \b
    Example:
      tracker channels telegram delete-webhook
    """
    _with_adapter(app, "telegram", lambda adapter: adapter.delete_webhook())
    click.echo("telegram: webhook deleted; `tracker sync` polls Telegram again")


def _option(app: AppContext, name: str, option: str) -> str:
    """One of the adapter's options as configured (any of its spellings)."""
    from adapters.registry import load_adapter
    from tracker.channel_setup import options_for

    return options_for(app.settings, name, load_adapter(name)).get(option, "")


def _with_adapter(app: AppContext, name: str, call: Callable[[WebhookControl], None]) -> None:
    """Run `call` on the adapter; the platform's refusals become one-line errors."""
    from adapters.base import AdapterError, Context, WebhookControl
    from tracker.channel_setup import build_adapter

    if not _option(app, name, "token"):
        raise click.ClickException(f"set TRACKER_{name.upper()}_TOKEN first")
    adapter = build_adapter(app.settings, name, Context(purpose="command"))
    if not isinstance(adapter, WebhookControl):
        adapter.close()
        raise click.ClickException(f"the {name} adapter installed cannot set webhooks")
    try:
        call(adapter)
    except AdapterError as error:
        raise click.ClickException(f"{name}: {error}") from None
    finally:
        adapter.close()


@channels.group("zalo-oa")
def zalo_oa() -> None:
    """Zalo Official Account: the OAuth token pair `tracker sync` sends with.

    \b
    Example:
      printf '%s\\n%s\\n' "$ACCESS" "$REFRESH" | tracker channels zalo-oa set-token --stdin
      tracker channels zalo-oa status
    """


@zalo_oa.command("set-token")
@click.option(
    "--access-token",
    envvar="TRACKER_ZALO_OA_ACCESS_TOKEN",
    metavar="TOKEN",
    help="The OA access token (or TRACKER_ZALO_OA_ACCESS_TOKEN).",
)
@click.option(
    "--refresh-token",
    envvar="TRACKER_ZALO_OA_REFRESH_TOKEN",
    metavar="TOKEN",
    help="Its refresh token (or TRACKER_ZALO_OA_REFRESH_TOKEN).",
)
@click.option(
    "--expires-in",
    type=click.IntRange(min=1),
    metavar="SECONDS",
    help="The access token's life as Zalo gave it (`expires_in`, usually 90000).",
)
@click.option(
    "--stdin",
    "from_stdin",
    is_flag=True,
    help="Read the access token, then the refresh token, one a line, from stdin.",
)
@click.option("--officer", help="Who sets it (kept in the audit log).")
@pass_app
def set_token(
    app: AppContext,
    access_token: str | None,
    refresh_token: str | None,
    expires_in: int | None,
    from_stdin: bool,
    officer: str | None,
) -> None:
    """Store the OA's first token pair; after that, sync refreshes it by itself.

    Get the pair once by authorising the app for the OA (developers.zalo.me: the
    app's "Official Account" settings, or the API Explorer: "OA Access Token").
    The refresh token works once and lasts three months; each refresh saves the new
    pair in the store. Run this again only if the pair is lost or revoked.
    The tokens are read from stdin (--stdin), the environment or the options
    (options show in the process list: prefer the first two), typed unseen when
    none is given at a terminal, and never printed or written to the audit log,
    which keeps only who set a pair and when.

    \b
    Example:
      printf '%s\\n%s\\n' "$ACCESS" "$REFRESH" |
        tracker channels zalo-oa set-token --stdin --expires-in 90000
      export TRACKER_ZALO_OA_ACCESS_TOKEN=... TRACKER_ZALO_OA_REFRESH_TOKEN=...
      tracker channels zalo-oa set-token --officer "Cán bộ tỉnh"
    """
    from tracker.cli.actor import actor
    from tracker.oa_tokens import set_first_pair

    if from_stdin:
        lines = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
        if len(lines) != 2:
            raise click.ClickException(
                f"--stdin: expected 2 lines (access token, refresh token), got {len(lines)}"
            )
        access_token, refresh_token = lines
    elif (access_token is None or refresh_token is None) and sys.stdin.isatty():
        access_token = access_token or click.prompt("Access token", hide_input=True)
        refresh_token = refresh_token or click.prompt("Refresh token", hide_input=True)
    if not access_token or not refresh_token:
        raise click.ClickException(
            "give both tokens: --stdin, TRACKER_ZALO_OA_ACCESS_TOKEN and "
            "TRACKER_ZALO_OA_REFRESH_TOKEN, or --access-token and --refresh-token"
        )
    state = set_first_pair(
        app.sessions(), access_token, refresh_token, expires_in, actor(app, officer)
    )
    if state.expires_at is None:
        when = "its expiry is unknown (no --expires-in); sync refreshes it when Zalo refuses it"
    else:
        when = f"the access token expires {_local(state.expires_at)} (Vietnam time)"
    click.echo(f"zalo_oa: token pair stored; {when}")


@zalo_oa.command("status")
@pass_app
def oa_status(app: AppContext) -> None:
    """Whether the OA is set up, and when its access token expires (no token shown).

    \b
    Example:
      tracker channels zalo-oa status
    """
    from tracker.clock import utcnow
    from tracker.oa_tokens import StoredTokens

    app_id = _option(app, "zalo_oa", "app_id")
    settings = [
        f"app id {app_id or 'not set (TRACKER_ZALO_OA_APP_ID)'}",
        "app secret "
        + (
            "set"
            if _option(app, "zalo_oa", "app_secret")
            else "not set (TRACKER_ZALO_OA_APP_SECRET)"
        ),
        "OA secret key "
        + (
            "set"
            if _option(app, "zalo_oa", "secret_key")
            else "not set (TRACKER_ZALO_OA_SECRET_KEY)"
        ),
    ]
    click.echo("zalo_oa: " + ", ".join(settings))
    state = StoredTokens(app.sessions()).state()
    if state is None:
        click.echo("zalo_oa: no token pair stored: run `tracker channels zalo-oa set-token`")
        return
    line = f"zalo_oa: token pair saved {_local(state.updated_at)}"
    if state.expires_at is None:
        line += "; the access token's expiry is unknown"
    else:
        left = state.expires_at - utcnow()
        hours, minutes = divmod(int(abs(left.total_seconds())) // 60, 60)
        span = f"{hours} h {minutes:02d} min"
        if left.total_seconds() > 0:
            line += f"; the access token expires {_local(state.expires_at)} (in {span})"
        else:
            line += (
                f"; the access token expired {_local(state.expires_at)} ({span} ago): "
                "sync refreshes it at its next send"
            )
    click.echo(line + " (Vietnam time)")


def _local(moment: datetime) -> str:
    from tracker.clock import VIETNAM

    return moment.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M")
