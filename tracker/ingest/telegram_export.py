"""Telegram Desktop exports (`result.json`): one chat, or a whole account's chats.

Decisions:
- The chat id is written the way the Bot API writes it (`-100<id>` for supergroups and
  channels, `-<id>` for basic groups), so that a message read live and the same message
  from an export are one journal row.
- An export is a snapshot that holds only a message's final text. When it was edited,
  `edited_unixtime` becomes the edit version: it is the Bot API's `edit_date` of that
  last edit, so a live copy of the same edit is recognised, and an original the bot saw
  before the edit is replaced by it.
- Private one-to-one chats and saved messages are skipped: they are not report channels,
  and a full export holds a person's private conversations.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracker.clock import parse_moment
from tracker.errors import UserError
from tracker.messages import Inbound

CHANNEL = "telegram"
_SKIPPED = {"personal_chat", "saved_messages"}
_PREFIX = {
    "private_supergroup": "-100",
    "public_supergroup": "-100",
    "private_channel": "-100",
    "public_channel": "-100",
    "private_group": "-",
}


def is_export(document: object) -> bool:
    return isinstance(document, dict) and (
        "messages" in document or isinstance(document.get("chats"), dict)
    )


def chats(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if "messages" in document:
        return [document]
    found: list[Mapping[str, Any]] = []
    for section in ("chats", "left_chats"):
        found.extend(document.get(section, {}).get("list", []))
    return found


def count(document: Mapping[str, Any]) -> int:
    return sum(len(chat.get("messages", [])) for chat in chats(document) if _wanted(chat))


def messages(document: Mapping[str, Any], path: Path) -> Iterator[Inbound]:
    """Every message of every wanted chat; a malformed one raises a UserError naming it."""
    for number, chat in enumerate(chats(document), start=1):
        if not _wanted(chat):
            continue
        chat_id = _chat_id(chat, path, number)
        title = chat.get("name")
        for message in chat.get("messages", []):
            yield _message(message, chat_id, title, path)


def _wanted(chat: Mapping[str, Any]) -> bool:
    return chat.get("type") not in _SKIPPED


def _chat_id(chat: Mapping[str, Any], path: Path, number: int) -> str:
    raw = chat.get("id")
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise UserError(f"{path}: chat {number} ({chat.get('name')!r}): 'id' is not a number")
    return f"{_PREFIX.get(str(chat.get('type')), '')}{raw}"


def _message(message: Any, chat_id: str, title: str | None, path: Path) -> Inbound:
    if not isinstance(message, dict):
        raise UserError(f"{path}: chat {chat_id}: a message is not an object")
    where = f"{path}: chat {chat_id}, message {message.get('id')!r}"
    if not isinstance(message.get("id"), int):
        raise UserError(f"{where}: 'id' is not a number")
    return Inbound(
        channel=CHANNEL,
        chat_id=chat_id,
        message_id=str(message["id"]),
        sent_at=_sent_at(message, where),
        text=_text(message.get("text", ""), where),
        sender_id=_sender(message.get("from_id") or message.get("actor_id")),
        sender_name=message.get("from") or message.get("actor"),
        edit_version=(
            _unixtime(message, "edited_unixtime", where) if "edited_unixtime" in message else 0
        ),
        service=message.get("type") == "service",
        chat_title=title,
        raw=message,
    )


def _sent_at(message: Mapping[str, Any], where: str) -> datetime:
    """`date_unixtime`; exports before it existed have only `date`, taken as Vietnam time."""
    if "date_unixtime" in message or not isinstance(message.get("date"), str):
        return datetime.fromtimestamp(_unixtime(message, "date_unixtime", where), UTC)
    try:
        return parse_moment(message["date"])
    except ValueError:
        raise UserError(f"{where}: 'date' is not a time: {message['date']!r}") from None


def _unixtime(message: Mapping[str, Any], field: str, where: str) -> int:
    value = message.get(field)
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UserError(f"{where}: '{field}' is not a unix time: {value!r}") from None


def _text(value: object, where: str) -> str:
    """`text` is a string, or a list of strings and entities such as `{"type": "bold", ...}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts: list[str] = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                raise UserError(f"{where}: 'text' holds {part!r}, not a string or an entity")
        return "".join(parts)
    raise UserError(f"{where}: 'text' is neither a string nor a list")


def _sender(value: object) -> str | None:
    """`user1001` is user 1001, the id the Bot API gives; `channel<id>` is kept as it is."""
    if not isinstance(value, str) or not value:
        return None
    if value.startswith("user") and value[4:].isdigit():
        return value[4:]
    return value
