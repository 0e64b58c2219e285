"""Two processors over one journal (a `sync` and an `ingest`, or two `sync`s) count what one
would: stated totals are measured against a month no other processor is changing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import msg, totals
from tracker.config import Settings
from tracker.journal import record
from tracker.reports.pipeline import ProcessStats, process_pending
from tracker.store.models import InboundMessage

# The leaders of three teams, each in one team only.
SENDERS = {
    "1002": "CNCD_HoiYen_NguHung",
    "1003": "CNCD_PhuKhe_NguHung",
    "1004": "CNCD_DongTao_DoanTung",
}
REPORTS = 120  # per team: "=1" … "=120", a minute apart


def _backlog(tracker: Tracker) -> None:
    sessions = tracker.sessions()
    start = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    messages = []
    for n in range(1, REPORTS + 1):
        at = start + timedelta(minutes=n)
        for sender in SENDERS:
            messages.append(msg(f"{sender}-{n}", f"/bc dvc ={n}", sender=sender, at=at))
    with sessions.begin() as session:
        build_world(session)
        record(session, messages)


def _run_together(tracker: Tracker, runs: int) -> list[ProcessStats | BaseException]:
    """`runs` processors, each with its own engine as a process would have, started at once."""
    gate = threading.Barrier(runs)
    results: list[ProcessStats | BaseException] = [RuntimeError("did not run")] * runs

    def run(index: int) -> None:
        sessions = tracker.sessions()
        gate.wait()
        try:
            results[index] = process_pending(
                sessions, Settings(db_url=tracker.db_url), batch_size=7, replies=index == 0
            )
        except BaseException as error:  # reported by the test, not lost in the thread
            results[index] = error
        finally:
            sessions.kw["bind"].dispose()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def test_two_processors_over_one_backlog_of_stated_totals_count_each_total_once(
    tracker: Tracker,
) -> None:
    _backlog(tracker)
    results = _run_together(tracker, 2)
    errors = [result for result in results if isinstance(result, BaseException)]
    assert errors == []
    stats = [result for result in results if isinstance(result, ProcessStats)]
    assert sum(s.counted for s in stats) == REPORTS * len(SENDERS)
    assert [f for s in stats for f in s.failures] == []
    with tracker.sessions()() as session:
        assert totals(session) == {(team, "dvc"): REPORTS for team in SENDERS.values()}
        statuses = session.scalars(select(InboundMessage.status).distinct()).all()
        assert statuses == ["counted"]
