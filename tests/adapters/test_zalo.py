"""What only the Zalo Bot Platform does: one event per call, 408, both envelopes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.adapters.conftest import Harness, make_harness


@pytest.fixture
def zl() -> Iterator[Harness]:
    built, server = make_harness("zalo")
    yield built
    built.adapter.close()
    server.stop()


@pytest.mark.parametrize("top_level", [False, True])
def test_events_wrapped_or_bare_read_the_same(zl: Harness, top_level: bool) -> None:
    zl.server.top_level = top_level
    zl.server.post("zg-1", "z1004", "/bc ttdt 3", date_ms=1_795_000_000_123)
    messages, cursor = zl.adapter.pull(None)
    assert [(m.chat_id, m.sender_id, m.text) for m in messages] == [("zg-1", "z1004", "/bc ttdt 3")]
    assert messages[0].sent_at == datetime.fromtimestamp(1_795_000_000.123, UTC)
    assert messages[0].sender_name == "Phạm Thị Dung"
    assert cursor == messages[0].message_id


def test_each_event_is_handed_out_once(zl: Harness) -> None:
    zl.post("/bc ttdt 1")
    zl.post("/bc ttdt 2")
    first, _ = zl.adapter.pull(None)
    second, _ = zl.adapter.pull(None)  # the same cursor: Zalo has forgotten the first
    third, _ = zl.adapter.pull(None)
    assert [m.text for m in [*first, *second]] == ["/bc ttdt 1", "/bc ttdt 2"]
    assert list(third) == []
    assert len(zl.server.calls_to("getUpdates")) == 3


def test_events_without_a_message_are_skipped(zl: Harness) -> None:
    zl.server.post("zg-1", "z1004", "", event_name="message.sticker.received")
    with zl.server.lock:
        zl.server.waiting.appendleft({"event_name": "bot.joined", "chat": {"id": "zg-1"}})
    zl.post("/bc dvc 4")
    messages, _ = zl.adapter.pull(None)
    assert [m.text for m in messages] == [""]  # the sticker is a message, kept and ignored later
    messages, _ = zl.adapter.pull(None)
    assert [m.text for m in messages] == ["/bc dvc 4"]


def test_group_chats_are_known_from_the_event(zl: Harness) -> None:
    zl.server.post("zg-9", "z1", "hi", group=True)
    zl.server.post("zp-1", "z1", "hi", group=False)
    zl.adapter.pull(None)
    zl.adapter.pull(None)
    assert zl.adapter.is_group("zg-9") and not zl.adapter.is_group("zp-1")


def test_repeated_throttling_backs_off_further(zl: Harness) -> None:
    from adapters.base import RetryLater
    from tracker.messages import Outbound

    delays = []
    zl.server.inject("sendMessage", "429", "429", "429")
    for _ in range(3):
        with pytest.raises(RetryLater) as caught:
            zl.adapter.send(Outbound("zalo", "zg-1", "x", "k", "reply"))
        delays.append(caught.value.delay)
    assert delays[0] <= 1.0 and delays[2] >= 2.0


def test_a_zalo_send_answered_late_is_not_sent_again() -> None:
    import pytest

    from adapters.base import OutcomeUnknown
    from adapters.zalo import ZaloAdapter
    from tests.adapters.fake_zalo import FakeZalo
    from tracker.messages import Outbound

    with FakeZalo(slow=1.0) as zalo:
        zalo.inject("sendMessage", "late")
        adapter = ZaloAdapter(zalo.token, zalo.url, timeout=0.3, sleep=lambda _: None)
        try:
            with pytest.raises(OutcomeUnknown):
                adapter.send(Outbound("zalo", "zg-1", "tin", "test:1", "notice"))
        finally:
            adapter.close()
        assert [s.text for s in zalo.sent] == ["tin"]
