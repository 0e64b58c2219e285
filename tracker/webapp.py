"""The ASGI face of `tracker serve`: Starlette routes around `tracker.webhooks.Webhooks`.

Imported only by `tracker serve` and the tests, so that `tracker --help` never loads
Starlette or uvicorn. The body is read in chunks and refused with 413 as soon as it
passes the limit (a lying or absent Content-Length changes nothing). The checks and
the journal write are blocking SQL, so they run in Starlette's thread pool; the answer
goes out as soon as the row is committed.
"""

from __future__ import annotations

import json
import logging

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tracker.webhooks import MAX_BODY, Webhooks

log = logging.getLogger("tracker.serve")


class TooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _json(status: int, document: object) -> Response:
    return Response(json.dumps(document), status_code=status, media_type="application/json")


def make_app(webhooks: Webhooks, max_body: int = MAX_BODY) -> Starlette:
    """The app: POST /telegram, /zalo/bot, /zalo/oa and GET /healthz."""

    async def hook(request: Request) -> Response:
        try:
            body = await _read_body(request, max_body)
        except TooLarge:
            log.warning("serve: %s refused: the body is over %d bytes", request.url.path, max_body)
            return _json(413, {"ok": False, "description": "too large"})
        headers = dict(request.headers)
        status, document = await run_in_threadpool(
            webhooks.handle, "POST", request.url.path, headers, body
        )
        return _json(status, document)

    async def health(request: Request) -> Response:
        status, document = await run_in_threadpool(webhooks.handle, "GET", "/healthz", {}, b"")
        return _json(status, document)

    routes = [
        Route(path, hook, methods=["POST"]) for path in ("/telegram", "/zalo/bot", "/zalo/oa")
    ]
    routes.append(Route("/healthz", health, methods=["GET"]))
    return Starlette(routes=routes)
