"""The audit log as officers read it: who (account and name), when, what, before → after,
and the attempts that were refused.

`--scope` keeps the entries about that part of the map: an entity whose key starts with
the code of a unit in the subtree or of a team under it (units, teams, members, quotas,
monthly reports), and any entry made by an account whose scope lies in the subtree, which
is how its refused attempts are found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.clock import VIETNAM, as_utc
from tracker.hierarchy import subtree, team_ids_under
from tracker.store.models import AuditEntry, Officer, Team, Unit

# "login", "name (login)", "cli (login)", "import:file.csv (login)": the login, if any.
_INNER = re.compile(r"\(([^()]+)\)$")


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime  # Vietnam local time
    actor: str
    login: str | None
    name: str | None  # the account's name, when the login is an account's
    action: str
    entity: str
    key: str
    before: Any
    after: Any
    refused: bool

    def who(self) -> str:
        return f"{self.actor} — {self.name}" if self.name else self.actor

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "login": self.login,
            "name": self.name,
            "action": self.action,
            "entity": self.entity,
            "key": self.key,
            "before": self.before,
            "after": self.after,
            "refused": self.refused,
        }


def login_of(actor: str) -> str:
    match = _INNER.search(actor)
    return match.group(1).strip() if match else actor.strip()


def read_audit(
    session: Session,
    *,
    scope_id: int | None = None,
    since: date | None = None,
    login: str | None = None,
    entity: str | None = None,
    limit: int = 500,
) -> list[AuditRow]:
    """The newest `limit` entries that pass the filters, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if since is not None:
        query = query.where(AuditEntry.at >= as_utc(datetime.combine(since, time(), VIETNAM)))
    if login:
        escaped = login.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(
            or_(AuditEntry.actor == login, AuditEntry.actor.like(f"% ({escaped})", escape="\\"))
        )
    if entity:
        query = query.where(AuditEntry.entity == entity)
    names = {
        first: second for first, second in session.execute(select(Officer.login, Officer.name))
    }
    keep = _in_scope(session, scope_id) if scope_id is not None else None
    rows: list[AuditRow] = []
    for entry in session.scalars(query.execution_options(yield_per=500)):
        who = login_of(entry.actor)
        if keep is not None and not keep(entry, who):
            continue
        rows.append(
            AuditRow(
                at=entry.at.astimezone(VIETNAM),
                actor=entry.actor,
                login=who if who in names else None,
                name=names.get(who),
                action=entry.action,
                entity=entry.entity,
                key=entry.entity_key,
                before=entry.before,
                after=entry.after,
                refused=entry.refused,
            )
        )
        if len(rows) >= limit:
            break
    return rows


def _in_scope(session: Session, scope_id: int) -> Any:
    tree = subtree(scope_id, "audit_scope")
    units = set(session.scalars(select(Unit.code).where(Unit.id.in_(select(tree.c.id)))))
    teams = set(session.scalars(select(Team.code).where(Team.id.in_(team_ids_under(scope_id)))))
    logins = set(
        session.scalars(
            select(Officer.login).where(
                Officer.scope_id.in_(select(subtree(scope_id, "audit_officers").c.id))
            )
        )
    )
    codes = units | teams

    def keep(entry: AuditEntry, login: str) -> bool:
        head = entry.entity_key.split("/", 1)[0]
        return head in codes or login in logins

    return keep
