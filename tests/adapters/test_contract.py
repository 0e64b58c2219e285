"""The contract every adapter keeps, run against each one's loopback server."""

from __future__ import annotations

import html
from datetime import UTC

import pytest

from adapters.base import (
    Adapter,
    AuthFailed,
    BadRequest,
    ChatGone,
    OutcomeUnknown,
    RetryLater,
)
from adapters.textsplit import utf16_length
from tests.adapters.conftest import Harness, make_harness
from tracker.messages import Outbound


def _out(h: Harness, text: str, reply_to: str | None = None) -> Outbound:
    return Outbound(h.name, h.chat, text, f"k:{text[:20]}", "reply", reply_to=reply_to)


def _drain(h: Harness, cursor: str | None = None) -> tuple[list[object], str | None]:
    got: list[object] = []
    for _ in range(20):
        messages, after = h.adapter.pull(cursor)
        if not messages and after == cursor:
            break
        got += messages
        cursor = after
    return got, cursor


def test_the_adapter_keeps_the_protocol(harness: Harness) -> None:
    assert isinstance(harness.adapter, Adapter)
    caps = harness.adapter.capabilities
    assert caps.polling and caps.webhooks
    assert caps.max_text_length in (2000, 4096)


def test_pull_gives_normalised_messages_and_a_cursor_that_confirms_them(harness: Harness) -> None:
    h = harness
    h.post("/bc ttdt 12, dvc 5")
    h.post("báo cáo VNeID 3 & <ocop> 1")
    messages, cursor = _drain(h)
    assert [m.text for m in messages] == ["/bc ttdt 12, dvc 5", "báo cáo VNeID 3 & <ocop> 1"]
    first = messages[0]
    assert (first.channel, first.chat_id, first.sender_id) == (h.name, h.chat, h.user)
    assert first.sent_at.tzinfo is not None and first.sent_at.utcoffset() == UTC.utcoffset(None)
    assert first.sent_at.year == 2026
    assert first.sender_name and first.message_id and first.edit_version == 0
    assert cursor is not None
    again, same = h.adapter.pull(cursor)
    assert list(again) == [] and same == cursor


def test_nothing_new_is_an_empty_pull(harness: Harness) -> None:
    h = harness
    assert h.adapter.pull(None) == ([], None)


def test_one_event_per_pull_only_where_the_platform_says_so(harness: Harness) -> None:
    h = harness
    for n in range(3):
        h.post(f"/bc ttdt {n}")
    messages, _ = h.adapter.pull(None)
    if h.adapter.capabilities.one_event_per_pull:
        assert len(messages) == 1
    else:
        assert len(messages) == 3
        # Not confirmed (no higher offset asked for): the platform gives them again.
        assert len(h.adapter.pull(None)[0]) == 3


def test_send_returns_the_platforms_id_and_the_text_arrives_intact(harness: Harness) -> None:
    h = harness
    text = "Đã ghi: ttdt +12 <b>không phải thẻ</b> & 5 < 6"
    external = h.adapter.send(_out(h, text, reply_to="10001"))
    sent = h.sent()
    assert len(sent) == 1 and external == str(sent[0].message_id)
    assert sent[0].text == text and str(sent[0].chat_id) == h.chat
    if h.adapter.capabilities.replies:
        assert sent[0].reply_to == 10001


