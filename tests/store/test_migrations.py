from __future__ import annotations

from sqlalchemy import inspect

from tests.conftest import Tracker
from tracker.store.engine import make_engine
from tracker.store.migrate import current_revision, differences, head_revision, upgrade


def test_upgrade_creates_every_table_and_is_idempotent(empty_or_fresh_url: str) -> None:
    engine = make_engine(empty_or_fresh_url)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"units", "teams", "members", "inbound_messages", "outbox", "audit_log"} <= tables
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = make_engine(db_url)
    assert differences(engine) == []
    engine.dispose()


def test_db_upgrade_command_twice(empty_or_fresh_url: str) -> None:
    tracker = Tracker(empty_or_fresh_url)
    first = tracker.ok("db", "upgrade")
    assert "upgraded to revision" in first.output
    second = tracker.ok("db", "upgrade")
    assert "is up to date" in second.output


def test_commands_refuse_a_store_that_is_not_upgraded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = Tracker(f"sqlite:///{tmp_path / 'new.db'}")("import", "units", "x.csv")
    assert result.exit_code != 0
