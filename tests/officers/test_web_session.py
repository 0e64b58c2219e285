"""The browser's sign-in over time, without waiting for it: the lock lasts 15 minutes on
the store's clock (TRACKER_CLOCK), and a session ends after an idle hour on the web
server's own clock, which the test moves on by hand."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.officers.passwords import hash_password
from tracker.officers.sign_in import sign_in
from tracker.officers.web_server import COOKIE, IDLE, SignedInServer
from tracker.store.models import Officer, Unit


@pytest.fixture
def store(sqlite_tracker: Tracker) -> Tracker:
    with sqlite_tracker.sessions().begin() as session:
        build_world(session)
        commune = session.scalars(select(Unit).where(Unit.code == "NH")).one()
        session.add(
            Officer(
                login="xa_nh",
                name="Lê Văn Nam",
                scope=commune,
                role="admin",
                password_hash=hash_password("mat-khau-xa"),
            )
        )
    return sqlite_tracker


def test_the_lock_lasts_fifteen_minutes(store: Tracker, clock_at: Callable[[str], None]) -> None:
    sessions = store.sessions()
    clock_at("2026-11-20T10:00:00+07:00")
    outcomes = [sign_in(sessions, "xa_nh", "sai").outcome for _ in range(5)]
    assert outcomes == ["wrong"] * 4 + ["locked"]
    clock_at("2026-11-20T10:14:50+07:00")
    assert sign_in(sessions, "xa_nh", "mat-khau-xa").outcome == "locked"
    clock_at("2026-11-20T10:15:10+07:00")
    assert sign_in(sessions, "xa_nh", "mat-khau-xa").outcome == "ok"
    # A good password clears the count: four wrong ones later do not lock.
    assert [sign_in(sessions, "xa_nh", "sai").outcome for _ in range(4)] == ["wrong"] * 4


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_ends_after_an_idle_hour(store: Tracker) -> None:
    clock = Clock()
    server = SignedInServer(store.sessions(), {}, "127.0.0.1", 0, clock=clock)

    async def visit() -> list[str]:
        seen = []
        app = await server._make_app()
        async with TestClient(TestServer(app)) as browser:
            signed = await browser.post(
                "/login", data={"login": "xa_nh", "password": "mat-khau-xa"}
            )
            assert signed.status == 200 and COOKIE in {c.key for c in browser.session.cookie_jar}
            seen.append(str(signed.url.path))
            clock.now += IDLE - 1  # used again just before the hour is up...
            again = await browser.get("/")
            seen.append(str(again.url.path))
            clock.now += IDLE - 1  # ...so the hour counts from then
            seen.append(str((await browser.get("/")).url.path))
            clock.now += IDLE + 1  # an hour and a second with nothing done
            ended = await browser.get("/")
            seen.append(str(ended.url.path))
            assert ended.status == 200 and 'name="password"' in await ended.text()
        return seen

    assert asyncio.run(visit()) == ["/", "/", "/", "/login"]
    assert server.signed_in == {}
