"""`tracker chats`: the bound chats as sync sees them."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.group()
def chats() -> None:
    """The chats the tracker writes to.

    \b
    Example:
      tracker chats reactivate telegram -1001871203344
    """


# A Telegram group id is negative (-1001871203344): an argument, not an unknown option.
@chats.command(context_settings={"ignore_unknown_options": True})
@click.argument("channel")
@click.argument("chat_id")
@click.option("--officer", help="Who does it (kept in the audit log).")
@pass_app
def reactivate(app: AppContext, channel: str, chat_id: str, officer: str | None) -> None:
    """Let sync post in CHAT_ID again after the bot was removed and added back.

    When a platform refuses the bot (Telegram 403: removed or blocked), sync marks
    the chat inactive and sends nothing more there. Add the bot to the group again,
    then run this; messages that failed meanwhile are not resent, later ones go out.

    \b
    Example:
      tracker chats reactivate telegram -1001871203344
      tracker chats reactivate zalo_oa group:8817263 --officer "Cán bộ huyện"
    """
    from tracker.chats import reactivate_chat
    from tracker.cli.actor import actor
    from tracker.store.engine import transaction

    with transaction(app.sessions()) as session:
        chat = reactivate_chat(session, channel, chat_id, actor(app, officer))
        title = chat.title if chat is not None else ""
    if chat is None:
        click.echo(f"{channel} {chat_id} is active already: nothing changed")
        return
    click.echo(f"{channel} {chat_id} ({title or 'no title'}) is active again")
