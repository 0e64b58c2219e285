"""Daily digests: built from the store, rendered for a channel, queued to the outbox.

Posting (the outbox, the officers' scope checks) and rendering are loaded on first use:
`tracker digest --format json` builds a digest and needs neither, and a read command's
time is mostly its imports.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tracker.digest.build import build_unit_digest, build_unit_digests, digest_for_team, overdue_in
from tracker.digest.model import Digest, Mover, TaskLine

if TYPE_CHECKING:
    from tracker.digest.post import (
        PostedDigest,
        chat_digest_texts,
        digest_key,
        post_chat_digests,
        post_digest_to_chat,
        post_unit_digest,
        unit_chat_digests,
    )
    from tracker.digest.render import render_digest
    from tracker.digest.split import bar, escape, limit_for, split_message

_LAZY = {
    "PostedDigest": "post",
    "chat_digest_texts": "post",
    "digest_key": "post",
    "post_chat_digests": "post",
    "post_digest_to_chat": "post",
    "post_unit_digest": "post",
    "unit_chat_digests": "post",
    "render_digest": "render",
    "bar": "split",
    "escape": "split",
    "limit_for": "split",
    "split_message": "split",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"tracker.digest.{module}"), name)


__all__ = [
    "Digest",
    "Mover",
    "PostedDigest",
    "TaskLine",
    "bar",
    "build_unit_digest",
    "build_unit_digests",
    "chat_digest_texts",
    "digest_for_team",
    "digest_key",
    "escape",
    "limit_for",
    "overdue_in",
    "post_chat_digests",
    "post_digest_to_chat",
    "post_unit_digest",
    "render_digest",
    "split_message",
    "unit_chat_digests",
]
