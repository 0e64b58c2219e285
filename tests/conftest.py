"""Shared fixtures: isolated config and data folders, a fixed clock, and stores on SQLite
and PostgreSQL.

PostgreSQL tests run in a schema of their own in the server's `test` database. Locally
they skip with a clear reason when no server answers; under CI=true they must run.

No test sees the wall clock: TRACKER_CLOCK (tracker/clock.py) is set for every test and
inherited by every process it starts, at TEST_CLOCK. `make test` runs the tests marked
`clock` again at other instants (TRACKER_TEST_CLOCK, see the Makefile); a test about a
particular moment (the evening digest, a deadline) sets its own with `clock_at`.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

PG_URL = os.environ.get("TRACKER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DATA = Path(__file__).parent / "data"
KEPT = ("TRACKER_TEST_PG_URL", "TRACKER_TEST_CLOCK")

# A weekday morning in the test world's month (tests/factories.py: 2026-11), after the
# messages the fake servers date 18 November and before the 17:00 digest.
DEFAULT_CLOCK = "2026-11-20T10:00:00+07:00"
TEST_CLOCK = os.environ.get("TRACKER_TEST_CLOCK") or DEFAULT_CLOCK

# Tests whose outcome could depend on "now" (sync's loop and schedule, digests,
# deadlines, overdue flags, the dashboard's month): `make test` runs them at several
# instants. New ones can say so with @pytest.mark.clock instead.
CLOCK_SENSITIVE = (
    "tests/sync/test_cli.py::test_the_loop_stops_cleanly_on_sigterm",
    "tests/sync/test_loop.py",
    "tests/sync/test_schedule.py",
    "tests/e2e/test_sync_once.py",
    "tests/cli/test_digest.py",
    "tests/cli/test_overdue.py",
    "tests/cli/test_tasks.py",
    "tests/unit/test_deadlines.py",
    "tests/tui/test_dashboard.py",
    "tests/tui/test_monthly.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("[")[0].startswith(CLOCK_SENSITIVE):
            item.add_marker(pytest.mark.clock)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("TRACKER_") and name not in KEPT:
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    set_clock(monkeypatch, TEST_CLOCK)


def set_clock(monkeypatch: pytest.MonkeyPatch, instant: str) -> None:
    """ "Now" is `instant` (ISO-8601; Vietnam time without an offset) in this test and in
    every process it starts from here on; it runs on with real time."""
    from tracker.clock import CLOCK_VARIABLE, restart

    monkeypatch.setenv(CLOCK_VARIABLE, instant)
    restart()


@pytest.fixture
def clock_at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """For a test about a moment (the evening digest, a deadline): `clock_at("...")`."""
    return lambda instant: set_clock(monkeypatch, instant)


@pytest.fixture(autouse=True)
def _logging_as_it_was() -> Iterator[None]:
    """A command run in-process (`tracker sync`, `serve`) sets the `tracker` loggers up
    without propagation to the root, and teaches the redactor secrets: undone after each
    test, so that the next one's `caplog` sees what it logs, whatever ran before."""
    import logging

    from tracker.sync import logs

    saved = {
        n: (
            logging.getLogger(n).handlers[:],
            logging.getLogger(n).propagate,
            logging.getLogger(n).level,
        )
        for n in ("tracker", "adapters")
    }
    hidden = logs.Redactor.hidden
    yield
    logs.Redactor.hidden = hidden
    for name, (handlers, propagate, level) in saved.items():
        logging.getLogger(name).handlers = handlers
        logging.getLogger(name).propagate = propagate
        logging.getLogger(name).setLevel(level)


def _postgres_reason() -> str | None:
    """None when the server answers, else why not."""
    import psycopg

    try:
        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]


@pytest.fixture(scope="session")
def postgres_available() -> None:
    reason = _postgres_reason()
    if reason is None:
        return
    from tracker.redaction import mask_url

    message = f"PostgreSQL at {mask_url(PG_URL)} does not answer ({reason})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; under CI=true the PostgreSQL tests must run")
    pytest.skip(message + "; skipping the PostgreSQL run of this test")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An upgraded SQLite store, made once and copied for each test."""
    from tracker.store.engine import make_engine
    from tracker.store.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "tracker.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def empty_pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, empty schema, dropped afterwards."""
    import psycopg

    request.getfixturevalue("postgres_available")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    plain = PG_URL.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An upgraded, empty store on each backend."""
    if backend == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    from tracker.store.engine import make_engine
    from tracker.store.migrate import upgrade

    url = request.getfixturevalue("empty_pg_url")
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """An upgraded, empty SQLite store, for tests that are about behaviour, not the backend."""
    path = tmp_path / "tracker.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


class Tracker:
    """Runs `tracker` commands in-process against one store."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        from tracker.cli.main import cli

        return self.runner.invoke(cli, ["--db", self.db_url, *args], input=input)

    def ok(self, *args: str, input: str | None = None) -> Result:
        result = self(*args, input=input)
        assert result.exit_code == 0, f"{args}: {result.output}{result.exception!r}"
        return result

    def sessions(self):  # type: ignore[no-untyped-def]
        from tracker.store.engine import make_engine, session_factory

        return session_factory(make_engine(self.db_url))


@pytest.fixture
def tracker(db_url: str) -> Tracker:
    return Tracker(db_url)


@pytest.fixture
def sqlite_tracker(sqlite_url: str) -> Tracker:
    return Tracker(sqlite_url)
