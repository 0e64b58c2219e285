"""`tracker monthly remind`: chase the teams under a unit that have not reported for a month.

At most once a day per team: the outbox key holds the team, the month and the day, so a
second run that day queues nothing (the scheduled reminders of `tracker sync` are apart).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.deadlines import report_deadline
from tracker.hierarchy import scope_team_ids
from tracker.maps.history import team_active
from tracker.messages import Outbound
from tracker.monthly.decisions import team_chats
from tracker.monthly.strings import TEXT, month_label
from tracker.periods import Period
from tracker.store.models import MonthlyReport, Team, Unit
from tracker.sync.outbox import known_keys, queue


@dataclass
class Reminded:
    queued: list[str] = field(default_factory=list)  # team codes
    already: list[str] = field(default_factory=list)  # reminded earlier today
    no_chat: list[str] = field(default_factory=list)


def remind(
    session: Session,
    scope: Unit,
    month: Period,
    on: date,
    deadlines: Mapping[str, int],
    language: str,
) -> Reminded:
    reported = select(MonthlyReport.team_id).where(MonthlyReport.month == str(month))
    teams = session.scalars(
        select(Team)
        .where(
            Team.id.in_(scope_team_ids(session, scope.id, month.end, month.start)),
            Team.id.not_in(reported),
            team_active(on, on),  # a retired team is not chased, nor one not founded yet
        )
        .order_by(Team.code)
    )
    done = known_keys(session, f"monthly-remind:%:{month}:{on}%")
    found = Reminded()
    messages = []
    for team in teams:
        key = f"monthly-remind:{team.code}:{month}:{on}"
        if any(known.startswith(key) for known in done):
            found.already.append(team.code)
            continue
        chats = team_chats(session, team)
        if not chats:
            found.no_chat.append(team.code)
            continue
        due = report_deadline(team.level, month, deadlines)
        text = TEXT(
            language,
            "remind",
            team=team.name,
            month=month_label(str(month)),
            due=due.strftime("%d/%m/%Y"),
        )
        for n, (channel, chat_id) in enumerate(chats):
            messages.append(Outbound(channel, chat_id, text, f"{key}:{n}", "reminder"))
        found.queued.append(team.code)
    queue(session, messages)
    return found
