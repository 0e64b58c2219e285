"""`tracker review list|accept|reject` on both backends."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid

from sqlalchemy import Connection, select, text

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import msg, send, status, totals
from tracker.store.engine import make_engine
from tracker.store.models import AuditEntry, ReportEntry


def _world_with_review(tracker: Tracker):  # type: ignore[no-untyped-def]
    sessions = tracker.sessions()
    with sessions.begin() as session:
        build_world(session)
    send(sessions, msg(1, "/bc ttdt 3", sender="5555"), msg(2, "/bc dvc hai", sender="1002"))
    return sessions


def test_list_accept_reject_with_audit(tracker: Tracker) -> None:
    sessions = _world_with_review(tracker)
    listed = json.loads(tracker.ok("review", "list", "--format", "json").output)["items"]
    assert [(i["id"], i["reason"], i["team"], i["value"]) for i in listed] == [
        (1, "unknown_sender", "CNCD_HoiYen_NguHung", 3),
        (2, "no_number", "CNCD_HoiYen_NguHung", None),
    ]
    table = tracker.ok("review", "list").output
    assert "người gửi chưa đăng ký" in table and "ttdt 3" in table

    result = tracker.ok("review", "accept", "1", "--officer", "can_bo_xa")
    assert "CNCD_HoiYen_NguHung ttdt +3" in result.output
    missing = tracker("review", "accept", "2")
    assert missing.exit_code == 1
    assert "mục 2 còn thiếu số lượng: hãy nhập --value" in missing.output
    tracker.ok("review", "accept", "2", "--value", "2", "--officer", "can_bo_xa")
    with sessions() as session:
        entries = session.scalars(select(ReportEntry).order_by(ReportEntry.id)).all()
        assert [(e.officer, e.message.message_id, e.value) for e in entries] == [
            ("can_bo_xa", "1", 3),
            ("can_bo_xa", "2", 2),
        ]
        assert totals(session) == {
            ("CNCD_HoiYen_NguHung", "ttdt"): 3,
            ("CNCD_HoiYen_NguHung", "dvc"): 2,
        }
        assert status(session, "1") == ("counted", None)
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(a.actor, a.action, a.entity_key) for a in audit] == [
            ("can_bo_xa", "accept", "1"),
            ("can_bo_xa", "accept", "2"),
        ]
        assert audit[1].before["value"] is None and audit[1].after["value"] == 2


def test_reject_and_clear_errors(tracker: Tracker) -> None:
    sessions = _world_with_review(tracker)
    tracker.ok("review", "reject", "1", "--reason", "người dân", "--officer", "ho")
    with sessions() as session:
        assert status(session, "1") == ("ignored", "rejected in review: người dân")
        audit = session.scalars(select(AuditEntry)).one()
        assert audit.after == {
            "status": "rejected",
            "team": "CNCD_HoiYen_NguHung",
            "indicator": "ttdt",
            "value": 3,
            "entry": None,
            "reason": "người dân",
        }
    for args, error in [
        (("reject", "1"), "mục chờ duyệt 1 đã được xử lý: đã bác"),
        (("accept", "99"), "không có mục chờ duyệt 99"),
        (("accept", "2", "--team", "NOPE", "--value", "1"), "không có tổ mã 'NOPE'"),
        (("accept", "2", "--indicator", "nope", "--value", "1"), "không có chỉ số mã 'nope'"),
    ]:
        result = tracker("review", *args)
        assert result.exit_code == 1, args
        assert f"Error: {error}" in result.output
    rejected = json.loads(
        tracker.ok("review", "list", "--status", "rejected", "--format", "json").output
    )
    assert [item["id"] for item in rejected["items"]] == [1]


def test_a_stated_total_needs_the_count_to_add(tracker: Tracker) -> None:
    sessions = tracker.sessions()
    with sessions.begin() as session:
        build_world(session)
    send(
        sessions,
        msg(1, "/bc ttdt 30"),
        msg(2, "/bc ttdt =20", at=msg(9, "").sent_at.replace(day=21)),
    )
    result = tracker("review", "accept", "1")
    assert result.exit_code == 1
    assert "mục 1 là số cộng dồn: hãy nhập số cần cộng thêm (--value)" in result.output
    tracker.ok("review", "accept", "1", "--value", "-5", "--officer", "ho")
    with sessions() as session:
        assert totals(session) == {("CNCD_HoiYen_NguHung", "ttdt"): 25}


_TRACKER = (sys.executable, "-m", "tracker")


def test_two_review_accept_processes_at_once_count_once(tracker: Tracker, backend: str) -> None:
    """Two officers run `tracker review accept 1` at the same moment: one item, one entry."""
    sessions = _world_with_review(tracker)
    name = f"review_race_{uuid.uuid4().hex[:8]}"
    url = tracker.db_url
    if backend == "postgresql":
        url += f"&application_name={name}"  # to see these two processes among the server's
    engine = make_engine(tracker.db_url)
    try:
        # The item is held (as by a third decision under way) while both processes start,
        # so that both reach it before either can decide.
        with engine.connect() as holder:
            holder.execute(text("UPDATE review_items SET reason = reason WHERE id = 1"))
            processes = [
                subprocess.Popen(
                    [*_TRACKER, "--db", url, "review", "accept", "1", "--officer", officer],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                for officer in ("can_bo_a", "can_bo_b")
            ]
            _wait_until_both_wait(holder, backend, name)
            holder.rollback()
        outputs = [process.communicate(timeout=120)[0] for process in processes]
    finally:
        engine.dispose()
    codes = sorted(process.returncode for process in processes)
    assert codes == [0, 1], outputs
    refused = next(out for out, p in zip(outputs, processes, strict=True) if p.returncode)
    assert refused == "Error: mục chờ duyệt 1 đã được xử lý: đã nhận\n"
    with sessions() as session:
        assert totals(session) == {("CNCD_HoiYen_NguHung", "ttdt"): 3}
        assert len(session.scalars(select(ReportEntry)).all()) == 1
        assert len(session.scalars(select(AuditEntry)).all()) == 1


def _wait_until_both_wait(holder: Connection, backend: str, name: str) -> None:
    if backend != "postgresql":
        time.sleep(4)  # SQLite shows no waiters: give both processes time to start
        return
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE application_name = :name AND wait_event_type = 'Lock'"
    )
    for _ in range(600):
        holder.execute(text("SELECT pg_stat_clear_snapshot()"))  # else read once per transaction
        if holder.execute(waiting, {"name": name}).scalar() == 2:
            return
        time.sleep(0.1)
    raise AssertionError("the two processes never reached the review item")
