"""Telegram Desktop exports (`result.json`): one chat, or a whole account's chats.

Exports of every era are read (Telegram Desktop has written this format since 2018):
- Since about 2021 a sender is `"from_id": "user1001"` (or `"channel…"`); before, a
  bare number (`"from_id": 1001`). Service messages say `actor_id` instead. Both forms
  are the Bot API's user id.
- Since about 2022 a message has `date_unixtime` (and `edited_unixtime`); before, only
  `date` and `edited`, written in the exporting computer's local time, taken here as
  Vietnam time. Old exports write `"edited": "1970-01-01T…"` for a message never edited.
- Before 64-bit ids (about 2021) a chat's `id` was written as a peer id, the bare id
  plus 2³³ for groups, supergroups and channels (plus 2³² for people); it is taken
  back to the bare id.
- `text` is a string, or a list of strings and entities (`{"type": "bold", "text": …}`);
  newer exports add `text_entities`, the same as a list.
- A message the exporting app could not show is written `{"id": N, "type":
  "unsupported"}`, with no date: skipped and counted, the rest is taken.

Decisions:
- The chat id is written the way the Bot API writes it (`-100<id>` for supergroups and
  channels, `-<id>` for basic groups), so that a message read live and the same message
  from an export are one journal row.
- An export is a snapshot that holds only a message's final text. When it was edited,
  `edited_unixtime` becomes the edit version: it is the Bot API's `edit_date` of that
  last edit, so a live copy of the same edit is recognised, and an original the bot saw
  before the edit is replaced by it.
- Only group chats are read. Private chats, chats with bots, Saved Messages, the Replies
  chat and the like are not team chats (and a full export holds a person's private
  conversations): they are left out, and the summary says how many.
- A forwarded message (`forwarded_from`) is kept, flagged: it is never counted for the
  person who forwarded it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracker.chats import canonical_chat_id
from tracker.clock import parse_moment
from tracker.errors import UserError
from tracker.messages import Inbound

CHANNEL = "telegram"
# The group chats of an export, and whether the Bot API spells them `-100<id>`
# (supergroups, channels; a public group is always a supergroup) or `-<id>`.
_GROUPS = {
    "private_supergroup": True,
    "public_supergroup": True,
    "public_group": True,
    "private_channel": True,
    "public_channel": True,
    "private_group": False,
}
# Peer ids of exports written before 64-bit ids: bare id + 2³³ for chats and channels.
_OLD_CHAT_SHIFT = 2 << 32
_OLD_ID_LIMIT = 1 << 31
_MESSAGE_TYPES = ("message", "service")
# Unix times before this are the "never edited" of old exports (1970-01-01 local time).
_NOT_EDITED_BEFORE = 86_400 * 365


@dataclass
class Reading:
    """What an export holds for the tracker, and what it leaves out."""

    messages: list[Inbound] = field(default_factory=list)
    skipped: int = 0  # messages with nothing to take (`unsupported`)
    chats_left_out: Counter[str] = field(default_factory=Counter)  # by chat type


def is_export(document: object) -> bool:
    return isinstance(document, dict) and (
        "messages" in document or isinstance(document.get("chats"), dict)
    )


def chats(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if "messages" in document:
        return [document]
    found: list[Mapping[str, Any]] = []
    for section in ("chats", "left_chats"):
        listed = document.get(section)
        if isinstance(listed, dict) and isinstance(listed.get("list"), list):
            found.extend(chat for chat in listed["list"] if isinstance(chat, dict))
    return found


def count(document: Mapping[str, Any]) -> int:
    return sum(len(chat.get("messages", [])) for chat in chats(document) if _wanted(chat))


def read(document: Mapping[str, Any], path: Path) -> Reading:
    """Every message of every group chat; a malformed one raises a UserError naming it."""
    reading = Reading()
    for number, chat in enumerate(chats(document), start=1):
        if not _wanted(chat):
            reading.chats_left_out[str(chat.get("type") or "?")] += 1
            continue
        chat_id = _chat_id(chat, path, number)
        title = chat.get("name")
        listed = chat.get("messages", [])
        if not isinstance(listed, list):
            raise UserError(f"{path}: chat {chat_id}: 'messages' is not a list")
        for message in listed:
            inbound = _message(message, chat_id, title, path)
            if inbound is None:
                reading.skipped += 1
            else:
                reading.messages.append(inbound)
    return reading


def messages(document: Mapping[str, Any], path: Path) -> Iterator[Inbound]:
    """The messages `read` takes, without the counts."""
    yield from read(document, path).messages


def _wanted(chat: Mapping[str, Any]) -> bool:
    return chat.get("type") in _GROUPS


def _chat_id(chat: Mapping[str, Any], path: Path, number: int) -> str:
    raw = chat.get("id")
    if not isinstance(raw, int) or isinstance(raw, bool) or raw <= 0:
        raise UserError(f"{path}: chat {number} ({chat.get('name')!r}): 'id' is not a number")
    if _OLD_CHAT_SHIFT <= raw < _OLD_CHAT_SHIFT + _OLD_ID_LIMIT:
        raw -= _OLD_CHAT_SHIFT
    if _GROUPS[str(chat.get("type"))]:
        return canonical_chat_id("telegram", str(raw), group=True)
    return f"-{raw}"


def _message(message: Any, chat_id: str, title: str | None, path: Path) -> Inbound | None:
    if not isinstance(message, dict):
        raise UserError(f"{path}: chat {chat_id}: a message is not an object")
    where = f"{path}: chat {chat_id}, message {message.get('id')!r}"
    if not isinstance(message.get("id"), int):
        raise UserError(f"{where}: 'id' is not a number")
    kind = message.get("type", "message")
    if kind not in _MESSAGE_TYPES and "date" not in message and "date_unixtime" not in message:
        return None  # `unsupported` and the like: nothing to take, and no time to place it
    text = message["text"] if "text" in message else message.get("text_entities", "")
    return Inbound(
        channel=CHANNEL,
        chat_id=chat_id,
        message_id=str(message["id"]),
        sent_at=_sent_at(message, where),
        text=_text(text, where),
        sender_id=_sender(message.get("from_id") or message.get("actor_id")),
        sender_name=_name(message.get("from") or message.get("actor")),
        edit_version=_edit_version(message, where),
        service=kind == "service",
        forwarded="forwarded_from" in message or "forwarded_from_id" in message,
        chat_title=title,
        raw=message,
    )


def _sent_at(message: Mapping[str, Any], where: str) -> datetime:
    """`date_unixtime`; exports before it existed have only `date`, taken as Vietnam time."""
    if "date_unixtime" in message or not isinstance(message.get("date"), str):
        return datetime.fromtimestamp(_unixtime(message, "date_unixtime", where), UTC)
    return _local(message, "date", where)


def _edit_version(message: Mapping[str, Any], where: str) -> int:
    """The last edit's unix time, 0 when never edited."""
    if "edited_unixtime" in message:
        version = _unixtime(message, "edited_unixtime", where)
    elif isinstance(message.get("edited"), str):
        version = int(_local(message, "edited", where).timestamp())
    else:
        return 0
    return version if version >= _NOT_EDITED_BEFORE else 0


