"""Passwords and tokens never show: not in a repr, a log line or a message, even when the
URL that holds them is mistyped so badly that no parser reads it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from tracker.cli.context import AppContext
from tracker.cli.main import masked_excepthook
from tracker.config import load_settings
from tracker.redaction import mask_secrets
from tracker.store.engine import safe_url
from tracker.sync.logs import Redactor

PASSWORD = "Tr4ck@r:2026/hd"  # holds each of '@', ':' and '/'

# (typed, what the masked form shows)
URLS = [
    (
        f"postgresql+psycopg://tracker:{PASSWORD}@127.0.0.1:5432/tracker",
        "postgresql+psycopg://tracker:***@127.0.0.1:5432/tracker",
    ),
    (  # the ':' after the scheme forgotten
        "postgresql+psycopg//postgres:Kh0ng-Ai-Biet@db.tinh.local/tracker",
        "postgresql+psycopg//postgres:***@db.tinh.local/tracker",
    ),
    ("postgres://user:p@ss:word@host", "postgres://user:***@host"),
    ("postgresql:/tracker:hunter2@10.0.0.5/tracker", "postgresql:/tracker:***@10.0.0.5/tracker"),
    ("tracker:hunter2@10.0.0.5/tracker", "tracker:***@10.0.0.5/tracker"),
    (
        "postgresql+psycopg://tracker@10.0.0.5/tracker?password=hunter2&sslmode=require",
        "postgresql+psycopg://tracker@10.0.0.5/tracker?password=***&sslmode=require",
    ),
]
SECRETS = [PASSWORD, "Kh0ng-Ai-Biet", "p@ss:word", "ss:word", "hunter2"]


def _shows_none(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.parametrize(("typed", "shown"), URLS)
def test_a_url_is_masked_even_when_it_does_not_parse(typed: str, shown: str) -> None:
    assert safe_url(typed) == shown
    said = mask_secrets(f"could not open '{typed}': refused")
    assert said == f"could not open '{shown}': refused"


def test_a_url_without_a_password_is_left_alone() -> None:
    for url in ["sqlite:////var/lib/tracker/tracker.db", "postgresql+psycopg://u@h:notaport/db"]:
        assert safe_url(url) == url
    assert mask_secrets("sent by an.nguyen@gmail.com at 17:00") == (
        "sent by an.nguyen@gmail.com at 17:00"
    )


def test_bot_tokens_are_masked_in_urls_and_text() -> None:
    telegram = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    zalo = "3812940623511232971:kXzTqGbdLrTMHNKpDzBrXwYIrpCNdUbjKoTFnRmUcfiNlOIaQsNmhqVdwNGQbqSt"
    text = (
        f"POST https://api.telegram.org/bot{telegram}/sendMessage failed; "
        f"POST https://bot-api.zaloplatforms.com/bot{zalo}/getUpdates failed"
    )
    masked = mask_secrets(text)
    assert telegram.split(":")[1] not in masked and zalo.split(":")[1] not in masked
    assert "/bot123456789:***/sendMessage" in masked
    body = mask_secrets('{"access_token": "Ab1x", "refresh_token": "Cd2y", "expires_in": "90000"}')
    assert body == '{"access_token": "***", "refresh_token": "***", "expires_in": "90000"}'


def test_settings_repr_and_str_mask_the_store_password(tmp_path: Path) -> None:
    url = URLS[0][0]
    config = tmp_path / "tracker.toml"
    config.write_text(
        '[telegram]\ntoken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"\n'
        '[channels.mocha]\napi_base = "https://cncd:hunter2@api.mocha.example"\n'
    )
    settings = load_settings(config_file=config, environ={"TRACKER_DB_URL": url})
    assert settings.db_url == url  # what SQLAlchemy gets is untouched
    for text in (repr(settings), str(settings), f"{settings}", repr(AppContext(db_url=url))):
        _shows_none(text)
        assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in text
        assert "tracker:***@127.0.0.1:5432/tracker" in text


def test_a_log_record_masks_a_store_url_in_its_message_and_its_traceback() -> None:
    url = URLS[1][0]
    try:
        raise RuntimeError(f"Could not parse SQLAlchemy URL from given URL string '{url}'")
    except RuntimeError:
        record = logging.LogRecord(
            "tracker.sync", logging.ERROR, __file__, 1, "store %s failed", (url,), sys.exc_info()
        )
    Redactor([]).filter(record)
    line = logging.Formatter("%(message)s").format(record)
    _shows_none(line)
    assert line.startswith("store postgresql+psycopg//postgres:***@db.tinh.local/tracker failed")
    assert "RuntimeError: Could not parse" in line


def test_a_bug_s_traceback_masks_the_store_url(capsys: pytest.CaptureFixture[str]) -> None:
    url = URLS[2][0]
    try:
        raise ValueError(f"invalid literal for int() with base 10: '{url}'")
    except ValueError:
        masked_excepthook(*sys.exc_info())
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "ValueError: invalid literal for int() with base 10: 'postgres://user:***@host'" in err
    _shows_none(err)
