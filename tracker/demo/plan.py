"""What the activity generator needs to know about the world built in the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class ChatPlan:
    channel: str  # zalo or telegram
    chat_id: str
    title: str


@dataclass(frozen=True, slots=True)
class MemberPlan:
    name: str
    role: str
    accounts: dict[str, str]  # channel -> user id


@dataclass
class TeamPlan:
    code: str
    name: str
    level: str  # village or commune
    households: int
    members: list[MemberPlan]
    # Where the team posts: its own group if it has one, else its commune's group.
    chat: ChatPlan
    commune_chat: ChatPlan
    targets: dict[str, int]  # indicator code -> resolved target for the current month
    diligence: float  # 0.2 (a team that barely reports) .. 1.3 (ahead of its quotas)


@dataclass(frozen=True, slots=True)
class TaskPlan:
    code: str
    due: date
    teams: tuple[str, ...]


@dataclass
class WorldPlan:
    today: date
    teams: list[TeamPlan] = field(default_factory=list)
    tasks: list[TaskPlan] = field(default_factory=list)
    commune_chats: list[ChatPlan] = field(default_factory=list)
