"""Digests, reminders and overdue flags: when, where, and never twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from tests.e2e.conftest import Live
from tracker.clock import parse_moment
from tracker.config import load_settings
from tracker.store.models import Chat, MonthlyReport, OutboxMessage, Team, Unit
from tracker.sync.schedule import queue_due

LIMITS = {"telegram": 4096, "zalo": 2000}


def _queue(live: Live, now: str, limits: dict[str, int] = LIMITS) -> list[tuple[str, str]]:
    settings = load_settings(db_url=live.tracker.db_url)
    sessions = live.tracker.sessions()
    queue_due(sessions, settings, parse_moment(now), limits)
    with sessions() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [(r.idempotency_key, r.chat_id) for r in rows]


def test_digests_from_digest_time_once_a_day(live_any: Live) -> None:
    live = live_any
    assert _queue(live, "2026-11-10T16:59") == []
    at_five = _queue(live, "2026-11-10T17:00")
    assert at_five == [
        ("digest:telegram:-1001000000001:2026-11-10", "-1001000000001"),
        ("digest:telegram:-1001000000002:2026-11-10", "-1001000000002"),
        ("digest:zalo:zg-1:2026-11-10", "zg-1"),
    ]
    assert _queue(live, "2026-11-10T23:59") == at_five
    assert len(_queue(live, "2026-11-11T17:00")) == 6


def test_only_configured_channels_and_active_chats(live: Live) -> None:
    with live.tracker.sessions().begin() as session:
        session.scalars(select(Chat).where(Chat.chat_id == "-1001000000002")).one().active = False
    assert _queue(live, "2026-11-10T17:00", {"telegram": 4096}) == [
        ("digest:telegram:-1001000000001:2026-11-10", "-1001000000001"),
    ]


def test_reminders_in_the_team_chat_before_the_deadline(live: Live) -> None:
    assert not [k for k, _ in _queue(live, "2026-11-15T17:00") if k.startswith("reminder")]
    keys = [(k, c) for k, c in _queue(live, "2026-11-16T17:00") if k.startswith("reminder")]
    # Only the Hội Yên team has a chat of its own; its deadline is the 18th.
    assert keys == [("reminder:CNCD_HoiYen_NguHung:2026-11", "-1001000000002")]
    again = [(k, c) for k, c in _queue(live, "2026-11-18T17:00") if k.startswith("reminder")]
    assert again == keys


def test_no_reminder_once_the_report_is_in(live: Live) -> None:
    with live.tracker.sessions().begin() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_HoiYen_NguHung")).one()
        session.add(
            MonthlyReport(team=team, month="2026-11", submitted_at=parse_moment("2026-11-15T09:00"))
        )
    assert not [k for k, _ in _queue(live, "2026-11-17T17:00") if k.startswith("reminder")]
    assert not [k for k, _ in _queue(live, "2026-11-19T17:00") if "HoiYen" in k and "over" in k]


def test_overdue_flags_go_to_the_nearest_ancestor_with_a_chat(live_any: Live) -> None:
    live = live_any
    flags = [(k, c) for k, c in _queue(live, "2026-11-19T17:00") if k.startswith("overdue")]
    assert flags == [
        ("overdue:CNCD_DongTao_DoanTung:2026-11", "zg-1"),
        ("overdue:CNCD_HoiYen_NguHung:2026-11", "-1001000000001"),
        ("overdue:CNCD_PhuKhe_NguHung:2026-11", "-1001000000001"),
    ]
    # The commune team's deadline is the 20th; its district TM has no chat, the province
    # gets one: the flag goes there, once.
    with live.tracker.sessions().begin() as session:
        province = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        session.add(
            Chat(channel="telegram", chat_id="-1003", title="CNCĐ_Hải Dương", unit=province)
        )
    later = [(k, c) for k, c in _queue(live, "2026-11-21T17:00") if k.startswith("overdue")]
    assert later == [*flags, ("overdue:CNCD_NH:2026-11", "-1003")]
    assert later == [(k, c) for k, c in _queue(live, "2026-11-22T17:00") if k.startswith("overdue")]


def test_a_restart_queues_nothing_twice(live: Live) -> None:
    first = _queue(live, "2026-11-19T17:05")
    live.tracker.sessions()().close()
    assert _queue(live, "2026-11-19T18:00") == first
    assert isinstance(parse_moment("2026-11-19T18:00"), datetime)
