"""`tracker web`: the terminal UI in a browser through textual-serve, behind a sign-in.

textual-serve (Textual's own server, on aiohttp) starts one `tracker tui` per browser
connection and has no sign-in of its own. This server adds one in front of every route
but the sign-in page and the static files: a session cookie, made on a good password
(`sign_in`), ends after an idle hour, and the terminal UI it starts acts as that officer
through a signed token (`web_token`), exactly as the officer would over SSH.
"""

from __future__ import annotations

import asyncio
import html
import secrets
import shlex
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web
from sqlalchemy.orm import Session, sessionmaker
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tracker.officers import web_token
from tracker.officers.sign_in import sign_in

COOKIE = "tracker_session"
IDLE = 3600.0  # seconds without a key press or a click before the session ends
OPEN_PATHS = ("/login", "/static/")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_WORDS = {
    "title": "Đăng nhập / Sign in",
    "login": "Tên đăng nhập / Login",
    "password": "Mật khẩu / Password",
    "submit": "Đăng nhập / Sign in",
    "wrong": "Sai tên đăng nhập hoặc mật khẩu. / Wrong login or password.",
    "locked": "Tài khoản tạm khoá 15 phút sau 5 lần sai mật khẩu. / "
    "Locked for 15 minutes after 5 wrong passwords.",
    "ended": "Phiên làm việc đã hết. / The session has ended.",
}


@dataclass
class WebSession:
    login: str
    last_seen: float


# The signed-in session of a request, set by the sign-in check for the routes behind it.
SIGNED_IN = web.RequestKey("signed_in", WebSession)


class SignedInServer(Server):
    """textual-serve's server, each route but the sign-in behind a session cookie."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        environment: dict[str, str],
        host: str,
        port: int,
        public_url: str | None = None,
        idle: float = IDLE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        command = f"{shlex.quote(sys.executable)} -m tracker tui"
        super().__init__(command, host=host, port=port, title="CNCĐ tracker", public_url=public_url)
        self.store = sessions
        self.environment = environment  # the store URL and config for each terminal UI
        self.idle = idle
        self.clock = clock  # seconds, for the idle hour; a test moves it on by hand
        self.signed_in: dict[str, WebSession] = {}

    def initialize_logging(self) -> None:
        """textual-serve logs each line with rich; the web server's log stays short."""

    async def on_startup(self, app: web.Application) -> None:
        print(f"tracker web: {self.public_url}", file=sys.stderr, flush=True)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._require_session)
        app.router.add_get("/login", self.login_page)
        app.router.add_post("/login", self.login_post)
        app.router.add_post("/logout", self.logout)
        return app

    # -- sessions -------------------------------------------------------------------------

    def session_of(self, request: web.Request) -> WebSession | None:
        token = request.cookies.get(COOKIE, "")
        current = self.signed_in.get(token)
        if current is None:
            return None
        if self.clock() - current.last_seen > self.idle:
            del self.signed_in[token]
            return None
        return current

    @web.middleware
    async def _require_session(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(OPEN_PATHS):
            return await handler(request)
        current = self.session_of(request)
        if current is None:
            if request.path == "/":
                raise web.HTTPFound("/login")
            raise web.HTTPForbidden(text="sign in first")
        current.last_seen = self.clock()
        request[SIGNED_IN] = current
        return await handler(request)

    # -- sign in and out -------------------------------------------------------------------

    async def login_page(self, request: web.Request) -> web.Response:
        return self._form(request.query.get("note", ""))

    async def login_post(self, request: web.Request) -> web.Response:
        form = await request.post()
        login, password = str(form.get("login", "")).strip(), str(form.get("password", ""))
        result = await asyncio.to_thread(sign_in, self.store, login, password)
        if result.outcome != "ok" or result.login is None:
            return self._form(result.outcome, status=403 if result.outcome == "wrong" else 423)
        token = secrets.token_urlsafe(32)
        self.signed_in[token] = WebSession(result.login, self.clock())
        response = web.HTTPFound("/")
        response.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="Strict",
            secure=self.public_url.startswith("https"),
        )
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        self.signed_in.pop(request.cookies.get(COOKIE, ""), None)
        response = web.HTTPFound("/login")
        response.del_cookie(COOKIE)
        raise response

    def _form(self, note: str, status: int = 200) -> web.Response:
        message = _WORDS.get(note, "")
        shown = f'<p class="note" role="alert">{html.escape(message)}</p>' if message else ""
        page = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{_WORDS["title"]}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;max-width:24rem;margin:4rem auto}}
label,input,button{{display:block;width:100%;margin:.4rem 0}}.note{{color:#a00}}</style>
</head><body><h1>{_WORDS["title"]}</h1>{shown}
<form method="post" action="/login">
<label>{_WORDS["login"]}<input name="login" autocomplete="username" required></label>
<label>{_WORDS["password"]}<input name="password" type="password"
 autocomplete="current-password" required></label>
<button type="submit">{_WORDS["submit"]}</button></form></body></html>"""
        return web.Response(text=page, content_type="text/html", status=status)

    # -- the terminal UI, as the signed-in officer ---------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        current = request[SIGNED_IN]
        environment = {**self.environment, web_token.VARIABLE: web_token.sign(current.login)}
        await websocket.prepare(request)
        service = OfficerAppService(
            self.command,
            environment,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        try:
            await service.start(width, height)
            await self._relay(websocket, service, current)
        finally:
            await service.stop()
        return websocket

    async def _relay(
        self, websocket: web.WebSocketResponse, service: AppService, current: WebSession
    ) -> None:
        """textual-serve's message loop, which also ends an idle session: key presses and
        resizes count as work, the browser's own pings do not."""
        while True:
            remaining = self.idle - (self.clock() - current.last_seen)
            try:
                message = await websocket.receive(timeout=max(remaining, 0.01))
            except TimeoutError:
                self.signed_in = {k: v for k, v in self.signed_in.items() if v is not current}
                await websocket.close(message=_WORDS["ended"].encode())
                return
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            if message.type == WSMsgType.ERROR:
                return
            if message.type != WSMsgType.TEXT:
                continue
            envelope = message.json()
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin":
                current.last_seen = self.clock()
                await service.send_bytes(str(data).encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                current.last_seen = self.clock()
                await service.set_terminal_size(data["width"], data["height"])
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()


class OfficerAppService(AppService):
    """One terminal UI process, with the officer's signed token and the store's settings."""

    def __init__(self, command: str, environment: dict[str, str], **options: Any) -> None:
        super().__init__(command, **options)
        self.extra = environment

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = {**super()._build_environment(width, height), **self.extra}
        environment.pop("TRACKER_OFFICER", None)  # the signed-in officer acts, nobody else
        return environment
