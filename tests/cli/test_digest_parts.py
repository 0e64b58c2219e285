"""A digest queued for Telegram is cut in Telegram's unit (UTF-16 code units), so each
queued part goes out as exactly one message, however many emoji the names hold."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from adapters.telegram import TelegramAdapter
from adapters.textsplit import split_text, utf16_length
from tests.conftest import Tracker
from tracker.store.models import OutboxMessage
from tracker.tasks import add_task


def test_each_queued_telegram_part_is_one_message(world: Tracker) -> None:
    with world.sessions().begin() as session:
        for n in range(1, 71):
            title = f"🏆 Chiến dịch 𝕏 số {n}: 📱 cài VNeID 😀 cho hộ 👨‍👩‍👧 thôn Đông ✅"
            add_task(session, f"CD{n:02d}", title, date(2026, 11, 15), ["NH"], "test")
    world.ok("digest", "--scope", "NH", "--date", "2026-11-22", "--post")
    with world.sessions()() as session:
        parts = session.scalars(
            select(OutboxMessage.text)
            .where(OutboxMessage.channel == "telegram", OutboxMessage.kind == "digest")
            .order_by(OutboxMessage.id)
        ).all()
    assert len(parts) >= 2
    assert sum(text.count("🏆 Chiến dịch 𝕏") for text in parts) == 70
    for text in parts:
        assert utf16_length(text) <= 4096
        # What the adapter does when sending: a part it had to cut again would go out
        # as two messages.
        assert split_text(text, TelegramAdapter.capabilities.max_text_length) == [text]
