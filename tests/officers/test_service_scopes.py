"""Each write service checks the scope itself, whichever face calls it (the terminal UI
gives it `ctx.officer`, the CLI the `actor` string): an editor of commune NH is refused
in commune DT in one line, the store unchanged and the refused attempt audited, and is
allowed in NH. tracker/services.py names each of these tests as its service's scope test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import Tracker
from tests.officers.conftest import AsUser
from tracker.hierarchy import find_unit
from tracker.officers.errors import NotAllowed
from tracker.officers.refusals import record_refusal
from tracker.periods import Period
from tracker.store.models import AuditEntry, Quota

MONTH = Period.parse("2026-12")


def _refused(sessions: sessionmaker[Session], call: Callable[[Session], Any]) -> str:
    """Run `call` as a face does (one transaction, the refusal audited at the boundary)
    and return the one line the officer reads."""
    with pytest.raises(NotAllowed) as caught, sessions.begin() as session:
        call(session)
    record_refusal(sessions, caught.value)
    line = caught.value.text("vi")
    assert "\n" not in line
    return line


def _refusals(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    with sessions() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.entity_key)
            .where(AuditEntry.refused)
            .order_by(AuditEntry.id)
        )
        return [(actor, key) for actor, key in rows]


def _quotas(sessions: sessionmaker[Session], indicator: str = "ttdt") -> dict[str, int]:
    """December's targets of one indicator by team (the world has several indicators)."""
    with sessions() as session:
        return {
            quota.team.code: quota.resolved_target
            for quota in session.scalars(
                select(Quota).where(Quota.period == str(MONTH), Quota.indicator.has(code=indicator))
            )
        }


def test_set_quota_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    from tracker.quotas import set_quota

    sessions = sqlite_tracker.sessions()
    line = _refused(
        sessions, lambda s: set_quota(s, "CNCD_DongTao_DoanTung", "ttdt", MONTH, "5", "xa_nh")
    )
    assert (
        line
        == "từ chối quota CNCD_DongTao_DoanTung ttdt 2026-12: DT-1 nằm ngoài phạm vi NH của xa_nh"
    )
    assert _quotas(sessions) == {}
    assert _refusals(sessions) == [("xa_nh", "CNCD_DongTao_DoanTung")]

    with sessions.begin() as session:
        set_quota(session, "CNCD_HoiYen_NguHung", "ttdt", MONTH, "7", "xa_nh")
    assert _quotas(sessions) == {"CNCD_HoiYen_NguHung": 7}


def test_apply_allocation_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    from tracker.quotas import apply_allocation, plan_allocation

    def allocate_total(s: Session, unit: Any, code: str, month: Period, total: int, actor: str):  # type: ignore[no-untyped-def]
        return apply_allocation(s, unit, plan_allocation(s, unit, code, month, str(total)), actor)

    sessions = sqlite_tracker.sessions()
    line = _refused(
        sessions, lambda s: allocate_total(s, find_unit(s, "DT"), "ttdt", MONTH, 100, "xa_nh")
    )
    assert line == "từ chối quota allocate DT ttdt 2026-12: DT nằm ngoài phạm vi NH của xa_nh"
    assert _quotas(sessions) == {}
    assert _refusals(sessions) == [("xa_nh", "quota allocate DT ttdt 2026-12")]

    with sessions.begin() as session:
        allocate_total(session, find_unit(session, "NH"), "ttdt", MONTH, 110, "xa_nh")
    assert sum(_quotas(sessions).values()) == 110
    assert "CNCD_DongTao_DoanTung" not in _quotas(sessions)


