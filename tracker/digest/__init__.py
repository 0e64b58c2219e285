"""Daily digests: built from the store, rendered for a channel, queued to the outbox."""

from tracker.digest.build import build_unit_digest, digest_for_team
from tracker.digest.model import Digest, Mover, TaskLine
from tracker.digest.post import digest_key, queue_unit_digest
from tracker.digest.render import render_digest
from tracker.digest.split import bar, escape, limit_for, split_message

__all__ = [
    "Digest",
    "Mover",
    "TaskLine",
    "bar",
    "build_unit_digest",
    "digest_for_team",
    "digest_key",
    "escape",
    "limit_for",
    "queue_unit_digest",
    "render_digest",
    "split_message",
]
