"""The scope check inside a write service, which knows its officer only by the `actor`
string it is given (`tracker.cli.actor.actor`, the terminal UI's `ctx.officer`).

That string is what `acting_officer` made: the login itself, or `name (login)` when an
admin signs under another name (and `import:file (login)` for an import). So the account
is the login it names; a store with no accounts stays open whatever the string says.
The caller has already checked who may use which name, so the string is trusted here.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from tracker.officers.acting import Acting, account_of, accounts_exist
from tracker.officers.authorize import authorize_team, authorize_units
from tracker.store.models import Team


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