def _local(message: Mapping[str, Any], field_name: str, where: str) -> datetime:
    try:
        return parse_moment(message[field_name])
    except ValueError:
        raise UserError(f"{where}: '{field_name}' is not a time: {message[field_name]!r}") from None


def _unixtime(message: Mapping[str, Any], field_name: str, where: str) -> int:
    value = message.get(field_name)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UserError(f"{where}: '{field_name}' is not a unix time: {value!r}") from None


def _text(value: object, where: str) -> str:
    """`text` is a string, or a list of strings and entities such as `{"type": "bold", ...}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts: list[str] = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict):
                # Every entity carries its text; one that does not adds nothing to read.
                entity_text = part.get("text")
                parts.append(entity_text if isinstance(entity_text, str) else "")
            else:
                raise UserError(f"{where}: 'text' holds {part!r}, not a string or an entity")
        return "".join(parts)
    raise UserError(f"{where}: 'text' is neither a string nor a list")


def _sender(value: object) -> str | None:
    """The Bot API's user id: `user1001` (exports since about 2021) or `1001` (before).

    `channel<id>` (a post signed by a channel) is kept as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("user") and value[4:].isdigit():
        return value[4:]
    return value


def _name(value: object) -> str | None:
    # A deleted account is written `"from": null`.
    return value if isinstance(value, str) and value else None
