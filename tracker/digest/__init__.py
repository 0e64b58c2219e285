"""Daily digests: built from the store, rendered for a channel, queued to the outbox."""

from tracker.digest.build import build_unit_digest, build_unit_digests, digest_for_team, overdue_in
from tracker.digest.model import Digest, Mover, TaskLine
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
