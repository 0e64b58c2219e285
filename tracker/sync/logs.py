"""Logging for sync and serve: to stderr, one line per record, tokens never shown.

Bot tokens sit in the Bot API URL path, so an httpx error or a debug line can carry
one; every record passes through `Redactor` first. httpx's own request log (which
prints URLs) is kept at WARNING. Secrets that are only learnt while running, such as
the Zalo OA's rotating token pair, are added with `hide`. What no list can name, such
as the password of a store URL in a driver's error, is masked by its shape
(`tracker.redaction`).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from typing import ClassVar

from adapters.base import redact
from tracker.redaction import mask_secrets

FORMAT = "%(asctime)s %(levelname)s %(message)s"


class Redactor(logging.Filter):
    # Shared by every redactor; replaced, never changed in place, as sender threads log
    # while the OA adapter's thread refreshes its tokens.
    hidden: ClassVar[tuple[str, ...]] = ()

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = self.secrets + Redactor.hidden
        record.msg = mask_secrets(redact(record.getMessage(), secrets))
        record.args = None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = mask_secrets(redact(text, secrets))
            record.exc_info = None
        return True


_hiding = threading.Lock()


def hide(*secrets: str) -> None:
    """Keep these values out of every log line from now on."""
    with _hiding:  # two threads adding at once must not lose one's secrets
        new = tuple(s for s in secrets if s and s not in Redactor.hidden)
        Redactor.hidden += new


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    """Ours, so that a second `setup` replaces it instead of doubling every line."""


def setup(secrets: Sequence[str], level: int = logging.INFO) -> logging.Handler:
    """Send the `tracker` loggers to stderr through the redactor; returns the handler."""
    handler = _Handler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(Redactor(secrets))
    for name in ("tracker", "adapters"):
        logger = logging.getLogger(name)
        logger.handlers = [h for h in logger.handlers if not isinstance(h, _Handler)]
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
        logging.getLogger(name).addFilter(Redactor(secrets))
    return handler
