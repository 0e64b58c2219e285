"""A member's own daily standing, sent to their private chat with the bot.

The team digest (`digest_for_team`) put into the words one person needs on a phone:
for each of their teams, every indicator's achieved / target, its share, the team's
rank on it among its siblings and what is still missing; the team's rank overall, its
monthly report and its overdue and open tasks. One message (or a few parts) per person
and day, whatever the number of their teams.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.deadlines import ReportState
from tracker.digest.build import digests_for_teams
from tracker.digest.model import Digest
from tracker.digest.split import Measure, measure_for, percent, split_message
from tracker.digest.strings import TEXT
from tracker.messages import Outbound
from tracker.standing import Progress, StandingRow
from tracker.store.models import Member, MemberAccount, Team


def render_personal(
    digests: Sequence[Digest], language: str = "vi", limit: int = 4096, measure: Measure = len
) -> list[str]:
    """The standing of each team in `digests` (team digests of one day), plain text, as
    messages of at most `limit`."""
    lang = language if language in ("vi", "en") else "vi"
    paragraphs: list[str] = []
    for digest in digests:
        paragraphs.extend(_team(digest, lang))
    paragraphs.append(TEXT(lang, "personal_footer"))
    return split_message("\n\n".join(p for p in paragraphs if p), limit, measure)


def _day(lang: str, value: date) -> str:
    return value.strftime("%d/%m") if lang == "vi" else value.isoformat()


def _team(d: Digest, lang: str) -> list[str]:
    start = d.period.start
    month = f"{start.month:02d}/{start.year}" if lang == "vi" else str(d.period)
    today = d.date.strftime("%d/%m/%Y") if lang == "vi" else d.date.isoformat()
    head = [
        TEXT(lang, "personal_title", name=d.scope_name),
        TEXT(lang, "dateline", date=today, month=month),
    ]
    row = d.team
    ranked = [other for other in d.ranking if other.rank is not None]
    if row is None or row.rank is None:
        head.append(TEXT(lang, "team_unranked"))
    else:
        head.append(
            TEXT(
                lang,
                "team_rank",
                rank=row.rank,
                count=len(ranked),
                parent=d.standing.scope_name,
                score=percent(row.score or 0.0),
            )
        )
    paragraphs = ["\n".join(head)]
    if row is not None and row.indicators:
        lines = [TEXT(lang, "team_indicators")]
        for code, progress in row.indicators.items():
            lines.append(_indicator(d, lang, code, progress, ranked))
        paragraphs.append("\n".join(lines))
    paragraphs.append(_monthly(d, lang, row))
    overdue = [task for task in d.open_tasks if task.due < d.date]
    still_open = [task for task in d.open_tasks if task.due >= d.date]
    for key, tasks in (("personal_tasks_overdue", overdue), ("open_tasks", still_open)):
        if tasks:
            lines = [TEXT(lang, key)]
            lines += [
                TEXT(lang, "open_task_line", code=t.code, title=t.title, due=_day(lang, t.due))
                for t in tasks
            ]
            paragraphs.append("\n".join(lines))
    return paragraphs


def _indicator(d: Digest, lang: str, code: str, mine: Progress, siblings: list[StandingRow]) -> str:
    names = d.indicator_names.get(code, (code, code))
    name = names[1] if lang == "en" else names[0]
    # Rank on this indicator among the siblings that have a quota for it: by share met.
    others = [row.indicators[code] for row in siblings if code in row.indicators]
    rank = 1 + sum(1 for other in others if other.ratio > mine.ratio + 1e-9)
    share = percent(mine.ratio)
    figures = TEXT(
        lang,
        "personal_figures",
        achieved=mine.achieved,
        target=mine.target,
        share=share,
        rank=rank,
        count=max(len(others), 1),
    )
    missing = mine.target - mine.achieved
    left = (
        TEXT(lang, "personal_missing", count=missing) if missing > 0 else TEXT(lang, "personal_met")
    )
    return f"{name}\n    {figures}\n    {left}"


def _monthly(d: Digest, lang: str, row: StandingRow | None) -> str:
    state = row.monthly_report if row is not None else None
    due = _day(lang, d.report_due) if d.report_due is not None else "?"
    if state == ReportState.MISSING and d.report_due is not None:
        days = (d.date - d.report_due).days
        return TEXT(lang, "personal_report_missing", days=days, due=due)
    key = {
        ReportState.ON_TIME: "personal_report_on_time",
        ReportState.LATE: "personal_report_late",
    }.get(ReportState(state) if state else ReportState.NOT_YET_DUE, "personal_report_not_due")
    return TEXT(lang, key, due=due)


@dataclass(frozen=True, slots=True)
class Recipient:
    """One person's private chat on one channel, and the teams whose standing it gets."""

    channel: str
    chat_id: str
    team_ids: tuple[int, ...]


