"""The ASGI face of `tracker serve`: Starlette routes around `tracker.webhooks.Webhooks`.

Imported only by `tracker serve` and the tests, so that `tracker --help` never loads
Starlette or uvicorn. The body is read in chunks and refused with 413 as soon as it
passes the limit (a lying or absent Content-Length changes nothing).

Checking a request (secret, JSON, parsing) is quick and runs on the event loop. The
journal write does not: on SQLite each commit is a file sync, and one commit per
request capped `tracker serve` at a few hundred requests a second with 32 senders
queueing behind the database lock. So the requests go to one writer task, which
journals everything that arrived while the previous write ran in one transaction, in
the thread pool, and only then answers each of them 200. It does not wait for more
(`linger` 0): measured with benchmarks/webhooks.py, waiting 2 ms for company cost
8 senders a fifth of their throughput and gained nothing at 32, because requests
pile up by themselves while a commit runs. No request is answered before its rows
are committed; if the write fails, every request of the batch is tried again on its
own, so that one bad row does not cost the others, and the ones that still fail get
503 (the platform sends again).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tracker.messages import Inbound
from tracker.webhooks import MAX_BODY, Answer, Webhooks, stored

log = logging.getLogger("tracker.serve")

LINGER = 0.0  # seconds the writer waits for company before a write (see above)
MAX_BATCH = 1000  # requests per transaction


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


@dataclass
class _Waiting:
    messages: list[Inbound]
    answer: asyncio.Future[Answer]


class BatchWriter:
    """One task that journals concurrent requests together and answers each after commit."""

    def __init__(self, webhooks: Webhooks, linger: float = LINGER) -> None:
        self.webhooks = webhooks
        self.linger = linger
        self.batches = 0  # transactions written, for the tests and the log
        self.requests = 0  # requests journalled in them
        self._queue: asyncio.Queue[_Waiting] | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def write(self, messages: list[Inbound]) -> Answer:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._task is None or self._task.done():
            # First request, or a new event loop (a test client without lifespan).
            self._loop, self._queue = loop, asyncio.Queue()
            self._task = loop.create_task(self._run(self._queue))
        assert self._queue is not None
        waiting = _Waiting(messages, loop.create_future())
        await self._queue.put(waiting)
        return await waiting.answer

    async def close(self) -> None:
        """Let the writer finish what is queued, then stop it."""
        if self._task is None or self._queue is None:
            return
        await self._queue.join()
        self._task.cancel()
        with suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self, queue: asyncio.Queue[_Waiting]) -> None:
        while True:
            batch = [await queue.get()]
            # At least one turn of the loop: requests read in the same turn come along.
            await asyncio.sleep(self.linger)
            while len(batch) < MAX_BATCH and not queue.empty():
                batch.append(queue.get_nowait())
            try:
                await self._store(batch)
            except Exception:  # a bug here must not leave requests hanging or stop the writer
                log.exception("serve: the webhook writer failed")
                for waiting in batch:
                    self._answer(waiting, (503, {"ok": False, "description": "the store failed"}))
            finally:
                for _ in batch:
                    queue.task_done()

    async def _store(self, batch: list[_Waiting]) -> None:
        try:
            news = await run_in_threadpool(self.webhooks.store, [w.messages for w in batch])
        except Exception as error:
            if len(batch) > 1:  # find the request that cannot be stored; keep the others
                for waiting in batch:
                    await self._store([waiting])
                return
            log.error("serve: a webhook could not be journalled: %s", _reason(error))
            self._answer(batch[0], (503, {"ok": False, "description": "the store failed"}))
            return
        self.batches += 1
        self.requests += len(batch)
        for waiting, new in zip(batch, news, strict=True):
            self._answer(waiting, stored(new))

    @staticmethod
    def _answer(waiting: _Waiting, answer: Answer) -> None:
        if not waiting.answer.done():  # the client may have gone meanwhile
            waiting.answer.set_result(answer)


def _reason(error: Exception) -> str:
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip().splitlines()
    return text[0] if text else type(error).__name__


def make_app(webhooks: Webhooks, max_body: int = MAX_BODY, *, linger: float = LINGER) -> Starlette:
    """The app: POST /hooks/<adapter> and each adapter's older paths, GET /healthz."""
    writer = BatchWriter(webhooks, linger)

    async def hook(request: Request) -> Response:
        try:
            body = await _read_body(request, max_body)
        except TooLarge:
            log.warning("serve: %s refused: the body is over %d bytes", request.url.path, max_body)
            return _json(413, {"ok": False, "description": "too large"})
        checked = webhooks.check("POST", request.url.path, dict(request.headers), body)
        if isinstance(checked, tuple):
            return _json(*checked)
        return _json(*await writer.write(checked))

    async def health(request: Request) -> Response:
        status, document = await run_in_threadpool(webhooks.handle, "GET", "/healthz", {}, b"")
        return _json(status, document)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await writer.close()  # requests still waiting get their answer first
        if writer.requests:
            log.info(
                "serve: %d webhook requests journalled in %d transactions",
                writer.requests,
                writer.batches,
            )

    routes = [Route(path, hook, methods=["POST"]) for path in webhooks.routes]
    routes.append(Route("/healthz", health, methods=["GET"]))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.writer = writer
    return app
