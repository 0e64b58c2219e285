"""The steps sync borrows from the rest of the core, imported only when first used.

Processing journal rows belongs to `tracker.reports.pipeline`, building and rendering
digests to `tracker.digest`; this seam is the one place sync names them.

Outgoing text is plain: the adapters escape it for their platform (Telegram's HTML
parse mode), so digests are rendered with `markup="plain"`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from tracker.config import Settings
from tracker.messages import Outbound
from tracker.store.models import Chat


@dataclass(frozen=True, slots=True)
class Processed:
    counted: int = 0
    review: int = 0


def process_pending(sessions: sessionmaker[Session], settings: Settings) -> Processed:
    """Turn pending journal rows into counted entries, review items and queued replies."""
    from tracker.reports.pipeline import process_pending as run

    stats = run(sessions, settings)
    return Processed(counted=stats.counted, review=stats.review)


def chat_digests(
    session: Session,
    chats: Sequence[Chat],
    day: date,
    settings: Settings,
    limits: Mapping[str, int],
) -> dict[int, list[str]]:
    """The texts of each chat's digest (a unit's or a team's), by chat row id."""
    from tracker.digest import chat_digest_texts

    return chat_digest_texts(session, chats, day, settings, limits)


def private_standings(
    session: Session, day: date, settings: Settings, limits: Mapping[str, int], done: set[str]
) -> list[Outbound]:
    """The day's standing for every member's private chat, but those keyed in `done`."""
    from tracker.digest.personal import private_standings as build

    return build(session, day, settings, limits, done)


def private_chats(
    session: Session, channels: Sequence[str]
) -> list[tuple[str, str, tuple[int, ...]]]:
    """(channel, chat id, team ids) of each member who gets their standing in private."""
    from tracker.digest.personal import private_recipients

    return [(r.channel, r.chat_id, r.team_ids) for r in private_recipients(session, channels)]


def digest_key(channel: str, chat_id: str, day: date, part: int = 1) -> str:
    """`digest:{channel}:{chat_id}:{date}`, and `#2`, `#3`… for further parts."""
    from tracker.digest import digest_key as key

    return key(channel, chat_id, day, part)
