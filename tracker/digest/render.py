"""A digest in words for a phone's chat window: short lines, bars of characters, no tables.

`markup="html"` escapes every name for Telegram's HTML parse mode and bolds the headings;
`markup="plain"` (Zalo) leaves text as it is. Sections are paragraphs, so that a long
digest splits into messages only between them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from tracker.digest.model import Digest, TaskLine
from tracker.digest.split import Measure, bar, escape, percent, split_message
from tracker.digest.strings import TEXT
from tracker.standing import Progress, StandingRow

Markup = Literal["html", "plain"]
SHOWN = 5  # teams shown at the top and at the bottom of a long ranking
LISTED = 15  # overdue teams listed before "… and N more"


def render_digest(
    digest: Digest,
    language: str = "vi",
    limit: int = 4096,
    markup: Markup = "html",
    measure: Measure = len,
) -> list[str]:
    """The digest as one or more messages of at most `limit`, counted by `measure` (the
    channel's own way: `tracker.digest.split.measure_for`)."""
    writer = _Writer(digest, language, markup)
    paragraphs = writer.unit() if digest.kind == "unit" else writer.team()
    return split_message("\n\n".join(p for p in paragraphs if p), limit, measure)


class _Writer:
    def __init__(self, digest: Digest, language: str, markup: Markup) -> None:
        self.d = digest
        self.lang = language if language in ("vi", "en") else "vi"
        self.html = markup == "html"

    def t(self, key: str, **values: object) -> str:
        return TEXT(self.lang, key, **values)

    def esc(self, text: str) -> str:
        return escape(text) if self.html else text

    def head(self, text: str) -> str:
        return f"<b>{text}</b>" if self.html else text

    def day(self, value: date) -> str:
        return value.strftime("%d/%m/%Y") if self.lang == "vi" else value.isoformat()

    def short(self, value: date) -> str:
        return value.strftime("%d/%m") if self.lang == "vi" else value.isoformat()

    def month(self) -> str:
        start = self.d.period.start
        return f"{start.month:02d}/{start.year}" if self.lang == "vi" else str(self.d.period)

    def indicator(self, code: str) -> str:
        names = self.d.indicator_names.get(code, (code, code))
        return self.esc(names[1] if self.lang == "en" else names[0])

    # Unit digest ---------------------------------------------------------------------

    def unit(self) -> list[str]:
        title = self.head(self.esc(self.t("unit_title", name=self.d.scope_name)))
        dateline = self.t("dateline", date=self.day(self.d.date), month=self.month())
        return [
            f"{title}\n{dateline}",
            *self.ranking(),
            self.totals(),
            self.overdue(),
            self.tasks("tasks_overdue", self.d.tasks_overdue),
            self.tasks("tasks_soon", self.d.tasks_due_soon),
            self.movers(),
        ]

    def ranking(self) -> list[str]:
        ranked = [row for row in self.d.ranking if row.rank is not None]
        unranked = len(self.d.ranking) - len(ranked)
        note = f"\n{self.t('no_quota', count=unranked)}" if unranked else ""
        if not ranked:
            return [self.t("no_teams") + note]
        if len(ranked) <= 2 * SHOWN:
            lines = [self.head(self.t("ranking", count=len(ranked)))]
            return ["\n".join(lines + [self.team_line(row) for row in ranked]) + note]
        top = [self.head(self.t("top", count=len(ranked)))]
        top += [self.team_line(row) for row in ranked[:SHOWN]]
        bottom = [self.head(self.t("bottom"))]
        bottom += [self.team_line(row) for row in ranked[-SHOWN:]]
        return ["\n".join(top), "\n".join(bottom) + note]

    def team_line(self, row: StandingRow) -> str:
        return f"{row.rank}. {self.esc(row.name)}\n    {bar(row.score or 0.0)}"

    def progress_lines(self, totals: dict[str, Progress]) -> list[str]:
        return [
            f"{self.indicator(code)}\n    {p.achieved}/{p.target} {bar(p.ratio)}"
            for code, p in totals.items()
        ]

    def totals(self) -> str:
        if not self.d.totals:
            return ""
        return "\n".join([self.head(self.t("totals")), *self.progress_lines(self.d.totals)])

    def overdue(self) -> str:
        rows = self.d.overdue
        if not rows:
            return self.t("overdue_none")
        lines = [self.head(self.t("overdue", count=len(rows)))]
        for row in rows[:LISTED]:
            due = self.short(row.due)
            lines.append(
                self.t("overdue_line", name=self.esc(row.name), days=row.days_late, due=due)
            )
        if len(rows) > LISTED:
            lines.append(self.t("more", count=len(rows) - LISTED))
        return "\n".join(lines)

    def tasks(self, key: str, tasks: list[TaskLine]) -> str:
        if not tasks:
            return ""
        line: Callable[[TaskLine], str] = lambda task: self.t(  # noqa: E731
            "task_line",
            code=self.esc(task.code),
            title=self.esc(task.title),
            due=self.short(task.due),
            count=len(task.teams),
        )
        return "\n".join([self.head(self.t(key)), *(line(task) for task in tasks)])

    def movers(self) -> str:
        if not self.d.movers:
            return ""
        lines = [self.head(self.t("movers"))]
        for move in self.d.movers:
            before, after = percent(move.before), percent(move.after)
            lines.append(
                self.t(
                    "mover_line",
                    name=self.esc(move.name),
                    points=after - before,
                    before=before,
                    after=after,
                )
            )
        return "\n".join(lines)

    # Team digest ---------------------------------------------------------------------

    def team(self) -> list[str]:
        title = self.head(self.esc(self.t("team_title", name=self.d.scope_name)))
        dateline = self.t("dateline", date=self.day(self.d.date), month=self.month())
        row = self.d.team
        if row is None or row.rank is None:
            rank = self.t("team_unranked")
        else:
            ranked = sum(1 for other in self.d.ranking if other.rank is not None)
            rank = self.t(
                "team_rank",
                rank=row.rank,
                count=ranked,
                parent=self.esc(self.d.standing.scope_name),
                score=percent(row.score or 0.0),
            )
        paragraphs = [f"{title}\n{dateline}\n{rank}"]
        if self.d.totals:
            lines = [self.head(self.t("team_indicators")), *self.progress_lines(self.d.totals)]
            paragraphs.append("\n".join(lines))
        for row_overdue in self.d.overdue:
            due = self.short(row_overdue.due)
            paragraphs.append(self.t("report_missing", days=row_overdue.days_late, due=due))
        if self.d.open_tasks:
            lines = [self.head(self.t("open_tasks"))]
            for task in self.d.open_tasks:
                lines.append(
                    self.t(
                        "open_task_line",
                        code=self.esc(task.code),
                        title=self.esc(task.title),
                        due=self.short(task.due),
                    )
                )
            paragraphs.append("\n".join(lines))
        return paragraphs