def test_copy_quotas_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    from tracker.quotas import copy_quotas, set_quota

    sessions = sqlite_tracker.sessions()
    november = Period.parse("2026-11")
    with sessions.begin() as session:
        set_quota(session, "CNCD_DongTao_DoanTung", "ttdt", november, "8", "tinh")
        set_quota(session, "CNCD_HoiYen_NguHung", "ttdt", november, "4", "tinh")
    line = _refused(
        sessions, lambda s: copy_quotas(s, find_unit(s, "DT"), november, MONTH, "xa_nh")
    )
    assert line == "từ chối quota copy DT 2026-11 2026-12: DT nằm ngoài phạm vi NH của xa_nh"
    assert _quotas(sessions) == {}
    assert _refusals(sessions) == [("xa_nh", "quota copy DT 2026-11 2026-12")]

    with sessions.begin() as session:
        copy_quotas(session, find_unit(session, "NH"), november, MONTH, "xa_nh")
    copied = _quotas(sessions)
    assert copied["CNCD_HoiYen_NguHung"] == 4 and "CNCD_DongTao_DoanTung" not in copied


def _decisions(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    from tracker.store.models import MonthlyDecision

    with sessions() as session:
        return [(d.team.code, d.status) for d in session.scalars(select(MonthlyDecision))]


@pytest.mark.parametrize("verb", ["approve", "return"])
def test_monthly_decisions_are_scope_checked(
    province: AsUser, sqlite_tracker: Tracker, verb: str
) -> None:
    from datetime import datetime

    from tracker.hierarchy import find_team
    from tracker.store.models import MonthlyReport

    sessions = sqlite_tracker.sessions()
    sent = datetime.fromisoformat("2026-11-15T09:00+07:00")
    with sessions.begin() as session:
        for code in ("CNCD_HoiYen_NguHung", "CNCD_DongTao_DoanTung"):
            session.add(
                MonthlyReport(team=find_team(session, code), month="2026-11", submitted_at=sent)
            )
    extra = ["--reason", "Thiếu số liệu"] if verb == "return" else []
    refused = province(
        "xa_nh", "monthly", verb, "CNCD_DongTao_DoanTung", "--month", "2026-11", *extra
    )
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        f"Error: từ chối monthly {verb} CNCD_DongTao_DoanTung 2026-11: DT-1 nằm ngoài phạm vi NH "
        "của xa_nh"
    ]
    assert _decisions(sessions) == []
    assert _refusals(sessions) == [("xa_nh", "CNCD_DongTao_DoanTung")]

    province.ok("xa_nh", "monthly", verb, "CNCD_HoiYen_NguHung", "--month", "2026-11", *extra)
    assert [code for code, _ in _decisions(sessions)] == ["CNCD_HoiYen_NguHung"]


def _assignments(sessions: sessionmaker[Session]) -> list[tuple[str, str, bool]]:
    from tracker.store.models import Task, TaskAssignment

    with sessions() as session:
        rows = session.execute(
            select(Task.code, TaskAssignment.team_id, TaskAssignment.done_at)
            .join(TaskAssignment, TaskAssignment.task_id == Task.id)
            .order_by(Task.code, TaskAssignment.team_id)
        )
        return [(code, str(team), done is not None) for code, team, done in rows]


def test_add_task_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    before = _assignments(sessions)  # the test world's own task
    args = ["--title", "Tập huấn", "--due", "2026-12-01"]
    refused = province("xa_nh", "task", "add", "T1", *args, "--to", "NH", "--to", "DT")
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        "Error: từ chối task add T1: DT nằm ngoài phạm vi NH của xa_nh"
    ]
    named = province("xa_nh", "task", "add", "T2", *args, "--to", "CNCD_DongTao_DoanTung")
    assert named.output.splitlines() == [
        "Error: từ chối task add T2: DT-1 nằm ngoài phạm vi NH của xa_nh"
    ]
    assert _assignments(sessions) == before
    assert _refusals(sessions) == [("xa_nh", "T1"), ("xa_nh", "T2")]

    province.ok("xa_nh", "task", "add", "T3", *args, "--to", "NH")
    assert {code for code, _, _ in _assignments(sessions)} - {c for c, _, _ in before} == {"T3"}