def test_long_text_is_split_within_the_limit_on_paragraphs(harness: Harness) -> None:
    h = harness
    limit = h.adapter.capabilities.max_text_length
    paragraph = ("Tổ CNSCĐ thôn Hội Yên 👍 " * 20).strip()
    text = "\n\n".join([paragraph] * (3 * limit // len(paragraph)))
    h.adapter.send(_out(h, text))
    parts = [s.text for s in h.sent()]
    assert len(parts) >= 3
    measure = utf16_length if h.name == "telegram" else len  # how each platform counts
    assert all(measure(p) <= limit for p in parts)
    assert "\n\n".join(parts) == text


@pytest.mark.parametrize("fault", ["502", "timeout", "malformed", "drop"])
def test_transient_failures_are_retried_with_backoff(harness: Harness, fault: str) -> None:
    h = harness
    h.server.inject("sendMessage", fault, fault)
    if fault == "timeout" and h.name != "telegram":
        # No answer within the read timeout once the send went out: it may have been
        # delivered, so it is not repeated. (Telegram's send timeout, 30 s, outlasts
        # the server's delay: it gets the late 504 and retries.)
        with pytest.raises(OutcomeUnknown):
            h.adapter.send(_out(h, "xin chào"))
        assert h.sleeps == []
        return
    h.adapter.send(_out(h, "xin chào"))
    assert [s.text for s in h.sent()] == ["xin chào"]
    assert len(h.sleeps) == 2
    assert 0.5 <= h.sleeps[0] <= 1.0 and 1.0 <= h.sleeps[1] <= 2.0


def test_a_failure_that_lasts_becomes_retry_later_and_backoff_is_capped(harness: Harness) -> None:
    h = harness
    h.server.inject("getUpdates", *["502"] * 4)
    with pytest.raises(RetryLater) as caught:
        h.adapter.pull(None)
    assert len(h.sleeps) == 3 and h.sleeps == sorted(h.sleeps)
    assert 4.0 <= caught.value.delay <= 8.0
    assert h.server.token not in str(caught.value)
    from adapters.backoff import Backoff

    assert all(15 <= Backoff().delay(n) <= 30 for n in range(5, 12))


def test_too_many_requests_asks_to_retry_later(harness: Harness) -> None:
    h = harness
    h.server.inject("sendMessage", "429")
    with pytest.raises(RetryLater) as caught:
        h.adapter.send(_out(h, "xin chào"))
    assert caught.value.delay > 0
    if h.name == "telegram":
        assert caught.value.delay == 3  # retry_after, honoured as given
    assert h.sent() == []


def test_a_refused_token_is_auth_failed_and_never_shown() -> None:
    for name in ("telegram", "zalo"):
        h, server = make_harness(name, token="999:REVOKED-token-value")
        try:
            with pytest.raises(AuthFailed) as caught:
                h.adapter.pull(None)
            assert "REVOKED" not in str(caught.value) and "401" in str(caught.value)
        finally:
            h.adapter.close()
            server.stop()


def test_a_chat_the_bot_was_removed_from_is_chat_gone(harness: Harness) -> None:
    h = harness
    getattr(h.server, "kicked", getattr(h.server, "blocked", set())).add(h.chat)
    with pytest.raises(ChatGone):
        h.adapter.send(_out(h, "xin chào"))


def test_a_webhook_delivery_reads_like_a_pulled_one(harness: Harness) -> None:
    h = harness
    h.post("/bc dvc 2")
    pulled, _ = h.adapter.pull(None)
    raw = pulled[0].raw
    hooked = h.adapter.parse_webhook(raw)
    assert hooked == [pulled[0]]
    with pytest.raises(BadRequest):
        h.adapter.parse_webhook({"hello": "world"})


def test_text_is_sent_as_text_not_markup(harness: Harness) -> None:
    h = harness
    h.adapter.send(_out(h, "<i>1 & 2</i>"))
    assert h.sent()[0].text == "<i>1 & 2</i>"
    if h.name == "telegram":
        payload = h.server.calls_to("sendMessage")[0]
        assert payload["text"] == html.escape("<i>1 & 2</i>", quote=False)


def test_a_webhook_only_adapter_keeps_the_protocol_and_refuses_to_pull() -> None:
    from adapters.base import WebhookActive
    from adapters.registry import adapter_names, load_adapter
    from adapters.zalo_oa_api import ZaloOAAdapter

    webhook_only = [n for n in adapter_names() if not load_adapter(n).capabilities.polling]
    assert webhook_only == ["zalo_oa"]

    class NoTokens:
        def load(self) -> tuple[str, str]:
            return "a", "r"

        def save(self, access: str, refresh: str, expires_in: float | None = None) -> None:
            raise AssertionError("nothing to save")

    adapter = ZaloOAAdapter(NoTokens(), "4321", "app-secret", "http://127.0.0.1:9")
    assert isinstance(adapter, Adapter)
    assert adapter.capabilities.webhooks and adapter.capabilities.max_text_length == 2000
    with pytest.raises(WebhookActive):
        adapter.pull(None)
    event = {
        "event_name": "user_send_text",
        "timestamp": "1795000000000",
        "sender": {"id": "u-1"},
        "recipient": {"id": "oa-1"},
        "message": {"msg_id": "m-1", "text": "/bc ttdt 1"},
    }
    [message] = adapter.parse_webhook(event)
    assert (message.channel, message.chat_id, message.text) == ("zalo_oa", "u-1", "/bc ttdt 1")
    with pytest.raises(BadRequest):
        adapter.parse_webhook({"hello": "world"})
    adapter.close()
