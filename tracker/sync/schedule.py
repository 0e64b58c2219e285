"""What sync posts on its own, once: daily digests, monthly-report reminders, overdue flags.

Everything is queued in the outbox under a key that names what it is for, so that a
second run, a restart or a second server queues nothing new:

- `digest:{channel}:{chat_id}:{date}`: each active bound chat, once a day from
  `digest.time` (Vietnam time) on; a unit's chat gets the unit digest, a team's chat
  the team digest;
- `standing:{channel}:{chat_id}:{date}`: each member's own standing, once a day from
  `digest.time`, in their private chat with the bot (known once they wrote there),
  unless they turned it off (`/tatbantin`); one message a person, whatever their teams;
- `reminder:{team}:{month}`: from `reminder.days` days before a team's deadline up to
  the deadline, when it has sent no monthly report, in the team's chat, and
  (`…:private:{channel}:{chat_id}`) in the private chat of each member who gets the
  private standing;
- `overdue:{team}:{month}`: from the day after the deadline to the end of the month,
  in the chat of the team's parent unit or of its nearest ancestor that has one.

Reminders and flags go out with the digests, at `digest.time`.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tracker.clock import VIETNAM
from tracker.config import Settings
from tracker.deadlines import report_deadline
from tracker.maps.history import owes_report, team_active, team_parent_on
from tracker.messages import Outbound
from tracker.periods import Period
from tracker.store.models import Chat, MonthlyReport, Team
from tracker.sync import steps
from tracker.sync.notices import TEXT
from tracker.sync.outbox import known_keys, officer_chat, queue

log = logging.getLogger("tracker.sync")


def queue_due(
    sessions: sessionmaker[Session],
    settings: Settings,
    now: datetime,
    limits: Mapping[str, int],
) -> int:
    """Queue every post due at `now` on the channels in `limits` (name → max text length)."""
    local = now.astimezone(VIETNAM)
    if local.time() < settings.digest_time:
        return 0
    day = local.date()
    queued = queue_digests(sessions, settings, day, limits)
    queued += queue_private_standings(sessions, settings, day, limits)
    with sessions.begin() as session:
        queued += queue_reminders(session, settings, day, limits)
        queued += queue_overdue(session, settings, day, limits)
    return queued


def queue_digests(
    sessions: sessionmaker[Session], settings: Settings, day: date, limits: Mapping[str, int]
) -> int:
    """The day's digest for every active bound chat that has not had it yet.

    The unit digests are built in one batch (one standing per top-most unit, not one per
    chat: a province's 250 chats take seconds instead of minutes), outside the write
    transaction, so that no lock is held while they are computed.
    """
    with sessions() as session:
        chats = session.scalars(
            select(Chat)
            .where(Chat.active.is_(True), Chat.channel.in_(list(limits)))
            .order_by(Chat.id)
        ).all()
        done = known_keys(session, f"digest:%:{day.isoformat()}")
        waiting = [c for c in chats if steps.digest_key(c.channel, c.chat_id, day) not in done]
        texts = steps.chat_digests(session, waiting, day, settings, limits)
        parts = [
            Outbound(
                chat.channel,
                chat.chat_id,
                text,
                steps.digest_key(chat.channel, chat.chat_id, day, n),
                "digest",
            )
            for chat in waiting
            for n, text in enumerate(texts.get(chat.id, []), 1)
        ]
    with sessions.begin() as session:
        return queue(session, parts)


def queue_private_standings(
    sessions: sessionmaker[Session], settings: Settings, day: date, limits: Mapping[str, int]
) -> int:
    """The day's standing in the private chat of every member who gets it and has not
    had it yet; built outside the write transaction, like the chats' digests."""
    with sessions() as session:
        done = known_keys(session, f"standing:%:{day.isoformat()}")
        messages = steps.private_standings(session, day, settings, limits, done)
    with sessions.begin() as session:
        return queue(session, messages)


def _teams_without_report(session: Session, month: Period, day: date) -> list[Team]:
    """The teams working on `day` with no report for `month`: a retired team, or one not
    founded yet, is neither reminded nor flagged."""
    reported = select(MonthlyReport.team_id).where(MonthlyReport.month == str(month))
    query = select(Team).where(Team.id.not_in(reported), team_active(day, day))
    return list(session.scalars(query.order_by(Team.code)))


def queue_reminders(
    session: Session, settings: Settings, day: date, limits: Mapping[str, int]
) -> int:
    month = Period.month_of(day)
    done = known_keys(session, f"reminder:%:{month}%")
    messages = []
    people = steps.private_chats(session, list(limits))
    for team in _teams_without_report(session, month, day):
        due = report_deadline(team.level, month, settings.deadlines)
        if not due - timedelta(days=settings.reminder_days) <= day <= due:
            continue
        key = f"reminder:{team.code}:{month}"
        values = {
            "team": team.name,
            "code": team.code,
            "month": f"{month.start.month}/{month.start.year}",
            "due": due.strftime("%d/%m/%Y"),
        }
        text = TEXT(settings.language, "reminder", **values)
        chats = _team_chats(session, team, limits)
        for n, chat in enumerate(chats):
            chat_key = key if n == 0 else f"{key}:{chat.channel}:{chat.chat_id}"
            if chat_key in done:
                continue
            messages.append(Outbound(chat.channel, chat.chat_id, text, chat_key, "reminder"))
        for channel, chat_id, team_ids in people:
            private_key = f"{key}:private:{channel}:{chat_id}"
            if team.id not in team_ids or private_key in done:
                continue
            # In private, one of several teams is named in the report (language/teamname.py).
            wording = "reminder_named" if len(team_ids) > 1 else "reminder"
            own = TEXT(settings.language, wording, **values)
            messages.append(Outbound(channel, chat_id, own, private_key, "reminder"))
    return queue(session, messages)


def queue_overdue(
    session: Session, settings: Settings, day: date, limits: Mapping[str, int]
) -> int:
    month = Period.month_of(day)
    done = known_keys(session, f"overdue:%:{month}")
    messages = []
    for team in _teams_without_report(session, month, day):
        due = report_deadline(team.level, month, settings.deadlines)
        key = f"overdue:{team.code}:{month}"
        if day <= due or key in done or not owes_report(team.active_from, None, due):
            continue  # a team founded after the deadline owed nothing this month
        # The parent on today's map: a commune's is the province when there is no district;
        # officer_chat climbs on to the nearest ancestor that has a chat.
        chat = officer_chat(session, team_parent_on(session, team, day), list(limits))
        if chat is None:
            log.debug("overdue: %s has no parent chat to be flagged in", team.code)
            continue
        text = TEXT(
            settings.language,
            "overdue",
            team=team.name,
            month=f"{month.start.month}/{month.start.year}",
            due=due.strftime("%d/%m/%Y"),
        )
        messages.append(Outbound(chat.channel, chat.chat_id, text, key, "overdue"))
    return queue(session, messages)


def _team_chats(session: Session, team: Team, channels: Collection[str]) -> list[Chat]:
    return list(
        session.scalars(
            select(Chat)
            .where(Chat.team_id == team.id, Chat.active.is_(True), Chat.channel.in_(list(channels)))
            .order_by(Chat.id)
        )
    )
