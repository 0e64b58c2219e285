"""`tracker channels telegram set-webhook|delete-webhook` against the loopback Bot API,
and sync's one line while a webhook is set."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Live

URL = "https://cncd.example.vn/telegram"


def test_set_webhook_then_sync_skips_telegram_then_delete(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_TELEGRAM_WEBHOOK_SECRET", "tg-hook_secret-1")
    result = live.tracker.ok("channels", "telegram", "set-webhook", URL)
    assert result.stdout.strip() == (
        f"telegram: webhook set to {URL}; `tracker sync` no longer polls Telegram"
    )
    assert live.telegram.webhook == {
        "url": URL,
        "secret_token": "tg-hook_secret-1",
        "allowed_updates": ["message", "edited_message"],
    }

    live.telegram.post("-1001000000002", "1001", "/bc ttdt 2")
    synced = live.tracker.ok("sync", "--once", "--now", "2026-11-22T09:00", "--no-pacing")
    notes = [line for line in synced.stderr.splitlines() if "telegram: not polling" in line]
    assert len(notes) == 1 and "tracker serve" in notes[0], synced.stderr
    assert "received 0," in synced.stderr

    result = live.tracker.ok("channels", "telegram", "delete-webhook")
    assert result.stdout.strip() == "telegram: webhook deleted; `tracker sync` polls Telegram again"
    assert live.telegram.webhook is None
    synced = live.tracker.ok("sync", "--once", "--now", "2026-11-22T09:00", "--no-pacing")
    assert "not polling" not in synced.stderr and "received 1," in synced.stderr


def test_set_webhook_needs_https_a_secret_and_a_token(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_TELEGRAM_WEBHOOK_SECRET", raising=False)
    failed = live.tracker("channels", "telegram", "set-webhook", URL)
    assert failed.exit_code == 1
    assert "TRACKER_TELEGRAM_WEBHOOK_SECRET" in failed.stderr
    monkeypatch.setenv("TRACKER_TELEGRAM_WEBHOOK_SECRET", "has spaces")
    failed = live.tracker("channels", "telegram", "set-webhook", URL)
    assert failed.exit_code == 1 and "letters, digits" in failed.stderr
    failed = live.tracker("channels", "telegram", "set-webhook", "http://plain.example/x")
    assert failed.exit_code == 1 and "HTTPS" in failed.stderr
    assert live.telegram.webhook is None
    monkeypatch.delenv("TRACKER_TELEGRAM_TOKEN")
    failed = live.tracker("channels", "telegram", "delete-webhook")
    assert failed.exit_code == 1 and "TRACKER_TELEGRAM_TOKEN" in failed.stderr
