"""`tracker outbox list|retry`: an admin sees what did not go out and sends it again."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from tests.conftest import Tracker
from tracker.messages import Outbound
from tracker.store.models import AuditEntry, OutboxMessage
from tracker.sync.outbox import queue

CHAT = "-1001000000002"


@pytest.fixture
def store(tracker: Tracker) -> Tracker:
    """An outbox as a day of outage leaves it: sent, waiting, refused, too late, unsure."""
    states = {
        "reply:1": ("sent", None),
        "reply:2": ("pending", "network error: ConnectError: [Errno 111] Connection refused"),
        "digest:telegram:-100:2026-11-21": ("failed", "Bad Request: chat not found"),
        "digest:telegram:-100:2026-11-20": ("expired", "expired: before the next digest"),
        "reply:3": ("unknown", "outcome unknown: no answer within the read timeout"),
    }
    with tracker.sessions().begin() as session:
        queue(
            session,
            [Outbound("telegram", CHAT, f"tin {key}", key, key.split(":")[0]) for key in states],
        )
        for key, (status, error) in states.items():
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.idempotency_key == key)
                .values(status=status, last_error=error)
            )
    return tracker


def _ids(tracker: Tracker) -> dict[str, int]:
    with tracker.sessions()() as session:
        return dict(session.execute(select(OutboxMessage.idempotency_key, OutboxMessage.id)).all())


def test_list_shows_what_did_not_go_out_and_why(store: Tracker) -> None:
    table = store.ok("outbox", "list").output
    assert "chat not found" in table and "Connection refused" in table
    assert "reply:1" not in table and "sent" not in table.split("\n", 2)[2]
    failed = json.loads(store.ok("outbox", "list", "--status", "failed", "--format", "json").output)
    (only,) = failed["messages"]
    assert only["status"] == "failed" and only["last_error"] == "Bad Request: chat not found"
    assert only["idempotency_key"] == "digest:telegram:-100:2026-11-21"


def test_retry_queues_again_with_an_audit_entry(store: Tracker) -> None:
    ids = _ids(store)
    target = ids["reply:3"]
    result = store.ok("outbox", "retry", str(target), "--officer", "Cán bộ huyện")
    assert "1" in result.output
    with store.sessions()() as session:
        row = session.get(OutboxMessage, target)
        assert row is not None and row.status == "pending" and row.expires_at is not None
        (audit,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "retry")).all()
    assert audit.actor == "Cán bộ huyện" and audit.entity_key == "reply:3"
    assert audit.before["status"] == "unknown" and audit.after["status"] == "pending"


def test_retry_all_failed_takes_only_the_failed(store: Tracker) -> None:
    store.ok("outbox", "retry", "--all-failed")
    with store.sessions()() as session:
        statuses = dict(
            session.execute(select(OutboxMessage.idempotency_key, OutboxMessage.status)).all()
        )
    assert statuses["digest:telegram:-100:2026-11-21"] == "pending"
    assert statuses["digest:telegram:-100:2026-11-20"] == "expired"


def test_retry_refuses_a_sent_message_in_one_line_and_changes_nothing(store: Tracker) -> None:
    ids = _ids(store)
    result = store("outbox", "retry", str(ids["reply:3"]), str(ids["reply:1"]))
    assert result.exit_code == 1
    assert "sent" in result.output and "Traceback" not in result.output
    with store.sessions()() as session:
        assert session.get(OutboxMessage, ids["reply:3"]).status == "unknown"  # type: ignore[union-attr]
        assert session.scalars(select(AuditEntry)).all() == []
    assert store("outbox", "retry", "99999").exit_code == 1
    assert store("outbox", "retry").exit_code == 1


def test_help_gives_examples(store: Tracker) -> None:
    assert "tracker outbox retry --all-failed" in store.ok("outbox", "--help").output
    assert "tracker outbox list --status failed" in store.ok("outbox", "list", "--help").output


def test_every_outbox_state_can_be_shown_in_the_terminal_ui() -> None:
    from tracker.sync.outbox import STATUSES
    from tui.strings import TEXT

    for language in ("vi", "en"):
        assert all(TEXT(language, f"outbox.{status}") for status in STATUSES)
