"""What only Telegram does: edits, allowed_updates, HTML fallback, migration, UTF-16."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.base import ChatMoved, WebhookActive
from adapters.telegram import TelegramAdapter
from tests.adapters.conftest import Harness, make_harness
from tracker.messages import Outbound


@pytest.fixture
def tg() -> Iterator[Harness]:
    built, server = make_harness("telegram")
    yield built
    built.adapter.close()
    server.stop()


def test_an_edit_is_a_new_version_of_the_same_message(tg: Harness) -> None:
    original = tg.server.post(tg.chat, tg.user, "/bc ttdt 12")
    message_id = original["message"]["message_id"]
    tg.server.post(tg.chat, tg.user, "/bc ttdt 15", message_id=message_id, edit_date=1_795_000_600)
    messages, cursor = tg.adapter.pull(None)
    assert [(m.message_id, m.edit_version, m.text) for m in messages] == [
        (str(message_id), 0, "/bc ttdt 12"),
        (str(message_id), 1_795_000_600, "/bc ttdt 15"),
    ]
    assert cursor == "3"


def test_only_messages_and_edits_are_asked_for(tg: Harness) -> None:
    tg.server.post_other("my_chat_member", {"chat": {"id": -1}})
    tg.post("/bc dvc 1")
    messages, cursor = tg.adapter.pull(None)
    assert [m.text for m in messages] == ["/bc dvc 1"]
    assert tg.server.calls_to("getUpdates")[0]["allowed_updates"] == ["message", "edited_message"]
    assert cursor == "3"  # the skipped update is confirmed too


def test_service_messages_are_flagged(tg: Harness) -> None:
    tg.server.post_other(
        "message",
        {
            "message_id": 5,
            "chat": {"id": -1001000000002, "type": "supergroup"},
            "date": 1_795_000_000,
            "new_chat_members": [{"id": 7, "first_name": "Hoa"}],
        },
    )
    messages, _ = tg.adapter.pull(None)
    assert messages[0].service and messages[0].text == ""


def test_unparsable_entities_are_resent_once_as_plain_text(tg: Harness) -> None:
    tg.server.inject("sendMessage", "entities")
    tg.adapter.send(Outbound("telegram", tg.chat, "a < b", "k", "reply", reply_to="77"))
    calls = tg.server.calls_to("sendMessage")
    assert [c.get("parse_mode") for c in calls] == ["HTML", None]
    assert calls[1]["text"] == "a < b"
    assert calls[1]["reply_parameters"] == {"message_id": 77, "allow_sending_without_reply": True}
    assert [s.text for s in tg.sent()] == ["a < b"]


def test_a_migrated_group_says_where_it_went(tg: Harness) -> None:
    tg.server.migrated["-4001"] = "-1004001"
    with pytest.raises(ChatMoved) as caught:
        tg.adapter.send(Outbound("telegram", "-4001", "xin chào", "k", "reply"))
    assert caught.value.new_chat_id == "-1004001"


def test_polling_while_a_webhook_is_set_is_refused(tg: Harness) -> None:
    tg.server.inject("getUpdates", "409")
    with pytest.raises(WebhookActive):
        tg.adapter.pull(None)


def test_emoji_count_twice_towards_the_limit(tg: Harness) -> None:
    text = "👍" * 3000  # 6,000 UTF-16 units, 3,000 characters
    tg.adapter.send(Outbound("telegram", tg.chat, text, "k", "digest"))
    parts = [s.text for s in tg.sent()]
    assert [len(p) for p in parts] == [2048, 952]


def test_groups_are_the_negative_ids() -> None:
    adapter = TelegramAdapter("1:x", "http://127.0.0.1:9")
    assert adapter.is_group("-1001000000002") and not adapter.is_group("1001")
    adapter.close()


def test_the_own_contact_is_a_registration_and_someone_elses_links_nothing(tg: Harness) -> None:
    own = {"phone_number": "+84912345678", "first_name": "Hoa", "user_id": 4242}
    other = {"phone_number": "0987654321", "first_name": "Lan", "user_id": 5151}
    card = {"phone_number": "0987654321", "first_name": "Lan"}  # from the address book
    for contact in (own, other, card):
        tg.server.post("4242", "4242", "", contact=contact)
    messages, _ = tg.adapter.pull(None)
    assert [(m.chat_id, m.text, m.forwarded) for m in messages] == [
        ("4242", "/dangky +84912345678", False),
        ("4242", "/dangky", True),
        ("4242", "/dangky", True),
    ]


def test_asking_for_the_phone_shows_the_share_button_in_private_only(tg: Harness) -> None:
    tg.adapter.send(Outbound("telegram", "4242", "gõ /dangky", "k1", "ask_phone", ask_phone=True))
    tg.adapter.send(Outbound("telegram", tg.chat, "gõ /dangky", "k2", "ask_phone", ask_phone=True))
    private, group = tg.server.sent
    assert private.reply_markup is not None
    assert private.reply_markup["keyboard"][0][0]["request_contact"] is True
    assert group.reply_markup is None
