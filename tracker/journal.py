"""The one door into the store for inbound messages, and the channel cursors.

Every channel (polling, webhook, file import) writes here. Re-delivery of a message
version already in the journal is a no-op, so a crash between receiving and saving
the cursor doubles nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Executable, Table, select
from sqlalchemy.orm import Session

from tracker.clock import as_utc, utcnow
from tracker.messages import Inbound
from tracker.store.models import ChannelCursor, InboundMessage, MessageSource, MessageStatus

_KEY = ["channel", "chat_id", "message_id", "edit_version"]


@dataclass(frozen=True, slots=True)
class Recorded:
    new: int
    known: int


def record(
    session: Session, messages: Iterable[Inbound], source: str = MessageSource.LIVE
) -> Recorded:
    """Add the messages not yet in the journal, in the caller's transaction.

    `source` is where they came from: `live` (webhooks, polling) rows are answered by
    whichever process handles them, `import` rows (a file of history) never are."""
    now = utcnow()
    messages = list(messages)
    _follow_moves(session, messages)
    if not messages:
        return Recorded(0, 0)
    if session.get_bind().dialect.name == "sqlite":
        new = _record_sqlite(session, messages, now, source)
    else:
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        rows = [_row(message, now, source) for message in messages]
        # Core, not the ORM's bulk path: its bookkeeping cost more than the insert.
        table = cast(Table, InboundMessage.__table__)
        statement = pg_insert(table).on_conflict_do_nothing(index_elements=_KEY)
        new = len(session.execute(statement.returning(table.c.id), rows).all())
    return Recorded(new, len(messages) - new)


def _follow_moves(session: Session, messages: list[Inbound]) -> None:
    """A chat's new id takes effect when the message telling it arrives, on every
    channel's door (polling and webhooks), not when a send to the old id fails later."""
    moves = [m for m in messages if m.chat_move is not None]
    if moves:
        from tracker.chats import follow_chat_move

        for message in moves:
            assert message.chat_move is not None
            follow_chat_move(session, message.channel, *message.chat_move)


def _record_sqlite(session: Session, messages: list[Inbound], now: datetime, source: str) -> int:
    """One executemany of plain tuples, built straight from the messages.

    SQLAlchemy's per-row parameter handling cost five times the insert itself on a
    200,000-message import; the columns' own bind processors keep the stored formats
    exactly those of the ORM (what is the same for every row is processed once, and
    `raw` is serialised once, by `_json`). SQLite sums the rows each execution changed,
    so skipped duplicates are not counted (RETURNING would mean one statement per row).
    """
    connection = session.connection()
    columns = InboundMessage.__table__.c
    dialect = connection.dialect
    stamp = columns.sent_at.type.bind_processor(dialect)
    flag = columns.forwarded.type.bind_processor(dialect)
    assert stamp is not None
    received = stamp(now)
    source = str(source)
    sql = (
        f"INSERT INTO {InboundMessage.__tablename__} ({', '.join(_SQLITE_COLUMNS)})"
        f" VALUES ({', '.join('?' * len(_SQLITE_COLUMNS))})"
        f" ON CONFLICT ({', '.join(_KEY)}) DO NOTHING"
    )
    values = []
    for message in messages:
        ignored = message.ignored or ("service message" if message.service else None)
        values.append(
            (
                message.channel,
                message.chat_id,
                message.message_id,
                message.edit_version,
                message.sender_id,
                storable(message.sender_name),
                storable(message.text),
                stamp(as_utc(message.sent_at)),
                received,
                _json(message.raw),
                MessageStatus.IGNORED.value if ignored else MessageStatus.PENDING.value,
                ignored,
                received if ignored else None,
                source,
                message.forwarded if flag is None else flag(message.forwarded),
            )
        )
    return connection.exec_driver_sql(sql, values).rowcount


# The order of the values `_record_sqlite` builds; the same columns as `_row`'s.
_SQLITE_COLUMNS = (
    "channel",
    "chat_id",
    "message_id",
    "edit_version",
    "sender_id",
    "sender_name",
    "text",
    "sent_at",
    "received_at",
    "raw",
    "status",
    "reason",
    "processed_at",
    "source",
    "forwarded",
)
# An escaped NUL, or half of a surrogate pair, in `json.dumps`'s ASCII output.
_UNSTORABLE = re.compile(
    r"\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})"
    r"|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}"
)


def _json(raw: Any) -> str:
    """`raw` as the JSON column stores it (`json.dumps`), after `storable`.

    Serialised once, in C, and looked at as text: walking the dict in Python to clean it
    first cost more than the insert. Only a document whose text shows an escaped NUL or
    a half surrogate pair (or a backslash written before such letters: harmless) is
    cleaned and serialised again."""
    text = json.dumps(raw if isinstance(raw, dict) else dict(raw))
    if "\\u" in text and _UNSTORABLE.search(text):
        return json.dumps(storable(dict(raw)))
    return text


def _row(message: Inbound, now: datetime, source: str) -> dict[str, object]:
    ignored = message.ignored or ("service message" if message.service else None)
    return {
        "channel": message.channel,
        "chat_id": message.chat_id,
        "message_id": message.message_id,
        "edit_version": message.edit_version,
        "sender_id": message.sender_id,
        "sender_name": storable(message.sender_name),
        "text": storable(message.text),
        "sent_at": as_utc(message.sent_at),
        "received_at": now,
        "raw": storable(dict(message.raw)),
        # A service message needs no processing: it is kept and marked ignored at once.
        "status": MessageStatus.IGNORED if ignored else MessageStatus.PENDING,
        "reason": ignored,
        "processed_at": now if ignored else None,
        "source": str(source),
        "forwarded": message.forwarded,
    }


def storable(value: Any) -> Any:
    """`value` with what no store can hold taken out: NUL (PostgreSQL refuses it in text
    and in JSONB) and halves of surrogate pairs (not UTF-8 at all), both of which a
    webhook's JSON may carry as `\\u0000` or `\\ud83d`. Without this the journal
    write fails, the platform is told to send again, and sends the same forever.

    Strings, and the strings inside dicts and lists; what is clean is returned as is."""
    if isinstance(value, str):
        if value.isascii():
            return value.replace("\0", "") if "\0" in value else value
        try:
            value.encode()
        except UnicodeEncodeError:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value.replace("\0", "")
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


def cursor(session: Session, channel: str) -> str | None:
    return session.scalar(select(ChannelCursor.position).where(ChannelCursor.channel == channel))


def save_cursor(session: Session, channel: str, position: str) -> None:
    """Move the channel's cursor; call it in the transaction that recorded what it covers.

    One upsert, built once, rather than the ORM's load-then-flush: Zalo hands over one
    event per pull, each stored with its cursor in a transaction of its own (at most
    once), and the load and flush were a third of that transaction's cost."""
    dialect = session.get_bind().dialect.name
    statement = _CURSOR_UPSERTS.get(dialect)
    if statement is None:
        statement = _CURSOR_UPSERTS[dialect] = _cursor_upsert(dialect)
    session.execute(statement, {"channel": channel, "position": position, "updated_at": utcnow()})


_CURSOR_UPSERTS: dict[str, Executable] = {}


def _cursor_upsert(dialect: str) -> Executable:
    from sqlalchemy.dialects import postgresql, sqlite

    table = cast(Table, ChannelCursor.__table__)
    statement = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.channel],
        set_={"position": statement.excluded.position, "updated_at": statement.excluded.updated_at},
    )
