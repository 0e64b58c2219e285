"""`tracker channels`: settings that live on a messaging platform's side.

For now Telegram's webhook: `set-webhook URL` makes Telegram deliver to `tracker
serve` instead of answering `tracker sync`'s getUpdates (sync then skips Telegram and
says so); `delete-webhook` goes back to polling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    secret = app.settings.telegram.webhook_secret
    if secret is None:
        raise click.ClickException("set TRACKER_TELEGRAM_WEBHOOK_SECRET first")
    if not _SECRET.fullmatch(secret.reveal()):
        raise click.ClickException(
            "TRACKER_TELEGRAM_WEBHOOK_SECRET may hold only letters, digits, _ and - (1-256)"
        )
    _with_adapter(app, lambda adapter: adapter.set_webhook(url, secret.reveal()))
    click.echo(f"telegram: webhook set to {url}; `tracker sync` no longer polls Telegram")


@telegram.command("delete-webhook")
@pass_app
def delete_webhook(app: AppContext) -> None:
    """Remove the Telegram webhook: `tracker sync` polls Telegram again.

    \b
    Example:
      tracker channels telegram delete-webhook
    """
    _with_adapter(app, lambda adapter: adapter.delete_webhook())
    click.echo("telegram: webhook deleted; `tracker sync` polls Telegram again")


def _with_adapter(app: AppContext, call: Callable[[WebhookControl], None]) -> None:
    """Run `call` on the Telegram adapter; Telegram's refusals become one-line errors."""
    from adapters.base import AdapterError, WebhookControl
    from adapters.registry import load_adapter

    channel = app.settings.telegram
    if channel.token is None:
        raise click.ClickException("set TRACKER_TELEGRAM_TOKEN first")
    adapter = load_adapter("telegram")(channel.token.reveal(), channel.api_base)
    if not isinstance(adapter, WebhookControl):
        raise click.ClickException("the telegram adapter installed cannot set webhooks")
    try:
        call(adapter)
    except AdapterError as error:
        raise click.ClickException(f"telegram: {error}") from None
    finally:
        adapter.close()
