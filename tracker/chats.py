"""Finding the bound chat a message came from, whatever spelling of its id a source uses;
binding a chat to a unit or a team, and unbinding it, as officers do one at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.errors import Refusal
from tracker.store.models import AuditEntry, Chat


def canonical_chat_id(channel: str, chat_id: str, *, group: bool = True) -> str:
    """The spelling of a chat's id that is stored and sent to, as the channel's adapter
    decides (`canonical_chat_id` in the adapter contract).

    The context the tracker gives is `group`: a chat bound to a unit or a team is a
    group, never a one-to-one chat, and a platform whose exports name a group otherwise
    than its API (Telegram's bare `1871203344` for `-1001871203344`) spells it the API's
    way. A channel with no adapter installed keeps ids as written.
    """
    spell = _contract(channel, "canonical_chat_id")
    return str(spell(chat_id, group=group)) if spell is not None else chat_id.strip()


def chat_id_variants(channel: str, chat_id: str) -> tuple[str, ...]:
    """Every spelling of one chat's id, `chat_id` first, as the channel's adapter knows
    them (`chat_id_spellings`): all of them must find the same chat (CONTRACTS §7)."""
    spellings = _contract(channel, "chat_id_spellings")
    return tuple(spellings(chat_id)) if spellings is not None else (chat_id,)


@cache
def _contract(channel: str, name: str) -> Callable[..., Any] | None:
    from adapters.registry import UnknownAdapter, load_adapter, part

    try:
        adapter = load_adapter(channel)
    except (UnknownAdapter, ImportError, AttributeError):
        return None  # a channel with no adapter here keeps ids as written
    function = part(adapter, name)
    return function if callable(function) else None


def find_chat(session: Session, channel: str, chat_id: str) -> Chat | None:
    variants = chat_id_variants(channel, chat_id)
    return session.scalars(
        select(Chat).where(Chat.channel == channel, Chat.chat_id.in_(variants))
    ).first()


def reactivate_chat(session: Session, channel: str, chat_id: str, actor: str) -> Chat | None:
    """Let sync write to a chat again after the platform refused it (Telegram 403), with
    an audit entry. Returns the chat, or None when it was active already."""
    chat = find_chat(session, channel, chat_id)
    if chat is None:
        raise Refusal("chat.not_bound", channel=channel, chat_id=chat_id)
    if chat.active:
        return None
    chat.active = True
    session.add(
        AuditEntry(
            actor=actor,
            action="reactivate",
            entity="chat",
            entity_key=f"{chat.channel}:{chat.chat_id}",
            before={"active": False},
            after={"active": True},
        )
    )
    return chat


@dataclass(frozen=True, slots=True)
class ChatView:
    channel: str
    chat_id: str
    title: str


def chats_bound_to(
    session: Session, unit_id: int | None = None, team_id: int | None = None
) -> list[ChatView]:
    """The chats bound to one unit or one team, by channel then id."""
    where = Chat.unit_id == unit_id if unit_id is not None else Chat.team_id == team_id
    rows = session.execute(
        select(Chat.channel, Chat.chat_id, Chat.title)
        .where(where)
        .order_by(Chat.channel, Chat.chat_id)
    )
    return [ChatView(*row) for row in rows]


def bind_chat(
    session: Session,
    settings: Settings,
    channel: str,
    chat_id: str,
    title: str,
    actor: str,
    unit: str = "",
    team: str = "",
    language: str | None = None,
) -> None:
    """Bind a chat to a unit or a team (moving it if bound elsewhere), as `import chats` does."""
    # Imported here: sync and the report pipeline use this module, not the importers.
    from tracker.imports import import_form

    cells = {"channel": channel, "chat_id": chat_id, "title": title, "unit": unit, "team": team}
    import_form(session, "chats", cells, settings, actor, language)


def unbind_chat(session: Session, channel: str, chat_id: str, actor: str) -> None:
    """Forget a chat: its messages go to review as from an unknown chat from now on."""
    chat = find_chat(session, channel, chat_id)
    if chat is None:
        raise Refusal("chat.unknown", channel=channel, chat_id=chat_id)
    before = chat_snapshot(chat)
    key = f"{chat.channel}:{chat.chat_id}"
    session.delete(chat)
    session.flush()
    session.add(
        AuditEntry(
            actor=actor, action="delete", entity="chat", entity_key=key, before=before, after=None
        )
    )


def chat_snapshot(chat: Chat) -> dict[str, Any]:
    return {
        "channel": chat.channel,
        "chat_id": chat.chat_id,
        "title": chat.title,
        "unit": chat.unit.code if chat.unit else None,
        "team": chat.team.code if chat.team else None,
    }


def follow_chat_move(session: Session, channel: str, old: str, new: str) -> bool:
    """The chat `old` is now `new` (a Telegram group became a supergroup): its binding
    and the messages still queued for it move, with an audit entry, in the caller's
    transaction. Both announcements of one move (in the old group and in the new one)
    may come, in either order: the second finds nothing left to move. Returns whether
    anything moved."""
    # Imported here: the outbox model is sync's, and this module is imported by it.
    from sqlalchemy import update

    from tracker.store.models import OutboxMessage

    if old == new:
        return False
    chat = find_chat(session, channel, old)
    moved_binding = chat is not None and find_chat(session, channel, new) is None
    before = {"chat_id": chat.chat_id} if chat is not None else None
    if moved_binding:
        assert chat is not None
        chat.chat_id = new
    moved = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.channel == channel,
            OutboxMessage.chat_id.in_(chat_id_variants(channel, old)),
            OutboxMessage.status == "pending",
        )
        .values(chat_id=new)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    queued = len(moved.all())
    if not moved_binding and not queued:
        return False
    session.add(
        AuditEntry(
            actor=f"{channel} (platform)",
            action="move",
            entity="chat",
            entity_key=f"{channel}:{old}",
            before=before if moved_binding else {"chat_id": old},
            after={"chat_id": new, "queued_messages_moved": queued},
        )
    )
    session.flush()
    return True