def test_mark_done_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    args = ["--title", "Tập huấn", "--due", "2026-12-01"]
    province.ok("tinh", "task", "add", "T1", *args, "--to", "HD")
    refused = province("xa_nh", "task", "done", "T1", "--team", "CNCD_DongTao_DoanTung")
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        "Error: từ chối task done T1 CNCD_DongTao_DoanTung: DT-1 nằm ngoài phạm vi NH của xa_nh"
    ]
    assert not any(done for code, _, done in _assignments(sessions) if code == "T1")
    assert _refusals(sessions) == [("xa_nh", "CNCD_DongTao_DoanTung")]

    province.ok("xa_nh", "task", "done", "T1", "--team", "CNCD_HoiYen_NguHung")
    assert sum(done for code, _, done in _assignments(sessions) if code == "T1") == 1


def _outbox(sessions: sessionmaker[Session]) -> list[str]:
    from tracker.store.models import OutboxMessage

    with sessions() as session:
        return sorted(m.chat_id for m in session.scalars(select(OutboxMessage)))


def test_post_unit_digest_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    day = ["--date", "2026-11-20"]
    refused = province("xa_nh", "digest", "--scope", "DT", *day, "--post")
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        "Error: từ chối digest post DT: DT nằm ngoài phạm vi NH của xa_nh"
    ]
    assert _outbox(sessions) == []
    assert _refusals(sessions) == [("xa_nh", "DT")]

    province.ok("xa_nh", "digest", "--scope", "NH", *day, "--post")
    assert _outbox(sessions) == ["-1001000000001"]


def test_post_digest_to_chat_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    from datetime import date

    from tracker.config import load_settings
    from tracker.digest.post import post_digest_to_chat
    from tracker.store.models import Chat

    sessions = sqlite_tracker.sessions()
    settings = load_settings(sqlite_tracker.db_url, environ={})
    with sessions() as session:
        rows = {chat_id: row for chat_id, row in session.execute(select(Chat.chat_id, Chat.id))}
    day = date(2026, 11, 20)
    line = _refused(
        sessions, lambda s: post_digest_to_chat(s, rows["zg-1"], day, settings, "xa_nh")
    )
    assert line == "từ chối digest post zalo:zg-1: DT nằm ngoài phạm vi NH của xa_nh"
    assert _outbox(sessions) == []
    assert _refusals(sessions) == [("xa_nh", "zalo:zg-1")]

    with sessions.begin() as session:
        post_digest_to_chat(session, rows["-1001000000002"], day, settings, "xa_nh")
    assert _outbox(sessions) == ["-1001000000002"]


def _members(sessions: sessionmaker[Session]) -> list[tuple[str, str]]:
    from tracker.store.models import Member

    with sessions() as session:
        return sorted((m.team.code, m.name) for m in session.scalars(select(Member)))


def _member_of(sessions: sessionmaker[Session], team: str) -> int:
    from tracker.store.models import Member, Team

    with sessions() as session:
        found = session.scalars(select(Member.id).join(Team).where(Team.code == team)).first()
        assert found is not None
        return found


@pytest.mark.parametrize("verb", ["add", "edit", "remove"])
def test_member_services_are_scope_checked(
    province: AsUser, sqlite_tracker: Tracker, verb: str
) -> None:
    from tracker.members import MemberForm, add_member, edit_member, remove_member

    sessions = sqlite_tracker.sessions()
    before = _members(sessions)
    form = MemberForm(name="Nguyễn Văn Mới", phone="0912000111")

    def write(team: str) -> Callable[[Session], Any]:
        if verb == "add":
            return lambda s: add_member(s, team, form, {}, "xa_nh")
        member = _member_of(sessions, team)
        if verb == "edit":
            return lambda s: edit_member(s, member, form, "xa_nh")
        return lambda s: remove_member(s, member, "xa_nh")

    line = _refused(sessions, write("CNCD_DongTao_DoanTung"))
    assert line.startswith(f"từ chối member {verb} ")
    assert line.endswith(": DT-1 nằm ngoài phạm vi NH của xa_nh")
    assert _members(sessions) == before
    assert _refusals(sessions) == [("xa_nh", "CNCD_DongTao_DoanTung")]

    with sessions.begin() as session:
        write("CNCD_HoiYen_NguHung")(session)
    assert _members(sessions) != before


