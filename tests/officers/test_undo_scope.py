"""Undoing a change on the units or tasks screen is a write like the change: the editor of
commune NH cannot undo a change in DT (a team's name, an assignment marked done), nor can
a viewer anywhere (refused in one line, audited, nothing undone); in NH the team comes
back with an `undo` entry of its own."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import Tracker
from tests.officers.conftest import AsUser
from tests.officers.test_service_scopes import _refusals, _refused
from tracker import audit
from tracker.config import load_settings
from tracker.store.models import AuditEntry, TaskAssignment, Team
from tracker.tasks import mark_done
from tracker.teams import save_team
from tracker.undo import LastChange, last_change, undo_change

DT_TEAM, NH_TEAM = "CNCD_DongTao_DoanTung", "CNCD_HoiYen_NguHung"


def test_undo_change_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    settings = load_settings(sqlite_tracker.db_url, environ={})

    def renamed(team: str, unit: str, name: str, actor: str) -> LastChange:
        with sessions.begin() as session, audit.watched(session) as changes:
            save_team(session, settings, team, name, [unit], actor, team)
        made = last_change(changes)
        assert made is not None
        return made

    def names() -> dict[str, str]:
        with sessions() as session:
            return {code: name for code, name in session.execute(select(Team.code, Team.name))}

    theirs = renamed(DT_TEAM, "DT-1", "Tổ Đông Tảo", "tinh")
    line = _refused(sessions, lambda s: undo_change(s, settings, theirs, "xa_nh", "vi"))
    assert line == f"từ chối undo team {DT_TEAM}: DT-1 nằm ngoài phạm vi NH của xa_nh"
    mine = renamed(NH_TEAM, "NH-1", "Tổ Hội Yên", "xa_nh")
    line = _refused(sessions, lambda s: undo_change(s, settings, mine, "so", "vi"))
    assert line.startswith(f"từ chối undo team {NH_TEAM}")
    with sessions.begin() as session, audit.watched(session) as changes:
        mark_done(session, "ZALO1", DT_TEAM, "tinh", "xong")
    done = last_change(changes)
    assert done is not None
    line = _refused(sessions, lambda s: undo_change(s, settings, done, "xa_nh", "vi"))
    assert line == f"từ chối undo task ZALO1/{DT_TEAM}: DT-1 nằm ngoài phạm vi NH của xa_nh"
    assert (names()[DT_TEAM], names()[NH_TEAM]) == ("Tổ Đông Tảo", "Tổ Hội Yên")
    with sessions() as session:
        statuses = session.scalars(
            select(TaskAssignment.status).join(Team).where(Team.code == DT_TEAM)
        )
        assert list(statuses) == ["done"]
    assert [actor for actor, _ in _refusals(sessions)] == ["xa_nh", "so", "xa_nh"]

    with sessions.begin() as session:
        assert undo_change(session, settings, mine, "xa_nh", "vi") == NH_TEAM
    assert names()[NH_TEAM] == "CNCĐ_Hội Yên_Ngũ Hùng"
    with sessions() as session:
        undos = session.execute(
            select(AuditEntry.actor, AuditEntry.entity_key, AuditEntry.after)
            .where(AuditEntry.action == "undo")
            .order_by(AuditEntry.id)
        ).all()
    assert [(actor, key, after["name"]) for actor, key, after in undos] == [
        ("xa_nh", NH_TEAM, "CNCĐ_Hội Yên_Ngũ Hùng")
    ]
