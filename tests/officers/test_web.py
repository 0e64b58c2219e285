"""`tracker web` on a loopback port, in its own process: the sign-in page, a wrong
password refused, the account locked after five, and a good sign-in reaching the
terminal UI's page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.officers.passwords import hash_password
from tracker.store.models import AuditEntry, Officer, Unit


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def web(sqlite_tracker: Tracker) -> Iterator[str]:
    with sqlite_tracker.sessions().begin() as session:
        build_world(session)
        province = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        commune = session.scalars(select(Unit).where(Unit.code == "NH")).one()
        session.add_all(
            [
                Officer(
                    login="tinh",
                    name="Trần Thị Hoa",
                    scope=province,
                    role="admin",
                    password_hash=hash_password("dung-mat-khau"),
                ),
                Officer(
                    login="xa_nh",
                    name="Lê Văn Nam",
                    scope=commune,
                    role="editor",
                    password_hash=hash_password("mat-khau-xa"),
                ),
            ]
        )
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker",
            "--db",
            sqlite_tracker.db_url,
            "web",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read().decode()) from None  # type: ignore[union-attr]
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_sign_in_refuses_a_wrong_password_and_locks_after_five(
    web: str, sqlite_tracker: Tracker
) -> None:
    with httpx.Client(base_url=web, follow_redirects=True) as browser:
        first = browser.get("/")
        assert first.status_code == 200 and str(first.url).endswith("/login")
        assert 'name="password"' in first.text and "Đăng nhập" in first.text
        assert browser.get("/ws").status_code == 403  # no terminal UI before signing in

        for _ in range(4):
            wrong = browser.post("/login", data={"login": "tinh", "password": "sai"})
            assert wrong.status_code == 403
            assert "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
        fifth = browser.post("/login", data={"login": "tinh", "password": "sai"})
        assert fifth.status_code == 423
        assert "khoá 15 phút" in fifth.text
        right = browser.post("/login", data={"login": "tinh", "password": "dung-mat-khau"})
        assert right.status_code == 423  # locked: even the right password waits
        assert "tracker_session" not in browser.cookies

        # Another account signs in and reaches the terminal UI's page.
        signed = browser.post("/login", data={"login": "xa_nh", "password": "mat-khau-xa"})
        assert signed.status_code == 200 and "tracker_session" in browser.cookies
        assert "/ws" in signed.text  # textual-serve's page, which opens the terminal UI

    with sqlite_tracker.sessions()() as session:
        locked = session.scalar(select(Officer.locked_until).where(Officer.login == "tinh"))
        refused = session.scalars(
            select(AuditEntry.after).where(AuditEntry.refused, AuditEntry.action == "sign_in")
        ).all()
    assert locked is not None
    assert [entry["reason"][:14] for entry in refused] == [
        "wrong password",
        "wrong password",
        "wrong password",
        "wrong password",
        "wrong password",
        "locked",
    ]


def test_an_unknown_login_reads_as_a_wrong_password(web: str) -> None:
    answer = httpx.post(f"{web}/login", data={"login": "nobody", "password": "x"})
    assert answer.status_code == 403
    assert "Sai tên đăng nhập hoặc mật khẩu" in answer.text


@pytest.mark.slow
def test_the_browser_runs_the_terminal_ui_as_the_signed_in_officer(web: str) -> None:
    """The terminal UI started for the browser names the signed-in officer in its header."""
    import asyncio

    import aiohttp

    async def screen_text() -> bytes:
        jar = aiohttp.CookieJar(unsafe=True)  # the loopback address is an IP
        async with aiohttp.ClientSession(cookie_jar=jar) as browser:
            signed = await browser.post(
                f"{web}/login", data={"login": "xa_nh", "password": "mat-khau-xa"}
            )
            assert signed.status == 200
            seen = b""
            async with browser.ws_connect(f"{web}/ws?width=120&height=30") as terminal:
                await terminal.send_json(["resize", {"width": 120, "height": 30}])
                deadline = time.monotonic() + 60
                while "Lê Văn Nam".encode() not in seen and time.monotonic() < deadline:
                    try:
                        message = await terminal.receive(timeout=2)
                    except TimeoutError:
                        continue
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data
                    elif message.type == aiohttp.WSMsgType.TEXT:
                        seen += message.data.encode()
                    else:
                        break
            return seen

    seen = asyncio.run(screen_text())
    assert "Lê Văn Nam (xa_nh)".encode() in seen
