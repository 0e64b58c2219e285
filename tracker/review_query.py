"""The review inbox as an officer sees it: the items of their scope, filtered and sorted.

A commune officer sees the items of the teams under their commune, and those of no team
that came from a chat bound to a unit or team of the commune; only the top of the map
also sees the items that belong nowhere yet (a stranger in an unbound chat).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.chats import chat_id_variants
from tracker.clock import local_date
from tracker.errors import Refusal
from tracker.hierarchy import subtree_unit_ids, team_ids_under
from tracker.review import ReviewRow, list_items
from tracker.store.models import Chat, Indicator, Team, Unit
from tracker.text import fold, squash_spaces

SORTS = ("date", "team", "sender", "reason")


@dataclass(frozen=True)
class InboxFilter:
    """What an officer narrows the inbox to; None (or empty) means any."""

    reasons: frozenset[str] = frozenset()
    team: str | None = None  # a team code
    older_than: int | None = None  # days before today
    newer_than: int | None = None  # days before today


def in_scope(session: Session, scope: Unit | None, rows: list[ReviewRow]) -> list[ReviewRow]:
    """The rows an officer of `scope` may see (all of them at the top of the map)."""
    if scope is None or scope.parent_id is None:
        return rows
    teams = set(session.scalars(team_ids_under(scope.id)))
    units = subtree_unit_ids(scope.id)
    bound = session.execute(
        select(Chat.channel, Chat.chat_id).where(
            or_(Chat.unit_id.in_(units), Chat.team_id.in_(list(teams)))
        )
    )
    chats = {
        (channel, spelling)
        for channel, chat in bound
        for spelling in chat_id_variants(channel, chat)
    }
    codes = set(session.scalars(select(Team.code).where(Team.id.in_(list(teams)))))

    def seen(row: ReviewRow) -> bool:
        if row.team:
            return row.team in codes
        return (row.channel, row.chat_id) in chats

    return [row for row in rows if seen(row)]


def narrowed(rows: list[ReviewRow], wanted: InboxFilter, today: date) -> list[ReviewRow]:
    def keep(row: ReviewRow) -> bool:
        age = (today - local_date(row.sent_at)).days
        return (
            (not wanted.reasons or row.reason in wanted.reasons)
            and (wanted.team is None or row.team == wanted.team)
            and (wanted.older_than is None or age > wanted.older_than)
            and (wanted.newer_than is None or age <= wanted.newer_than)
        )

    return [row for row in rows if keep(row)]


def sorted_rows(rows: list[ReviewRow], by: str = "date", reverse: bool = False) -> list[ReviewRow]:
    """By date (oldest first), team name, sender or reason; ties by date, then id."""

    def key(row: ReviewRow) -> tuple[str, object, int]:
        value = {
            "date": "",
            "team": fold(row.team_name or row.team or "~"),
            "sender": fold(row.sender_name or row.sender_id or "~"),
            "reason": row.reason,
        }[by]
        return (value, row.sent_at, row.id)

    return sorted(rows, key=key, reverse=reverse)


def inbox(
    session: Session,
    scope: Unit | None,
    today: date,
    wanted: InboxFilter = InboxFilter(),
    status: str = "open",
) -> list[ReviewRow]:
    """The items of `scope` with `status`, narrowed by `wanted`, oldest first."""
    rows = in_scope(session, scope, list_items(session, status))
    return narrowed(rows, wanted, today)


def older_than(today: date, days: int) -> date:
    return today - timedelta(days=days)


@dataclass(frozen=True)
class IndicatorChoice:
    code: str
    name: str
    aliases: tuple[str, ...]

    def matches(self, typed: str) -> bool:
        """Whether what is typed is in the code, the name or an alias (diacritics optional)."""
        wanted = fold(squash_spaces(typed))
        return any(wanted in fold(text) for text in (self.code, self.name, *self.aliases))


def indicator_choices(session: Session, language: str = "vi") -> list[IndicatorChoice]:
    rows = session.execute(
        select(Indicator.code, Indicator.name, Indicator.name_en, Indicator.aliases).order_by(
            Indicator.code
        )
    )
    return [
        IndicatorChoice(code, (name_en or name) if language == "en" else name, tuple(aliases or ()))
        for code, name, name_en, aliases in rows
    ]


def team_choices(session: Session, scope: Unit) -> list[tuple[str, str]]:
    """(code, name) of the teams under `scope`, by name: what an item may be counted for."""
    rows = session.execute(
        select(Team.code, Team.name)
        .where(Team.id.in_(team_ids_under(scope.id)))
        .order_by(Team.name)
    )
    return [(code, name) for code, name in rows]


def resolve_indicator(session: Session, typed: str) -> str:
    """The code of the indicator `typed` names: its code, its name or any alias the chat
    accepts, compared without regard to case, diacritics or spacing."""
    wanted = fold(squash_spaces(typed))
    found = {
        code
        for code, name, name_en, aliases in session.execute(
            select(Indicator.code, Indicator.name, Indicator.name_en, Indicator.aliases)
        )
        if wanted in {fold(squash_spaces(t)) for t in (code, name, name_en or "", *(aliases or ()))}
    }
    if len(found) == 1:
        return found.pop()
    if found:
        raise Refusal("indicator.ambiguous", text=typed, codes=", ".join(sorted(found)))
    raise Refusal("indicator.unknown", code=typed)
