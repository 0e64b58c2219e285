"""Exponential back-off with jitter, and the HTTP call loop every adapter shares.

Server errors (5xx), network errors, timeouts and bodies that are not JSON are retried
after 1 s, 2 s, 4 s… up to 30 s, each delay jittered so that many bots do not retry in
step. Sleeping is injected, so that tests run at full speed. Requests go through
`adapters.jsonhttp` (httpx) and answer (status, body bytes).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from adapters.base import OutcomeUnknown, Sleep, Unreachable, redact


@dataclass
class Backoff:
    base: float = 1.0
    cap: float = 30.0
    attempts: int = 5  # tries before giving up with RetryLater
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int) -> float:
        """The wait before retry number `attempt` (0-based): between half and all of
        min(cap, base × 2^attempt)."""
        ceiling = min(self.cap, self.base * 2**attempt)
        return float(ceiling / 2 + self.rng.uniform(0, ceiling / 2))


class Transient(Exception):
    """A failure worth retrying after a pause (never shown with a token in it)."""


def call_with_retries(
    request: Callable[[], tuple[int, bytes]],
    decode: Callable[[int, bytes], Any],
    *,
    backoff: Backoff,
    sleep: Sleep = time.sleep,
    secrets: tuple[str, ...] = (),
    what: str = "request",
    resend: bool = True,
) -> Any:
    """Run `request` and `decode` its answer, retrying transient failures with back-off.

    `decode` raises `Transient` for answers worth retrying (5xx, not JSON) and the
    adapter's typed errors for the rest. After `backoff.attempts` transient failures
    this raises Unreachable (a RetryLater) with the next delay.

    With `resend=False` (a request that must not take effect twice, such as sending a
    message), a read timeout raises OutcomeUnknown at once: the request was written,
    so the platform may have acted on it; sending it again could post it twice.
    """
    reason = ""
    for attempt in range(backoff.attempts):
        if attempt:
            sleep(backoff.delay(attempt - 1))
        try:
            return decode(*request())
        except Transient as error:
            reason = str(error)
        except httpx.ReadTimeout:
            if not resend:
                raise OutcomeUnknown(
                    f"{what}: no answer within the read timeout after the request was sent"
                ) from None
            reason = "timed out"
        except httpx.TimeoutException:
            reason = "timed out"
        except httpx.TransportError as error:
            reason = redact(f"network error: {type(error).__name__}: {error}", secrets)
    delay = backoff.delay(backoff.attempts - 1)
    raise Unreachable(delay, f"{what} failed {backoff.attempts} times, last: {reason}")


def json_body(status: int, data: bytes) -> dict[str, Any]:
    """The answer's JSON object; Transient for a 5xx or a body that is not a JSON object."""
    if status >= 500:
        raise Transient(f"HTTP {status}")
    try:
        body = json.loads(data)
    except ValueError:
        raise Transient(f"HTTP {status} with a body that is not JSON") from None
    if not isinstance(body, dict):
        raise Transient(f"HTTP {status} with a JSON body that is not an object")
    return body
