"""Numbers past what a count can be: bounded before they reach the store, never stopping
the processing of the others, never overflowing a sum (issue 11, items 13 and 16)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import msg, send, status, totals
from tracker.config import Settings
from tracker.store.models import InboundMessage, OutboxMessage, ReviewItem

TEAM = "CNCD_HoiYen_NguHung"
NOV = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def sessions(tracker: Tracker):  # type: ignore[no-untyped-def]
    factory = tracker.sessions()
    with factory.begin() as session:
        build_world(session)
    return factory


def test_a_number_past_two_to_the_31_from_an_unknown_sender_waits_and_stops_nothing(
    tracker: Tracker, sessions
) -> None:  # type: ignore[no-untyped-def]
    stats = send(
        sessions,
        msg(1, "/bc ttdt 2", at=NOV),
        msg(2, "/bc ttdt 99999999999", sender="5555", at=NOV + timedelta(minutes=1)),
        msg(3, "/bc dvc 4", at=NOV + timedelta(minutes=2)),
    )
    assert (stats.counted, stats.review, stats.failed) == (2, 1, 0)
    # The next cycle goes on as well: nothing is left that fails it again.
    assert send(sessions, msg(4, "/bc ttdt 1", at=NOV + timedelta(minutes=3))).counted == 1
    with sessions() as session:
        assert totals(session) == {(TEAM, "ttdt"): 3, (TEAM, "dvc"): 4}
        item = session.scalars(select(ReviewItem)).one()
        assert (item.reason, item.value) == ("unknown_sender", 99999999999)
    listed = json.loads(tracker.ok("review", "list", "--format", "json").output)["items"]
    assert [entry["value"] for entry in listed] == [99999999999]
    # The officer cannot count the sender's number as it stands, only a plausible one.
    refused = tracker("review", "accept", str(item.id), "--officer", "ho")
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: mục {item.id}: 99999999999 quá lớn cho chỉ số ttdt (tối đa 100000 một lần): "
        "hãy nhập --value\n"
    )
    tracker.ok("review", "accept", str(item.id), "--value", "9", "--officer", "ho")
    with sessions() as session:
        assert totals(session) == {(TEAM, "ttdt"): 12, (TEAM, "dvc"): 4}


def test_huge_reports_from_one_member_go_to_review_and_the_sums_stay_whole(
    tracker: Tracker, sessions
) -> None:  # type: ignore[no-untyped-def]
    huge = [
        msg(n, "/bc dvc 999999999999999", sender="1002", at=NOV + timedelta(minutes=n))
        for n in range(1, 48)
    ]
    at_bound = msg(100, "/bc dvc 100000", sender="1003", at=NOV + timedelta(hours=2))
    past_bound = msg(101, "/bc dvc 100001", sender="1003", at=NOV + timedelta(hours=3))
    stats = send(sessions, *huge, at_bound, past_bound)
    assert (stats.counted, stats.review, stats.failed) == (1, 48, 0)
    with sessions() as session:
        assert totals(session) == {("CNCD_PhuKhe_NguHung", "dvc"): 100000}
        assert status(session, "1") == ("review", "implausible")
        reply = session.scalars(
            select(OutboxMessage.text).where(OutboxMessage.reply_to == "101")
        ).one()
        assert "số quá lớn (tối đa 100000)" in reply
    # Every sum the officers read still works.
    board = json.loads(
        tracker.ok(
            "leaderboard",
            "--scope",
            "HD",
            "--period",
            "2026-11",
            "--date",
            "2026-11-22",
            "--format",
            "json",
        ).output
    )
    achieved = {
        row["team"]: row["indicators"]["dvc"]["achieved"]
        for row in board["teams"]
        if "dvc" in row["indicators"]
    }
    assert achieved["CNCD_PhuKhe_NguHung"] == 100000 and achieved[TEAM] == 0
    tracker.ok("digest", "--scope", "HD", "--date", "2026-11-22")


def test_a_bound_from_the_config_or_the_indicator_wins_over_the_default(sessions) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(db_url="sqlite://", max_per_report={"dvc": 10**12})
    send(sessions, msg(1, "/bc dvc 2000000000", at=NOV), settings=settings)
    with sessions() as session:
        # No configured bound passes 1,000,000,000.
        assert status(session, "1") == ("review", "implausible")
    send(sessions, msg(2, "/bc dvc 150000", at=NOV + timedelta(minutes=1)), settings=settings)
    with sessions() as session:
        assert totals(session) == {(TEAM, "dvc"): 150000}


def test_an_indicator_bound_past_the_largest_is_refused_naming_the_row(
    tracker: Tracker, tmp_path: Path
) -> None:
    path = tmp_path / "indicators.csv"
    path.write_text(
        "code,name,pillar,max_per_report\n"
        "taphuan,Tập huấn,training,20\n"
        "ttdt,Thanh toán điện tử,economy,5000000000\n",
        encoding="utf-8",
    )
    result = tracker("import", "indicators", str(path))
    assert result.exit_code == 1
    assert "cột max_per_report: 5000000000 lớn quá, tối đa 1000000000" in result.output


def test_a_message_the_store_cannot_take_fails_alone_and_the_batch_goes_on(
    sessions, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Entries are written together when the batch ends: a value the store refuses there
    (here one past 64 bits, as a bug upstream might let through) must not take the
    batch's other messages with it."""
    import tracker.reports.pipeline as pipeline

    real = pipeline.record_progress

    def past_64_bits(session, directory, ledger, pending, row, report, language):  # type: ignore[no-untyped-def]
        outcome = real(session, directory, ledger, pending, row, report, language)
        if row.message_id == "2":
            pending.entries[-1]["value"] = 2**70
        return outcome

    monkeypatch.setattr(pipeline, "record_progress", past_64_bits)
    stats = send(
        sessions,
        msg(1, "/bc ttdt 2", at=NOV),
        msg(2, "/bc ttdt 3", at=NOV + timedelta(minutes=1)),
        msg(3, "/bc dvc 4", at=NOV + timedelta(minutes=2)),
    )
    assert (stats.counted, stats.failed) == (2, 1)
    with sessions() as session:
        assert totals(session) == {(TEAM, "ttdt"): 2, (TEAM, "dvc"): 4}
        failed, reason = status(session, "2")
        assert failed == "failed" and reason
        assert "\n" not in reason and len(reason) <= 330 and "INSERT" not in reason
        assert session.scalars(select(OutboxMessage.reply_to).order_by(OutboxMessage.id)).all() == [
            "1",
            "3",
        ]


def test_a_store_that_is_busy_leaves_the_batch_pending(
    sessions, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tracker.reports.outcome import Pending

    def busy(self, session):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(Pending, "flush", busy)
    with pytest.raises(OperationalError):
        send(sessions, msg(1, "/bc ttdt 2", at=NOV), msg(2, "/bc ttdt 3", at=NOV))
    with sessions() as session:
        assert set(session.scalars(select(InboundMessage.status))) == {"pending"}
