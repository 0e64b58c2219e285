"""Undoing a monthly decision or a digest post is a write like them: the editor of commune NH
cannot undo the province's approve of DT's report nor its post to DT's chat, nor can a
viewer anywhere (refused in one line, audited, nothing undone); in NH the undo goes
through with an `undo` entry of its own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import Tracker
from tests.officers.conftest import AsUser
from tests.officers.test_service_scopes import _outbox, _refusals, _refused
from tracker.config import load_settings
from tracker.digest.post import post_digest_to_chat
from tracker.digest_undo import DigestPost, undo_post
from tracker.hierarchy import find_team
from tracker.monthly.decisions import approve
from tracker.monthly_undo import MonthlyChange, decide, undo_decision
from tracker.periods import Period
from tracker.store.models import AuditEntry, Chat, MonthlyDecision, MonthlyReport

NH, DT = "CNCD_HoiYen_NguHung", "CNCD_DongTao_DoanTung"
NOV = Period.parse("2026-11")


def _undos(sessions: sessionmaker[Session], entity: str) -> list[tuple[str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.entity_key).where(
                AuditEntry.action == "undo", AuditEntry.entity == entity
            )
        )
        return [(actor, key) for actor, key in rows]


def test_monthly_undo_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    sent = datetime.fromisoformat("2026-11-15T09:00+07:00")
    with sessions.begin() as session:
        for code in (NH, DT):
            session.add(
                MonthlyReport(team=find_team(session, code), month="2026-11", submitted_at=sent)
            )

    def approved(team: str, officer: str) -> MonthlyChange:
        with sessions.begin() as session:
            return decide(
                session, "approve", team, NOV, lambda: approve(session, team, NOV, officer=officer)
            )[1]

    def decisions() -> list[str]:
        with sessions() as session:
            return sorted(d.team.code for d in session.scalars(select(MonthlyDecision)))

    theirs = approved(DT, "tinh")
    line = _refused(sessions, lambda s: undo_decision(s, theirs, "xa_nh"))
    assert line == f"từ chối monthly undo {DT}/2026-11: DT-1 nằm ngoài phạm vi NH của xa_nh"
    mine = approved(NH, "xa_nh")
    line = _refused(sessions, lambda s: undo_decision(s, mine, "so"))
    assert line.startswith(f"từ chối monthly undo {NH}/2026-11")
    assert decisions() == [DT, NH]
    assert [actor for actor, _ in _refusals(sessions)] == ["xa_nh", "so"]

    with sessions.begin() as session:
        undo_decision(session, mine, "xa_nh")
    assert decisions() == [DT]
    assert _undos(sessions, "monthly_report") == [("xa_nh", f"{NH}/2026-11")]


def test_digest_undo_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    settings = load_settings(sqlite_tracker.db_url, environ={})
    with sessions() as session:
        rows = {chat_id: row for chat_id, row in session.execute(select(Chat.chat_id, Chat.id))}
    day = date(2026, 11, 20)

    def posted(chat_id: str, officer: str) -> DigestPost:
        with sessions.begin() as session:
            post_digest_to_chat(session, rows[chat_id], day, settings, officer)
            chat = session.get_one(Chat, rows[chat_id])
            return DigestPost(chat.id, chat.channel, chat.chat_id, day)

    theirs = posted("zg-1", "tinh")
    line = _refused(sessions, lambda s: undo_post(s, theirs, "xa_nh"))
    assert line == "từ chối digest undo zalo:zg-1: DT nằm ngoài phạm vi NH của xa_nh"
    mine = posted("-1001000000002", "xa_nh")
    line = _refused(sessions, lambda s: undo_post(s, mine, "so"))
    assert line.startswith("từ chối digest undo telegram:-1001000000002")
    assert _outbox(sessions) == ["-1001000000002", "zg-1"]
    assert [actor for actor, _ in _refusals(sessions)] == ["xa_nh", "so"]

    with sessions.begin() as session:
        undo_post(session, mine, "xa_nh")
    assert _outbox(sessions) == ["zg-1"]
    assert _undos(sessions, "digest") == [("xa_nh", mine.key)]
