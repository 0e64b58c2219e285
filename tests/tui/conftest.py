"""A small, fixed world for the terminal UI, seen on a fixed day, and a Pilot helper."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker
from textual.pilot import Pilot

from tests.factories import build_world
from tracker.config import load_settings
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import InboundMessage, MonthlyReport, ReportEntry, ReviewItem
from tui.app import TrackerApp
from tui.context import TuiContext

TODAY = date(2026, 11, 22)
OFFICER = "Cán bộ Kiểm thử"


def _seed(session: Session) -> None:
    world = build_world(session, "2026-11")
    teams, indicators = world.teams, world.indicators
    sent = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
    for team, code, value in [
        ("CNCD_HoiYen_NguHung", "ttdt", 90),
        ("CNCD_HoiYen_NguHung", "dvc", 20),
        ("CNCD_PhuKhe_NguHung", "ttdt", 30),
        ("CNCD_DongTao_DoanTung", "dvc", 4),
    ]:
        session.add(
            ReportEntry(
                team=teams[team],
                indicator=indicators[code],
                local_date=date(2026, 11, 10),
                value=value,
                sent_at=sent,
                officer="seed",
            )
        )
    session.add(
        MonthlyReport(team=teams["CNCD_HoiYen_NguHung"], month="2026-11", submitted_at=sent)
    )
    asked = datetime(2026, 11, 12, 2, tzinfo=UTC)
    item = from_unknown_sender("77", "Người dân", "bc ttdt 7", asked)
    item.indicator, item.value = indicators["ttdt"], 7
    session.add(item)


def from_unknown_sender(message_id: str, name: str, text: str, sent_at: datetime) -> ReviewItem:
    """A review item, with its message, as sync leaves one from a sender it does not know."""
    message = InboundMessage(
        channel="telegram",
        chat_id="-1001000000001",
        message_id=message_id,
        sender_id=f"9{message_id}",
        sender_name=name,
        text=text,
        sent_at=sent_at,
        raw={},
        status="review",
        reason="unknown sender",
    )
    return ReviewItem(message=message, reason="unknown_sender", text=text)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sessions(sqlite_url: str) -> sessionmaker[Session]:
    factory = session_factory(make_engine(sqlite_url))
    with factory.begin() as session:
        _seed(session)
    return factory


@pytest.fixture
def make_app(sessions: sessionmaker[Session], sqlite_url: str):  # type: ignore[no-untyped-def]
    def make(language: str = "vi", scope: str = "HD") -> TrackerApp:
        settings = load_settings(db_url=sqlite_url)
        ctx = TuiContext(sessions, settings, OFFICER, scope, language, lambda: TODAY)
        return TrackerApp(ctx)

    return make


async def settle(pilot: Pilot[None]) -> None:
    """Let the workers finish and their messages (and what those start) reach the widgets.

    A worker that failed is not raised here: the app shows its error in a dialog, which
    is what the tests look at. (wait_for_complete raises for a failed worker still in
    the manager, so whether it raised depended on timing.)"""
    for _ in range(6):
        workers = list(pilot.app.workers)
        await asyncio.gather(*(worker.wait() for worker in workers), return_exceptions=True)
        await pilot.pause(0.02)
    await pilot.pause()
