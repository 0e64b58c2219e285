"""The steps sync borrows from the rest of the core, imported only when first used.

Processing journal rows belongs to `tracker.reports.pipeline`, building and rendering
digests to `tracker.digest`; this seam is the one place sync names them.

Outgoing text is plain: the adapters escape it for their platform (Telegram's HTML
parse mode), so digests are rendered with `markup="plain"`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from tracker.config import Settings
from tracker.store.models import Team, Unit

if TYPE_CHECKING:
    from tracker.digest import Digest


@dataclass(frozen=True, slots=True)
class Processed:
    counted: int = 0
    review: int = 0


def process_pending(sessions: sessionmaker[Session], settings: Settings) -> Processed:
    """Turn pending journal rows into counted entries, review items and queued replies."""
    from tracker.reports.pipeline import process_pending as run

    stats = run(sessions, settings)
    return Processed(counted=stats.counted, review=stats.review)


def unit_digests(
    session: Session, units: Sequence[Unit], day: date, settings: Settings
) -> dict[int, Digest]:
    """The digests of the units' chats (the ranking of the teams under each), by unit id."""
    from tracker.digest import build_unit_digests

    return build_unit_digests(session, units, day, settings)


def render(digest: Digest, settings: Settings, limit: int) -> list[str]:
    from tracker.digest import render_digest

    return render_digest(digest, settings.language, limit, "plain")


def team_digest(
    session: Session, team: Team, day: date, settings: Settings, limit: int
) -> list[str]:
    """The texts of a team chat's digest: its standing and its rank among its siblings."""
    from tracker.digest import digest_for_team, render_digest

    digest = digest_for_team(session, team, day, settings)
    return render_digest(digest, settings.language, limit, "plain")


def digest_key(channel: str, chat_id: str, day: date, part: int = 1) -> str:
    """`digest:{channel}:{chat_id}:{date}`, and `#2`, `#3`… for further parts."""
    from tracker.digest import digest_key as key

    return key(channel, chat_id, day, part)
