"""Pacing sends the way the platforms ask: about one message a second per chat and, on
Telegram, twenty a minute per group. The clock is injected so that tests never wait."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

Key = tuple[str, str]  # (channel, chat_id)

WINDOW = 60.0


class Pacer:
    def __init__(self, clock: Callable[[], float] = time.monotonic, enabled: bool = True) -> None:
        self.clock = clock
        self.enabled = enabled
        self._last: dict[Key, float] = {}
        self._recent: dict[Key, deque[float]] = {}
        self._held: dict[Key, float] = {}

    def ready_at(self, key: Key, interval: float, group_per_minute: int | None) -> float:
        """The earliest moment (on the injected clock) a message may go to `key`."""
        ready = self._held.get(key, 0.0)
        if not self.enabled:
            return ready
        if key in self._last:
            ready = max(ready, self._last[key] + interval)
        recent = self._recent.get(key)
        if group_per_minute and recent:
            now = self.clock()
            while recent and recent[0] <= now - WINDOW:
                recent.popleft()
            if len(recent) >= group_per_minute:
                ready = max(ready, recent[0] + WINDOW)
        return ready

    def sent(self, key: Key, group: bool = False) -> None:
        now = self.clock()
        self._last[key] = now
        if group:
            self._recent.setdefault(key, deque()).append(now)

    def hold(self, key: Key, seconds: float) -> None:
        """Send nothing to `key` for `seconds` (the platform said: too many requests)."""
        self._held[key] = max(self._held.get(key, 0.0), self.clock() + seconds)
