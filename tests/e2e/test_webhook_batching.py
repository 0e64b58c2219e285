"""`tracker serve` groups concurrent webhook requests into one transaction, answers
each 200 only once its row is committed, and a request that cannot be stored costs
only itself (503, the platform sends it again)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import httpx
import pytest
from sqlalchemy import select

from tests.adapters.fake_telegram import FakeTelegram
from tests.conftest import Tracker
from tracker.config import load_settings
from tracker.messages import Inbound
from tracker.store.models import InboundMessage
from tracker.webapp import make_app
from tracker.webhooks import Webhooks

SECRET = {"TRACKER_TELEGRAM_WEBHOOK_SECRET": "tg-hook-secret"}
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": "tg-hook-secret"}


def _texts(tracker: Tracker) -> set[str]:
    with tracker.sessions()() as session:
        return set(session.scalars(select(InboundMessage.text)))


async def _burst(app: object, updates: list[dict[str, object]], tracker: Tracker) -> list[int]:
    """POST all updates at once; on each 200, the row must already be in the store."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://serve") as client:

        async def post(update: dict[str, object]) -> int:
            answer = await client.post("/telegram", json=update, headers=HEADERS)
            if answer.status_code == 200:
                text = update["message"]["text"]  # type: ignore[index]
                assert text in _texts(tracker), "answered 200 before the row was committed"
            return answer.status_code

        return list(await asyncio.gather(*(post(u) for u in updates)))


def test_a_burst_shares_transactions_and_each_answer_follows_its_commit(
    sqlite_tracker: Tracker,
) -> None:
    settings = load_settings(db_url=sqlite_tracker.db_url, environ=SECRET)
    app = make_app(Webhooks(sqlite_tracker.sessions(), settings))
    telegram = FakeTelegram()
    updates = [telegram.post("-1001000000002", "1001", f"/bc ttdt {n}") for n in range(60)]
    statuses = asyncio.run(_burst(app, updates + updates[:10], sqlite_tracker))
    assert statuses == [200] * 70
    assert _texts(sqlite_tracker) == {f"/bc ttdt {n}" for n in range(60)}
    writer = app.state.writer
    assert writer.requests == 70 and writer.batches < 20  # not one commit per request


def test_a_request_that_cannot_be_stored_costs_only_itself(
    sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(db_url=sqlite_tracker.db_url, environ=SECRET)
    webhooks = Webhooks(sqlite_tracker.sessions(), settings)
    real = webhooks.store

    def store(requests: Sequence[Sequence[Inbound]]) -> list[int]:
        if any(m.text == "/bc ttdt 13" for messages in requests for m in messages):
            raise RuntimeError("disk I/O error")
        return real(requests)

    monkeypatch.setattr(webhooks, "store", store)
    app = make_app(webhooks)
    telegram = FakeTelegram()
    updates = [telegram.post("-1001000000002", "1001", f"/bc ttdt {n}") for n in range(20)]
    statuses = asyncio.run(_burst(app, updates, sqlite_tracker))
    assert statuses == [503 if n == 13 else 200 for n in range(20)]
    assert _texts(sqlite_tracker) == {f"/bc ttdt {n}" for n in range(20) if n != 13}
