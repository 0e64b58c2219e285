"""The unit's compiled monthly report (`tracker monthly compile`): what the commune sends up.

Its figures are those of `tracker leaderboard` for the same scope and month: the standing is
built by the leaderboard's own function and its totals are the standing's, never a second sum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from tracker.leaderboard import build_leaderboard
from tracker.monthly.listing import MonthList, TeamMonth, month_list, sent_day
from tracker.periods import Period
from tracker.standing import Standing
from tracker.store.models import Unit

SECTIONS = ("difficulties", "proposals", "good_practices")


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    code: str
    name: str
    target: int
    achieved: int
    change: int | None  # achieved minus last month's; None when last month had no quota

    @property
    def ratio(self) -> float | None:
        return None if self.target == 0 else self.achieved / self.target


@dataclass(frozen=True, slots=True)
class TeamLine:
    team: str
    name: str
    rank: int | None
    score: float | None
    status: str
    sent: date | None


@dataclass(frozen=True, slots=True)
class Compiled:
    unit: str
    unit_name: str
    month: Period
    made_on: date
    language: str
    indicators: list[IndicatorLine]
    teams: list[TeamLine]
    words: list[tuple[str, dict[str, str]]]  # team name -> its non-empty sections
    late: list[TeamMonth]
    missing: list[TeamMonth]


def compile_report(
    session: Session,
    scope: Unit,
    month: Period,
    on: date,
    deadlines: Mapping[str, int],
    language: str,
) -> Compiled:
    standing = build_leaderboard(session, scope, month, on, deadlines)
    previous = build_leaderboard(
        session, scope, Period.month_of(month.start - timedelta(days=1)), on, deadlines
    )
    months = month_list(session, scope, month, on, deadlines)
    return Compiled(
        unit=scope.code,
        unit_name=scope.name,
        month=month,
        made_on=on,
        language=language,
        indicators=_indicators(standing, previous, language),
        teams=_teams(standing, months),
        words=_words(months),
        late=[row for row in months.teams if row.timeliness == "late"],
        missing=[row for row in months.teams if row.timeliness == "missing"],
    )


def _indicators(standing: Standing, previous: Standing, language: str) -> list[IndicatorLine]:
    before = previous.totals
    lines = []
    for code, progress in standing.totals.items():
        names = standing.indicator_names.get(code, (code, code))
        last = before.get(code)
        lines.append(
            IndicatorLine(
                code,
                names[0] if language == "vi" else names[1],
                progress.target,
                progress.achieved,
                None if last is None else progress.achieved - last.achieved,
            )
        )
    return lines


def _teams(standing: Standing, months: MonthList) -> list[TeamLine]:
    lines = []
    for row in standing.rows:
        month = months.team(row.team)
        lines.append(
            TeamLine(
                row.team,
                row.name,
                row.rank,
                row.score,
                month.status if month is not None else "",
                None if month is None else sent_day(month),
            )
        )
    return lines


def _words(months: MonthList) -> list[tuple[str, dict[str, str]]]:
    found = []
    for row in months.teams:
        sections = {
            name: text
            for name in SECTIONS
            if (text := getattr(row.report, name).strip()) and row.reported
        }
        if sections:
            found.append((row.name, sections))
    return found
