"""`tracker demo`: load the demo province on the map of 2025, reorganise it as on 1 July
2025, and add its quotas, June 2025 and the last 60 days of chat activity."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from tracker import audit
from tracker.config import Settings
from tracker.demo.activity import DAYS, Activity
from tracker.demo.facts import facts
from tracker.demo.newmap import reorganize_demo
from tracker.demo.plan import WorldPlan
from tracker.demo.work import add_quotas, add_tasks
from tracker.demo.world import SIZES, WorldBuilder
from tracker.errors import UserError
from tracker.journal import record
from tracker.periods import Period
from tracker.store.engine import transaction
from tracker.store.models import AuditEntry, Base, InboundMessage, Team, Unit

ACTOR = "tracker demo"


class DemoError(UserError):
    """The demo cannot be loaded into this store."""


@dataclass(frozen=True, slots=True)
class DemoResult:
    loaded: bool  # False when the store already held the demo and nothing was done
    seed: int
    size: str
    units: int
    teams: int
    messages: int
    processing: dict[str, Any] | None  # what the pipeline made of the messages, when loaded


def load_demo(
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    today: date,
    seed: int = 2022,
    size: str = "medium",
    reset: bool = False,
) -> DemoResult:
    """Fill the store with the demo; refuse a store that holds other data."""
    if size not in SIZES:
        raise DemoError(f"unknown demo size '{size}': use {', '.join(SIZES)}")
    # The last 60 days are on today's map, after the month of history on the old one.
    earliest = facts().effective + timedelta(days=DAYS)
    if today < earliest:
        raise DemoError(
            f"the demo's today must be on or after {earliest.isoformat()}: its last {DAYS} "
            f"days are on the map of {facts().effective.isoformat()}"
        )
    with transaction(sessions) as session:
        marker = demo_marker(session)
        if marker is not None and not reset:
            return _summary(session, False, marker)
        if marker is None and session.scalar(select(func.count()).select_from(Unit)):
            raise DemoError(
                "the store already holds units that are not the demo's; "
                "load the demo into an empty store (e.g. --db sqlite:///demo.db)"
            )
        if marker is not None:
            _wipe(session)
        rng = random.Random(seed)
        builder = WorldBuilder(session, rng, dict(settings.member_caps))
        built = builder.build(SIZES[size])
        reorganize_demo(session, settings, built, ACTOR)
        history = Period.month_of(facts().effective - timedelta(days=1))
        world = WorldPlan(today=today, teams=built.plans)
        with session.no_autoflush:  # one flush below, not one per object read
            add_quotas(session, rng, built, today, history)
            world.tasks = add_tasks(session, built, today)
        world.commune_chats = sorted(
            {plan.commune_chat for plan in built.plans}, key=lambda chat: chat.chat_id
        )
        session.flush()
        messages = Activity(rng, world).messages((history.start, history.end + timedelta(days=1)))
        record(session, messages)
        marker = {"seed": seed, "size": size, "today": today.isoformat()}
        audit.record(session, ACTOR, "create", "demo", "demo", None, marker)
    processing = process_recorded_messages(sessions, settings)
    with sessions() as session:
        return _summary(session, True, {"seed": seed, "size": size}, processing)


def process_recorded_messages(
    sessions: sessionmaker[Session], settings: Settings
) -> dict[str, Any] | None:
    """Turn the recorded demo messages into entries, review items and monthly reports.

    The activity takes the same path as real messages: the journal, then the pipeline.
    No replies are queued: answering two months of history would only flood the groups.
    """
    from tracker.reports.pipeline import process_pending

    stats = process_pending(sessions, settings, replies=False)
    return {
        "counted": stats.counted,
        "review": stats.review,
        "ignored": stats.ignored,
        "failed": stats.failed,
        "entries": stats.entries,
    }


def demo_marker(session: Session) -> dict[str, Any] | None:
    """What the demo in this store was loaded with, or None when it holds no demo."""
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "demo", AuditEntry.actor == ACTOR)
    ).first()
    return dict(entry.after) if entry is not None else None


def _wipe(session: Session) -> None:
    for table in reversed(Base.metadata.sorted_tables):
        session.execute(delete(table))


def _summary(
    session: Session,
    loaded: bool,
    marker: dict[str, Any],
    processing: dict[str, Any] | None = None,
) -> DemoResult:
    def count(model: type[Base]) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return DemoResult(
        loaded=loaded,
        seed=int(marker["seed"]),
        size=str(marker["size"]),
        units=count(Unit),
        teams=count(Team),
        messages=count(InboundMessage),
        processing=processing,
    )