def _chats(sessions: sessionmaker[Session]) -> list[tuple[str, int | None, int | None, bool]]:
    from tracker.store.models import Chat

    with sessions() as session:
        return sorted(
            (c.chat_id, c.unit_id, c.team_id, c.active) for c in session.scalars(select(Chat))
        )


@pytest.mark.parametrize("verb", ["bind", "move", "unbind", "reactivate"])
def test_chat_services_are_scope_checked(
    province: AsUser, sqlite_tracker: Tracker, verb: str
) -> None:
    from tracker.chats import bind_chat, reactivate_chat, unbind_chat
    from tracker.config import load_settings
    from tracker.store.models import Chat

    sessions = sqlite_tracker.sessions()
    settings = load_settings(sqlite_tracker.db_url, environ={})
    with sessions.begin() as session:
        for chat in session.scalars(select(Chat)):
            chat.active = False  # so that reactivate has something to do
    before = _chats(sessions)
    ours = ("telegram", "-1001000000001", "NH")
    theirs = ("zalo", "zg-1", "DT")

    def write(chat: tuple[str, str, str]) -> Callable[[Session], Any]:
        channel, chat_id, unit = chat
        if verb == "bind":
            return lambda s: bind_chat(s, settings, channel, "new-" + chat_id, "x", "xa_nh", unit)
        if verb == "move":
            return lambda s: bind_chat(s, settings, channel, chat_id, "x", "xa_nh", "NH-1")
        if verb == "unbind":
            return lambda s: unbind_chat(s, channel, chat_id, "xa_nh")
        return lambda s: reactivate_chat(s, channel, chat_id, "xa_nh")

    line = _refused(sessions, write(theirs))
    assert line.startswith(f"từ chối chat {'bind' if verb == 'move' else verb} zalo:")
    assert line.endswith(": DT nằm ngoài phạm vi NH của xa_nh")
    assert _chats(sessions) == before
    assert [actor for actor, _ in _refusals(sessions)] == ["xa_nh"]

    with sessions.begin() as session:
        write(ours)(session)
    assert _chats(sessions) != before


def _links(sessions: sessionmaker[Session], team: str) -> list[tuple[str, str | None, str | None]]:
    from tracker.store.models import Team, TeamUnit, Unit

    with sessions() as session:
        rows = session.execute(
            select(Unit.code, TeamUnit.valid_from, TeamUnit.valid_to)
            .join(TeamUnit, TeamUnit.unit_id == Unit.id)
            .join(Team, Team.id == TeamUnit.team_id)
            .where(Team.code == team)
            .order_by(Unit.code)
        )
        return [
            (code, start and start.isoformat(), end and end.isoformat())
            for code, start, end in rows
        ]


def test_relink_team_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    from datetime import date

    from tracker.maps.relink import relink_team

    sessions = sqlite_tracker.sessions()
    team, day = "CNCD_HoiYen_NguHung", date(2026, 12, 1)
    before = _links(sessions, team)
    # Moving a team of NH into DT's village reaches outside NH: refused, nothing moved.
    line = _refused(sessions, lambda s: relink_team(s, team, ["DT-1"], day, "xa_nh"))
    assert line.endswith("DT-1 nằm ngoài phạm vi NH của xa_nh")
    assert _links(sessions, team) == before
    assert _refusals(sessions) == [("xa_nh", team)]

    with sessions.begin() as session:
        assert relink_team(session, team, ["NH-2"], day, "xa_nh")
    assert _links(sessions, team) == [("NH-1", None, "2026-12-01"), ("NH-2", "2026-12-01", None)]
