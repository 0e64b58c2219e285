"""Two officers deciding one review item at once: one decides, the other is refused."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import msg, send, status, totals
from tracker.errors import Refusal
from tracker.store.models import AuditEntry, ReportEntry, ReviewItem

TEAM = "CNCD_HoiYen_NguHung"


def _unknown_senders_report(tracker: Tracker) -> int:
    sessions = tracker.sessions()
    with sessions.begin() as session:
        build_world(session)
    send(sessions, msg(1, "/bc ttdt 3", sender="5555"))  # not a member: waits for review
    with sessions() as session:
        return session.scalars(select(ReviewItem.id)).one()


def _at_once(
    tracker: Tracker, monkeypatch: pytest.MonkeyPatch, decisions: list[Callable[[Any], object]]
) -> list[object]:
    """Run each decision in its own thread and session, as two officers would.

    Looking the team up waits (a little) for the other officer to get there too: without
    a lock both would have read the item as open by then.
    """
    import tracker.review as review

    gate = threading.Barrier(len(decisions), timeout=2)
    real = review.find_team

    def slow_lookup(session: Any, code: str) -> Any:
        # Broken when the other officer is waiting for this decision to end.
        with suppress(threading.BrokenBarrierError):
            gate.wait()
        return real(session, code)

    monkeypatch.setattr(review, "find_team", slow_lookup)
    results: list[object] = [None] * len(decisions)

    def run(index: int) -> None:
        sessions = tracker.sessions()
        try:
            with sessions.begin() as session:
                results[index] = decisions[index](session)
        except Exception as error:  # the test looks at it
            results[index] = error
        finally:
            sessions.kw["bind"].dispose()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(decisions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_an_item_accepted_twice_at_once_counts_once_and_the_second_officer_is_refused(
    tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.review import accept

    item = _unknown_senders_report(tracker)
    results = _at_once(
        tracker,
        monkeypatch,
        [
            lambda session: accept(session, item, officer="can_bo_a", team=TEAM).value,
            lambda session: accept(session, item, officer="can_bo_b", team=TEAM).value,
        ],
    )
    refused = [r for r in results if isinstance(r, Refusal)]
    assert sorted(results, key=str)[0] == 3 and len(refused) == 1, results
    assert refused[0].text("vi") == f"mục chờ duyệt {item} đã được xử lý: đã nhận"
    with tracker.sessions()() as session:
        assert totals(session) == {(TEAM, "ttdt"): 3}
        assert session.scalar(select(func.count()).select_from(ReportEntry)) == 1
        audit = session.scalars(select(AuditEntry)).one()
        assert (audit.action, audit.before["status"], audit.after["status"]) == (
            "accept",
            "open",
            "accepted",
        )
        decided = session.get_one(ReviewItem, item)
        assert (decided.status, decided.decided_by) == ("accepted", audit.actor)
        assert status(session, "1") == ("counted", None)
