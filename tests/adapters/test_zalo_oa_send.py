"""The Zalo OA adapter against the loopback OA and OAuth servers, tokens in the store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.base import AuthFailed, BadRequest, ChatGone, RetryLater
from adapters.zalo_oa_api import ZaloOAAdapter
from tests.adapters.fake_zalo_oa import FakeZaloOA
from tests.conftest import Tracker
from tracker.messages import Outbound
from tracker.oa_tokens import StoredTokens


@pytest.fixture
def oa() -> Iterator[FakeZaloOA]:
    fake = FakeZaloOA().start()
    yield fake
    fake.stop()


@pytest.fixture
def tokens(sqlite_tracker: Tracker) -> StoredTokens:
    sqlite_tracker.ok("db", "upgrade")
    stored = StoredTokens(sqlite_tracker.sessions())
    stored.save("access-1", "refresh-1")
    return stored


def _adapter(oa: FakeZaloOA, tokens: StoredTokens) -> ZaloOAAdapter:
    return ZaloOAAdapter(tokens, "4321", "app-secret", api_base=oa.url, oauth_base=oa.url)


def _out(chat_id: str, text: str, reply_to: str | None = None) -> Outbound:
    return Outbound("zalo_oa", chat_id, text, f"k-{chat_id}-{text}", "reply", reply_to)


def test_sends_to_a_user_by_reply_and_to_a_group(oa: FakeZaloOA, tokens: StoredTokens) -> None:
    adapter = _adapter(oa, tokens)
    assert adapter.send(_out("u-1", "Đã ghi: ttdt 3", reply_to="msg-9")) == "oa-1"
    assert adapter.send(_out("u-1", "Nhắc báo cáo tháng")) == "oa-2"
    assert adapter.send(_out("group:g-7", "Bảng xếp hạng")) == "oa-3"
    assert oa.sent == [
        ("/v3.0/oa/message/cs", {"message_id": "msg-9"}, "Đã ghi: ttdt 3"),
        ("/v3.0/oa/message/cs", {"user_id": "u-1"}, "Nhắc báo cáo tháng"),
        ("/v3.0/oa/group/message", {"group_id": "g-7"}, "Bảng xếp hạng"),
    ]
    assert adapter.is_group("group:g-7") and not adapter.is_group("u-1")
    adapter.close()


def test_a_token_expiring_mid_run_is_refreshed_exactly_once(
    oa: FakeZaloOA, tokens: StoredTokens
) -> None:
    adapter = _adapter(oa, tokens)
    adapter.send(_out("u-1", "một"))
    oa.expire()
    adapter.send(_out("u-1", "hai"))
    adapter.send(_out("group:g-7", "ba"))
    assert oa.refreshes == 1
    assert tokens.load() == ("access-2", "refresh-2")  # the spent refresh token is gone
    state = tokens.state()
    assert state is not None and state.expires_at is not None
    assert 89_000 < (state.expires_at - state.updated_at).total_seconds() <= 90_000
    assert [text for _, _, text in oa.sent] == ["một", "hai", "ba"]
    # A second adapter (another process) starts from the saved pair, with no refresh.
    _adapter(oa, tokens).send(_out("u-1", "bốn"))
    assert oa.refreshes == 1


def test_a_refused_refresh_token_is_auth_failed(oa: FakeZaloOA, tokens: StoredTokens) -> None:
    oa.expire()
    oa.refresh = "someone-else-used-it"
    with pytest.raises(AuthFailed):
        _adapter(oa, tokens).send(_out("u-1", "x"))
    assert tokens.load() == ("access-1", "refresh-1") and oa.sent == []


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (-230, ChatGone),  # no interaction in 7 days
        (-232, ChatGone),  # never interacted, or it expired
        (-213, ChatGone),  # not a follower
        (-227, ChatGone),  # banned or offline 45 days
        (-244, ChatGone),  # refuses this message type
        (-237, ChatGone),  # the group is disabled
        (-403, ChatGone),  # the OA is not in the group
        (-32, RetryLater),  # rate limit
        (-211, RetryLater),  # out of quota
        (-224, BadRequest),  # package
        (-221, BadRequest),  # OA not verified
        (-201, BadRequest),  # a bad parameter
        (-240, BadRequest),  # MessageV2 shut down: not "package"
        (-219, AuthFailed),  # the app was removed or disabled
    ],
)
def test_error_codes_map_to_typed_errors(
    oa: FakeZaloOA, tokens: StoredTokens, code: int, error: type[Exception]
) -> None:
    oa.next_error = code
    with pytest.raises(error, match=str(code)):
        _adapter(oa, tokens).send(_out("u-1", "x"))
    assert oa.refreshes == 0 and oa.sent == []


def test_an_expired_token_answer_minus_220_is_refreshed_too(
    oa: FakeZaloOA, tokens: StoredTokens
) -> None:
    oa.next_error = -220  # "access_token is expired or removed"
    adapter = _adapter(oa, tokens)
    adapter.send(_out("u-1", "x"))
    assert oa.refreshes == 1 and [t for _, _, t in oa.sent] == ["x"]


def test_group_messages_need_the_gmf_package(oa: FakeZaloOA, tokens: StoredTokens) -> None:
    oa.gmf = False
    with pytest.raises(BadRequest, match="package"):
        _adapter(oa, tokens).send(_out("group:g-7", "x"))
    oa.window_closed.add("u-2")
    with pytest.raises(ChatGone):
        _adapter(oa, tokens).send(_out("u-2", "x"))


def test_the_oa_bases_come_from_the_environment() -> None:
    from tracker.channel_setup import options_for
    from tracker.config import load_settings

    env = {
        "TRACKER_ZALO_OA_API_BASE": "http://127.0.0.1:9/",
        "TRACKER_ZALO_OA_OAUTH_BASE": "http://127.0.0.1:10",
        "TRACKER_ZALO_OA_APP_ID": "4321",
        "TRACKER_ZALO_OA_SECRET_KEY": "k",
    }
    oa = options_for(load_settings(db_url="sqlite://", environ=env), "zalo_oa", ZaloOAAdapter)
    assert oa == {
        "api_base": "http://127.0.0.1:9/",
        "oauth_base": "http://127.0.0.1:10",
        "app_id": "4321",
        "secret_key": "k",
    }
    defaults = options_for(load_settings(db_url="sqlite://", environ={}), "zalo_oa", ZaloOAAdapter)
    assert defaults["api_base"] == "https://openapi.zalo.me"
    assert defaults["oauth_base"] == "https://oauth.zaloapp.com"


def test_every_part_of_a_long_reply_answers_the_followers_message(
    oa: FakeZaloOA, tokens: StoredTokens
) -> None:
    text = "\n\n".join(["Đoạn báo cáo số liệu thôn Hội Yên " * 20] * 8)
    _adapter(oa, tokens).send(_out("u-1", text, reply_to="msg-9"))
    assert len(oa.sent) >= 3 and all(len(part) <= 2000 for _, _, part in oa.sent)
    assert {path for path, _, _ in oa.sent} == {"/v3.0/oa/message/cs"}
    assert all(recipient == {"message_id": "msg-9"} for _, recipient, _ in oa.sent)
    assert "\n\n".join(part for _, _, part in oa.sent) == text
