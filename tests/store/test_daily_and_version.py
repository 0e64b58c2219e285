"""Counted values per day (the dashboard's chart) and the data version, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.hierarchy import scope_team_ids
from tracker.periods import Period
from tracker.quotas import set_quota
from tracker.standing.daily import daily_values
from tracker.store.models import InboundMessage, ReportEntry
from tracker.store.version import data_version

SENT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def test_daily_values_count_what_the_scores_count(tracker: Tracker) -> None:
    sessions = tracker.sessions()
    with sessions.begin() as session:
        world = build_world(session, "2026-11")
        teams, ttdt, dvc = world.teams, world.indicators["ttdt"], world.indicators["dvc"]
        correction = InboundMessage(
            channel="telegram",
            chat_id="-1001000000002",
            message_id="9",
            sender_id="1001",
            text="/bc ttdt tổng 12",
            sent_at=SENT,
            raw={},
        )
        session.add(correction)
        session.flush()
        rows = [
            ("CNCD_HoiYen_NguHung", ttdt, date(2026, 11, 20), 5, None),
            ("CNCD_HoiYen_NguHung", ttdt, date(2026, 11, 20), 7, None),
            ("CNCD_HoiYen_NguHung", ttdt, date(2026, 11, 21), 9, correction.id),  # superseded
            ("CNCD_PhuKhe_NguHung", ttdt, date(2026, 11, 22), 4, None),
            ("CNCD_DongTao_DoanTung", ttdt, date(2026, 11, 22), 100, None),  # not under NH
            ("CNCD_PhuKhe_NguHung", dvc, date(2026, 11, 22), 50, None),  # another indicator
            ("CNCD_PhuKhe_NguHung", ttdt, date(2026, 10, 1), 30, None),  # before the window
        ]
        for team, indicator, day, value, superseded in rows:
            session.add(
                ReportEntry(
                    team=teams[team],
                    indicator=indicator,
                    local_date=day,
                    value=value,
                    sent_at=SENT,
                    officer="test",
                    superseded_by_id=superseded,
                )
            )
        commune, hoi_yen = world.commune.id, teams["CNCD_HoiYen_NguHung"].id
    with sessions() as session:
        last = date(2026, 11, 22)
        values = daily_values(session, scope_team_ids(session, commune), "ttdt", last, days=5)
        assert values == [0, 0, 12, 0, 4]  # 18/11 … 22/11
        assert daily_values(session, [hoi_yen], "ttdt", last, days=3) == [12, 0, 0]
        assert daily_values(session, [hoi_yen], "nothing", last, days=2) == [0, 0]


def test_the_data_version_moves_with_messages_and_edits(tracker: Tracker) -> None:
    sessions = tracker.sessions()
    with sessions.begin() as session:
        build_world(session, "2026-11")
    with sessions() as session:
        first = data_version(session)
        assert data_version(session) == first  # reading changes nothing
    with sessions.begin() as session:
        session.add(
            InboundMessage(
                channel="telegram",
                chat_id="-1001000000002",
                message_id="1",
                sender_id="1001",
                text="/bc ttdt 3",
                sent_at=SENT,
                raw={},
            )
        )
    with sessions() as session:
        second = data_version(session)
        assert second != first
    with sessions.begin() as session:
        set_quota(session, "CNCD_NH", "dvc", Period.parse("2026-11"), "40", "Cán bộ")
    with sessions() as session:
        assert data_version(session) not in (first, second)
