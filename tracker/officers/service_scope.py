"""The scope check inside a write service, which knows its officer only by the `actor`
string it is given (`tracker.cli.actor.actor`, the terminal UI's `ctx.officer`).

That string is what `acting_officer` made: the login itself, or `name (login)` when an
admin signs under another name (and `import:file (login)` for an import). So the account
is the login it names; a store with no accounts stays open whatever the string says.
The caller has already checked who may use which name, so the string is trusted here.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.officers.acting import Acting, account_of, accounts_exist
from tracker.officers.authorize import authorize_team, authorize_units
from tracker.store.models import Chat, Team, TeamUnit, Unit


def acting_from_actor(session: Session, actor: str) -> Acting:
    """The Acting an actor string stands for."""
    if not accounts_exist(session):
        return Acting(actor, None, None, open_store=True)
    login = _login_in(actor)
    return Acting(actor, login, account_of(session, login))


def _login_in(actor: str) -> str:
    actor = actor.strip()
    if actor.endswith(")") and "(" in actor:
        return actor[actor.rindex("(") + 1 : -1].strip()
    return actor


def check_units(
    session: Session,
    actor: str,
    action: str,
    unit_ids: Iterable[int | None],
    *,
    what: str,
    entity: str = "-",
    key: str = "",
) -> None:
    """authorize_units for a service given an actor string."""
    acting = acting_from_actor(session, actor)
    if acting.open_store:
        return
    authorize_units(session, acting, action, unit_ids, what=what, entity=entity, key=key)


def check_team(session: Session, actor: str, action: str, team: Team, *, what: str) -> None:
    """authorize_team for a service given an actor string."""
    acting = acting_from_actor(session, actor)
    if acting.open_store:
        return
    authorize_team(session, acting, action, team, what=what)


def chat_places(session: Session, chat: Chat) -> list[int | None]:
    """A chat is in the place it is bound to: its unit, or every unit of its team (a chat
    bound to neither, or to a team covering nothing, is the whole store's)."""
    if chat.unit_id is not None:
        return [chat.unit_id]
    if chat.team_id is not None:
        return team_places(session, chat.team_id)
    return [None]


def team_places(session: Session, team_id: int) -> list[int | None]:
    """The units a team covers (none: the whole store's)."""
    covered = session.scalars(select(TeamUnit.unit_id).where(TeamUnit.team_id == team_id))
    return list(covered) or [None]


def check_chat(session: Session, actor: str, action: str, chat: Chat, *, what: str) -> None:
    """The scope check of a write to or about `chat`."""
    key = f"{chat.channel}:{chat.chat_id}"
    places = chat_places(session, chat)
    check_units(session, actor, action, places, what=what, entity="chat", key=key)


def unit_ids(session: Session, codes: Iterable[str]) -> list[int | None]:
    """The ids of the units coded `codes` the store knows (an unknown code is left to
    the service, which refuses it with its own message)."""
    wanted = [code for code in codes if code]
    if not wanted:
        return []
    return list(session.scalars(select(Unit.id).where(Unit.code.in_(wanted))))


def check_unit_form(
    session: Session, actor: str, code: str, old_code: str | None, parent: str, *, what: str
) -> None:
    """A unit added or changed sits where it is now and where the form puts it: under
    `parent`, or at the top (the whole store's) when the form names no parent."""
    places = unit_ids(session, [old_code or code, parent])
    if not parent:
        places.append(None)
    check_units(session, actor, "write", places, what=what, entity="unit", key=code)


def check_review(
    session: Session, actor: str, item_id: int, team: str | None, *, what: str
) -> None:
    """A decision on a review item: its team's place, and the team it is counted for."""
    from tracker.officers.review_scope import authorize_review

    authorize_review(session, acting_from_actor(session, actor), item_id, team, what=what)


def check_outbox_chat(
    session: Session, actor: str, channel: str, chat_id: str, *, what: str
) -> None:
    """A message queued for a chat is that chat's (a chat the store no longer knows: the
    whole store's)."""
    chat = session.scalars(
        select(Chat).where(Chat.channel == channel, Chat.chat_id == chat_id)
    ).first()
    places = chat_places(session, chat) if chat is not None else [None]
    key = f"{channel}:{chat_id}"
    check_units(session, actor, "write", places, what=what, entity="outbox", key=key)
