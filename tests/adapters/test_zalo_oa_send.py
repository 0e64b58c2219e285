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
    return ZaloOAAdapter(tokens, "4321", "oa-secret", api_base=oa.url, oauth_base=oa.url)


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
    [(-230, ChatGone), (-213, ChatGone), (-32, RetryLater), (-224, BadRequest), (-201, BadRequest)],
)
def test_error_codes_map_to_typed_errors(
    oa: FakeZaloOA, tokens: StoredTokens, code: int, error: type[Exception]
) -> None:
    oa.next_error = code
    with pytest.raises(error, match=str(code)):
        _adapter(oa, tokens).send(_out("u-1", "x"))


def test_group_messages_need_the_gmf_package(oa: FakeZaloOA, tokens: StoredTokens) -> None:
    oa.gmf = False
    with pytest.raises(BadRequest, match="package"):
        _adapter(oa, tokens).send(_out("group:g-7", "x"))
    oa.window_closed.add("u-2")
    with pytest.raises(ChatGone):
        _adapter(oa, tokens).send(_out("u-2", "x"))


def test_the_oa_bases_come_from_the_environment() -> None:
    from tracker.config import load_settings

    env = {
        "TRACKER_ZALO_OA_API_BASE": "http://127.0.0.1:9/",
        "TRACKER_ZALO_OA_OAUTH_BASE": "http://127.0.0.1:10",
        "TRACKER_ZALO_OA_APP_ID": "4321",
        "TRACKER_ZALO_OA_SECRET_KEY": "k",
    }
    oa = load_settings(db_url="sqlite://", environ=env).zalo_oa
    assert (oa.api_base, oa.oauth_base, oa.app_id) == (
        "http://127.0.0.1:9",
        "http://127.0.0.1:10",
        "4321",
    )
    assert oa.secret_key is not None and oa.secret_key.reveal() == "k"
    defaults = load_settings(db_url="sqlite://", environ={}).zalo_oa
    assert defaults.api_base == "https://openapi.zalo.me"
    assert defaults.oauth_base == "https://oauth.zaloapp.com"