def private_recipients(session: Session, channels: Collection[str]) -> list[Recipient]:
    """Everyone with a known private chat who has not turned their standing off
    (`/tatbantin`), on `channels`.

    A member known in private on two channels is reached on one, the first of
    `channels` (the configuration's order): the same person never gets it twice a day.
    """
    query = (
        select(MemberAccount.channel, MemberAccount.private_chat_id, Member.team_id, Member.id)
        .join(Member, Member.id == MemberAccount.member_id)
        .where(
            MemberAccount.private_chat_id.is_not(None),
            MemberAccount.private_digest.is_(True),
            MemberAccount.channel.in_(list(channels)),
        )
        .order_by(MemberAccount.channel, MemberAccount.private_chat_id, Member.team_id)
    )
    preference = {channel: n for n, channel in enumerate(channels)}
    rows = sorted(session.execute(query), key=lambda row: preference[row[0]])
    teams: dict[tuple[str, str], list[int]] = {}
    reached: set[int] = set()
    for channel, chat_id, member_team, member in rows:
        if member in reached:
            continue
        reached.add(member)
        found = teams.setdefault((channel, str(chat_id)), [])
        if member_team not in found:
            found.append(member_team)
    return [Recipient(channel, chat, tuple(ids)) for (channel, chat), ids in teams.items()]


def private_key(channel: str, chat_id: str, day: date, part: int = 1) -> str:
    """`standing:{channel}:{chat_id}:{date}`, and `#2`, `#3`… for further parts."""
    key = f"standing:{channel}:{chat_id}:{day.isoformat()}"
    return key if part == 1 else f"{key}#{part}"


def private_standings(
    session: Session,
    day: date,
    settings: Settings,
    limits: Mapping[str, int],
    done: Collection[str] = (),
) -> list[Outbound]:
    """The day's private standing of every recipient whose key is not in `done`; each
    team's digest is built once, however many of its members get it."""
    waiting = [
        person
        for person in private_recipients(session, limits)
        if private_key(person.channel, person.chat_id, day) not in done
    ]
    wanted = {team_id for person in waiting for team_id in person.team_ids}
    teams = session.scalars(select(Team).where(Team.id.in_(wanted)).order_by(Team.id)).all()
    # A team that covers no unit has no siblings to be ranked among, and no digest; nor
    # has a retired team (digests_for_teams leaves it out).
    built = digests_for_teams(session, teams, day, settings)
    messages = []
    for person in waiting:
        digests = [built[team_id] for team_id in person.team_ids if team_id in built]
        if not digests:
            continue
        limit, measure = limits[person.channel], measure_for(person.channel)
        parts = render_personal(digests, settings.language, limit, measure)
        messages += [
            Outbound(
                person.channel,
                person.chat_id,
                text,
                private_key(person.channel, person.chat_id, day, n),
                "digest",
            )
            for n, text in enumerate(parts, 1)
        ]
    return messages
