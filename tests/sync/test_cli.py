"""`tracker sync` from the command line: refused tokens, no channels, logs, SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import select

from tests.conftest import Tracker
from tests.e2e.conftest import Live
from tracker.store.models import OutboxMessage
from tracker.sync import logs
from tracker.sync.channels import UnloggedTokens


def test_a_revoked_token_stops_sync_with_one_line_and_no_token(live: Live, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TRACKER_TELEGRAM_TOKEN", "777:REVOKED-SECRET")
    result = live.tracker("sync", "--once", "--now", "2026-11-22T10:00")
    assert result.exit_code == 1
    assert "REVOKED-SECRET" not in result.output + result.stderr
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert error == [
        "Error: telegram refused the bot token (401 Unauthorized): the token was revoked "
        "or mistyped; set a new one and restart"
    ]


def test_no_channel_configured_is_a_user_error(sqlite_tracker: Tracker) -> None:
    result = sqlite_tracker("sync", "--once")
    assert result.exit_code == 1
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert error == [
        "Error: no channel is configured (installed adapters: telegram, zalo, zalo_oa): give "
        "one its options in [channels.<name>] of the config file or as "
        "TRACKER_CHANNELS__<NAME>__<OPTION>"
    ]


def test_a_bad_now_is_a_user_error(live: Live) -> None:
    result = live.tracker("sync", "--once", "--now", "yesterday")
    assert result.exit_code == 1 and "--now: 'yesterday'" in result.stderr


def test_tokens_never_reach_the_log(capsys) -> None:  # type: ignore[no-untyped-def]
    logs.setup(["123:SECRET"])
    log = logging.getLogger("tracker.sync")
    log.warning("GET https://api.telegram.org/bot%s/getUpdates failed", "123:SECRET")
    try:
        raise RuntimeError("url /bot123:SECRET/sendMessage")
    except RuntimeError:
        log.exception("boom")
    err = capsys.readouterr().err
    assert "123:SECRET" not in err and err.count("/bot***/") == 3  # message, source, error


def test_the_oa_token_pair_is_kept_out_of_the_log_once_read(  # type: ignore[no-untyped-def]
    capsys, sqlite_tracker: Tracker
) -> None:
    sqlite_tracker.ok("channels", "zalo-oa", "set-token", "--stdin", input="access-1\nrefresh-1\n")
    logs.setup([])
    tokens = UnloggedTokens(sqlite_tracker.sessions())
    assert tokens.load() == ("access-1", "refresh-1")
    tokens.save("access-2", "refresh-2", 3600)  # a refresh
    logging.getLogger("adapters.zalo_oa").warning(
        "Zalo said: %s / %s / %s / %s", "access-1", "refresh-1", "access-2", "refresh-2"
    )
    assert "Zalo said: *** / *** / *** / ***" in capsys.readouterr().err


def test_the_loop_stops_cleanly_on_sigterm(live: Live) -> None:
    # At any hour: after 17:00 the day's digests go out too, and the loop still stops.
    live.telegram.post("-1001000000002", "1001", "/bc ttdt 2")
    env = {**os.environ, **live.env}
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", live.tracker.db_url, "sync", "--no-pacing"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not live.telegram.replies() and time.monotonic() < deadline:
        time.sleep(0.05)
    live.zalo.post("zg-1", "z1004", "/bc dvc 1")
    while _sent(live).count("reply") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert len(live.telegram.replies()) == 1 and _sent(live).count("reply") == 2
    assert len(live.zalo.sent) == len(_sent(live, "zalo"))  # nothing went out twice
    assert "SIGTERM received" in err and err.rstrip().endswith("sync: stopped")
    assert live.telegram.token not in err


def _sent(live: Live, channel: str | None = None) -> list[str]:
    """The kinds of the outbox messages sent (on `channel`): the store's word, since Zalo
    has no reply threads to tell a reply from a digest by."""
    query = select(OutboxMessage.kind).where(OutboxMessage.status == "sent")
    if channel is not None:
        query = query.where(OutboxMessage.channel == channel)
    with live.tracker.sessions()() as session:
        return list(session.scalars(query))
