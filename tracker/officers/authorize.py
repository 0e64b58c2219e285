"""The one check before every write: may this officer do this, here?

Like DHIS2's organisation units: an account holds one unit and reaches its whole subtree.
- a viewer writes nothing;
- an editor writes inside the subtree: units, teams, members, chats, quotas, tasks,
  review decisions and monthly-report decisions (`write`, `decide`);
- reorganising the map and managing accounts are an admin's (`reorganize`, `accounts`),
  also inside the admin's subtree;
- a login with no account writes nothing once accounts exist; an open store (no accounts
  at all) lets everyone write, as a commune PC with one user does.

A refusal raises `NotAllowed`: one line naming what was refused and why. Its `entry` is the
refused attempt for the audit log, written by the caller's boundary once the transaction
that asked has rolled back (`tracker.officers.refusals`): on SQLite that transaction holds
the only write lock, so nothing else may write while it is open.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.hierarchy import subtree
from tracker.officers.acting import Acting
from tracker.officers.errors import NotAllowed
from tracker.store.models import Team, TeamUnit, Unit

# action -> the least role that may take it
ACTIONS = {"write": "editor", "decide": "editor", "reorganize": "admin", "accounts": "admin"}
RANK = {"viewer": 0, "editor": 1, "admin": 2}
ADMIN_TASKS = {"reorganize": "reorganize", "accounts": "accounts"}


def authorize(
    session: Session,
    officer: Acting,
    action: str,
    unit_id: int | None,
    *,
    what: str,
    entity: str = "-",
    key: str = "",
) -> None:
    """Allow `officer` to take `action` on `unit_id` (None: the whole store, such as the
    indicators), or raise NotAllowed naming `what` (e.g. "review accept 12")."""
    authorize_units(session, officer, action, [unit_id], what=what, entity=entity, key=key)


def authorize_units(
    session: Session,
    officer: Acting,
    action: str,
    unit_ids: Iterable[int | None],
    *,
    what: str,
    entity: str = "-",
    key: str = "",
) -> None:
    """As `authorize`, for a change that touches every unit in `unit_ids`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if officer.open_store:
        return
    account = officer.account
    login = officer.login or "?"

    def refuse(why: str, **values: object) -> NotAllowed:
        error = NotAllowed(what, why, {}, login=login, **values)
        error.entry = {
            "actor": officer.actor,
            "action": action,
            "entity": entity[:32],
            "entity_key": (key or what)[:200],
            "before": None,
            "after": {"refused": what, "reason": error.text("en")},
            "refused": True,
        }
        return error

    if account is None:
        raise refuse("why.no_account" if officer.login else "why.no_login")
    if account.role == "viewer":
        raise refuse("why.viewer")
    if RANK[account.role] < RANK[ACTIONS[action]]:
        raise refuse("why.admin_only", task=ADMIN_TASKS[action], role=account.role)
    for unit_id in unit_ids:
        if unit_id is None:
            if not _is_top(session, account.scope_id):
                raise refuse("why.whole_store", scope=account.scope_code)
        elif not in_scope(session, account.scope_id, unit_id):
            place = session.scalar(select(Unit.code).where(Unit.id == unit_id)) or str(unit_id)
            raise refuse("why.outside", place=place, scope=account.scope_code)


def authorize_team(
    session: Session, officer: Acting, action: str, team: Team, *, what: str
) -> None:
    """A team is inside a scope when every unit it covers is."""
    ids = list(session.scalars(select(TeamUnit.unit_id).where(TeamUnit.team_id == team.id)))
    authorize_units(
        session, officer, action, ids or [None], what=what, entity="team", key=team.code
    )


def in_scope(session: Session, scope_id: int, unit_id: int) -> bool:
    tree = subtree(scope_id, "officer_scope")
    return session.scalar(select(tree.c.id).where(tree.c.id == unit_id)) is not None


def _is_top(session: Session, unit_id: int) -> bool:
    return session.scalar(select(Unit.parent_id).where(Unit.id == unit_id)) is None


def authorize_role(
    session: Session, officer: Acting, action: str, *, what: str, entity: str = "-", key: str = ""
) -> None:
    """The role half of `authorize` alone, for a write whose place the service checks:
    no account or a viewer's account is refused whatever the place."""
    if officer.open_store:
        return
    account = officer.account
    if account is not None and RANK[account.role] >= RANK[ACTIONS[action]]:
        return
    # The same refusal as authorize gives, naming no place.
    authorize_units(session, officer, action, [], what=what, entity=entity, key=key)
