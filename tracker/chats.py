"""Finding the bound chat a message came from, whatever spelling of its id a source uses;
binding a chat to a unit or a team, and unbinding it, as officers do one at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.config import Settings
from tracker.errors import Refusal
from tracker.maps.lookup import unit_by_code
from tracker.officers.service_scope import chat_places, check_chat, check_units, team_places
from tracker.store.models import Chat


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
    check_chat(session, actor, "write", chat, what=f"chat reactivate {channel}:{chat_id}")
    if chat.active:
        return None
    chat.active = True
    key = f"{chat.channel}:{chat.chat_id}"
    audit.record(session, actor, "reactivate", "chat", key, {"active": False}, {"active": True})
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
) -> Chat:
    """Bind a chat to a unit or a team (moving it if bound elsewhere), by the rules of
    `tracker import chats`; FormRefused names every field that breaks one."""
    # Imported here: sync and the report pipeline use this module, not the forms.
    from tracker.forms import FormCheck
    from tracker.imports.chats import channel_name
    from tracker.store.models import Team

    form_check = FormCheck(language or settings.language)
    typed = form_check.required("channel", channel)
    name = channel_name(typed) if typed else None
    if typed and name is None:
        form_check.problem("channel", "import.bad_channel", value=typed)
    chat_id = form_check.required("chat_id", chat_id)
    form_check.at_most("chat_id", chat_id, 64)
    title = " ".join(title.split())
    form_check.at_most("title", title, 200)
    unit, team = unit.strip(), team.strip()
    bound_unit = bound_team = None
    if bool(unit) == bool(team):
        form_check.problem("unit", "import.bind_once")
    elif unit:
        bound_unit = unit_by_code(session, unit)
        if bound_unit is None:
            form_check.problem("unit", "import.unknown_unit", value=unit)
    else:
        bound_team = session.scalars(select(Team).where(Team.code == team)).first()
        if bound_team is None:
            form_check.problem("team", "import.unknown_team", value=team)
    form_check.check()
    assert name is not None
    # A bound chat is a group: stored (and sent to) as the platform's API spells it.
    canonical = canonical_chat_id(name, chat_id)
    chat = find_chat(session, name, canonical)
    # Both ends of a move: where the chat is bound to now and where it was.
    places: list[int | None] = [bound_unit.id] if bound_unit is not None else []
    if bound_team is not None:
        places.extend(team_places(session, bound_team.id))
    if chat is not None:
        places.extend(chat_places(session, chat))
    what, key = f"chat bind {name}:{canonical}", f"{name}:{canonical}"
    check_units(session, actor, "write", places, what=what, entity="chat", key=key)
    before = None if chat is None else chat_snapshot(chat)
    if chat is None:
        chat = Chat(channel=name, chat_id=canonical)
        session.add(chat)
    chat.chat_id = canonical  # one stored before ids were canonical is corrected now
    chat.title = title
    chat.unit, chat.team = bound_unit, bound_team
    session.flush()
    after = chat_snapshot(chat)
    if after != before:
        action = "create" if before is None else "update"
        audit.record(session, actor, action, "chat", f"{name}:{canonical}", before, after)
    return chat


def unbind_chat(session: Session, channel: str, chat_id: str, actor: str) -> None:
    """Forget a chat: its messages go to review as from an unknown chat from now on."""
    chat = find_chat(session, channel, chat_id)
    if chat is None:
        raise Refusal("chat.unknown", channel=channel, chat_id=chat_id)
    check_chat(session, actor, "write", chat, what=f"chat unbind {channel}:{chat_id}")
    before = chat_snapshot(chat)
    key = f"{chat.channel}:{chat.chat_id}"
    session.delete(chat)
    session.flush()
    audit.record(session, actor, "delete", "chat", key, before, None)


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
    audit.record(
        session,
        f"{channel} (platform)",
        "move",
        "chat",
        f"{channel}:{old}",
        before if moved_binding else {"chat_id": old},
        {"chat_id": new, "queued_messages_moved": queued},
    )
    session.flush()
    return True
