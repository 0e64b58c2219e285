"""About 60 days of team activity, as the chat messages the teams would have sent."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from tracker.clock import VIETNAM
from tracker.config import DEFAULT_DEADLINES
from tracker.demo import phrases
from tracker.demo.people import People
from tracker.demo.plan import ChatPlan, MemberPlan, TeamPlan, WorldPlan
from tracker.messages import Inbound
from tracker.periods import Period

DAYS = 60


class Draft:
    """A message before its id is known: ids follow send times within each chat."""

    __slots__ = ("chat", "edit", "sender_id", "sender_name", "sent_at", "text")

    def __init__(
        self, chat: ChatPlan, sent_at: datetime, sender: MemberPlan | None, text: str
    ) -> None:
        self.chat = chat
        self.sent_at = sent_at
        self.text = text
        self.sender_id = sender.accounts[chat.channel] if sender else None
        self.sender_name = sender.name if sender else None
        self.edit: str | None = None  # the text of a later edit, if the sender corrected it


class Activity:
    def __init__(self, rng: random.Random, world: WorldPlan) -> None:
        self.rng = rng
        self.world = world
        # The window being written: [first, end).
        self.first = world.today - timedelta(days=DAYS)
        self.end = world.today
        self.drafts: list[Draft] = []
        # Residents get ids of their own: they are no team's members.
        self.residents = People(random.Random(rng.random()), first_serial=1_000_000)
        # (team, indicator, month) -> what the team has reported so far, for "=N" reports.
        self.totals: defaultdict[tuple[str, str, str], int] = defaultdict(int)

    def messages(self, history: tuple[date, date] | None = None) -> list[Inbound]:
        """The last DAYS days before today, and the days [first, end) of `history` (a
        month on the old map), numbered together in each chat."""
        if history is not None:
            self._window(*history)
        self._window(self.world.today - timedelta(days=DAYS), self.world.today)
        self._tasks()
        return list(self._numbered())

    def _window(self, first: date, end: date) -> None:
        self.first, self.end = first, end
        for team in self.world.teams:
            self._team(team)
        for chat in self.world.commune_chats:
            self._resident_reports(chat)

    def _moment(self, day: date, start: int = 7, end: int = 21) -> datetime:
        minutes = self.rng.randrange(start * 60, end * 60 + 30)
        return datetime.combine(day, time(minutes // 60, minutes % 60), VIETNAM)

    def _sender(self, team: TeamPlan) -> MemberPlan:
        weights = [
            6 if m.role == "leader" else 3 if m.role == "deputy" else 1 for m in team.members
        ]
        return self.rng.choices(team.members, weights)[0]

    def _team(self, team: TeamPlan) -> None:
        village = team.level == "village"
        chance = (0.18 if village else 0.08) + 0.22 * team.diligence
        per_month = chance * 30
        for offset in range((self.end - self.first).days):
            day = self.first + timedelta(days=offset)
            if team.targets and self.rng.random() < chance:
                self._report(team, day, per_month)
            if team.chat != team.commune_chat and self.rng.random() < 0.12:
                self._chatter(team, day)
        self._monthly_reports(team)

    def _report(self, team: TeamPlan, day: date, per_month: float) -> None:
        chat, sender = team.chat, self._sender(team)
        when = self._moment(day)
        if self.rng.random() < 0.025:
            text = self.rng.choice(phrases.MALFORMED)
            self.drafts.append(Draft(chat, when, sender, text))
            return
        month = str(Period.month_of(day))
        codes = list(team.targets)
        chosen = self.rng.sample(codes, min(len(codes), self.rng.choice([1, 1, 2, 2, 3])))
        items = []
        for code in chosen:
            mean = team.targets[code] * team.diligence / max(per_month / 1.6, 1.0)
            value = max(1, round(mean * self.rng.uniform(0.4, 1.6)))
            if code == "taphuan" or code == "ocop":
                value = 1 if self.rng.random() < 0.8 else 2
                if self.rng.random() < 0.6:
                    continue
            key = (team.code, code, month)
            self.totals[key] += value
            stated = self.rng.random() < 0.08
            items.append(phrases.Item(code, self.totals[key] if stated else value, stated))
        if not items:
            return
        draft = Draft(chat, when, sender, phrases.report(self.rng, items, chat.channel))
        if self.rng.random() < 0.015 and not any(item.total for item in items):
            # Typed a wrong number, then edited the message: the edit is what counts.
            wrong = [phrases.Item(i.code, i.value * 10 + 1) for i in items]
            draft.edit, draft.text = draft.text, phrases.report(self.rng, wrong, chat.channel)
        self.drafts.append(draft)

    def _chatter(self, team: TeamPlan, day: date) -> None:
        if self.rng.random() < 0.35:
            resident = self.residents.person(set())
            sender = MemberPlan(
                resident.name,
                "resident",
                {"zalo": resident.zalo_id, "telegram": resident.telegram_id},
            )
            text = self.rng.choice(phrases.RESIDENT_CHATTER)
        else:
            sender, text = self._sender(team), self.rng.choice(phrases.CHATTER)
        self.drafts.append(Draft(team.chat, self._moment(day, 6, 22), sender, text))

    def _monthly_reports(self, team: TeamPlan) -> None:
        deadline = DEFAULT_DEADLINES[team.level]
        month = Period.month_of(self.first)
        while month.start <= self.end:
            due = month.start.replace(day=deadline)
            roll = self.rng.random()
            if roll < 0.68 * team.diligence + 0.2:
                day = due - timedelta(days=self.rng.randint(0, 7))
            elif roll < 0.9:
                day = due + timedelta(days=self.rng.randint(1, 6))
            else:
                day = None  # never sent: overdue
            if day is not None and self.first <= day < self.end:
                key = str(month)
                totals = {
                    code: self.totals[(team.code, code, key)]
                    for code in team.targets
                    if self.totals[(team.code, code, key)]
                }
                text = phrases.monthly(self.rng, month.start.month, month.start.year, totals)
                self.drafts.append(Draft(team.chat, self._moment(day), self._leader(team), text))
            month = Period.month_of(month.end + timedelta(days=1))

    def _leader(self, team: TeamPlan) -> MemberPlan:
        return next(m for m in team.members if m.role == "leader")

    def _tasks(self) -> None:
        teams = {team.code: team for team in self.world.teams}
        for task in self.world.tasks:
            for code in task.teams:
                if self.rng.random() > 0.75:
                    continue
                day = task.due + timedelta(days=self.rng.randint(-12, 4))
                if not (self.first <= day < self.end):
                    continue
                team = teams[code]
                text = phrases.task_done(self.rng, task.code)
                self.drafts.append(Draft(team.chat, self._moment(day), self._leader(team), text))

    def _resident_reports(self, chat: ChatPlan) -> None:
        """Someone who is not a registered member posts a report: it waits for review."""
        for _ in range(self.rng.randint(0, 2)):
            day = self.first + timedelta(days=self.rng.randrange((self.end - self.first).days))
            resident = self.residents.person(set())
            sender = MemberPlan(resident.name, "resident", {chat.channel: resident.zalo_id})
            text = f"bc ttdt {self.rng.randint(2, 9)}"
            self.drafts.append(Draft(chat, self._moment(day), sender, text))

    def _numbered(self) -> Iterator[Inbound]:
        self.drafts.sort(key=lambda d: (d.sent_at, d.chat.chat_id, d.text))
        serial: defaultdict[str, int] = defaultdict(int)
        for draft in self.drafts:
            serial[draft.chat.chat_id] += 1
            number = str(1000 + serial[draft.chat.chat_id])
            yield self._inbound(draft, number, draft.text, 0)
            if draft.edit is not None:
                yield self._inbound(draft, number, draft.edit, 1)

    @staticmethod
    def _inbound(draft: Draft, number: str, text: str, version: int) -> Inbound:
        edited = draft.sent_at + timedelta(minutes=3 * version)
        return Inbound(
            channel=draft.chat.channel,
            chat_id=draft.chat.chat_id,
            message_id=number,
            sent_at=draft.sent_at,
            text=text,
            sender_id=draft.sender_id,
            sender_name=draft.sender_name,
            edit_version=version,
            chat_title=draft.chat.title,
            raw={"source": "tracker demo", "edit_date": edited.isoformat() if version else None},
        )
