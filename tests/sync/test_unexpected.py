"""An adapter that breaks unexpectedly delays its message; the others still go."""

from __future__ import annotations

from sqlalchemy import select

from tests.e2e.conftest import Live
from tests.sync.conftest import FakeTime, make_sync
from tracker.messages import Outbound
from tracker.store.models import OutboxMessage
from tracker.sync.outbox import queue


def test_a_bug_in_one_send_leaves_the_message_for_later(live: Live, fake_time: FakeTime) -> None:
    sync = make_sync(live, fake_time)
    zalo = sync.sender.adapters["zalo"]

    def broken(message: Outbound) -> str:
        raise KeyError("message_id")

    zalo.send = broken  # type: ignore[method-assign]
    with live.tracker.sessions().begin() as session:
        queue(
            session,
            [
                Outbound("zalo", "zg-1", "một", "t:1", "notice"),
                Outbound("telegram", "-1001000000001", "hai", "t:2", "notice"),
            ],
        )
    stats = sync.sender.send_due(drain=True)
    sync.close()
    assert (stats.sent, stats.failed) == (1, 0)
    with live.tracker.sessions()() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(r.status, r.attempts) for r in rows] == [("pending", 1), ("sent", 1)]
    assert rows[0].not_before is not None and "KeyError" in (rows[0].last_error or "")
    assert [s.text for s in live.telegram.sent] == ["hai"]
