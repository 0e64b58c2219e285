"""Shared fixtures: isolated config and data folders, a fixed clock, and stores on SQLite
and PostgreSQL.

PostgreSQL tests run in a schema of their own in the server's `test` database. Locally
they skip with a clear reason when no server answers; under CI=true they must run.

No test sees the wall clock: TRACKER_CLOCK (tracker/clock.py) is set for every test and
inherited by every process it starts, at TEST_CLOCK. `make test` runs the tests marked
`clock` again at other instants, in the same session (--clock-instants, see the Makefile;
TRACKER_TEST_CLOCK moves TEST_CLOCK for a whole run); a test about a particular moment
(the evening digest, a deadline) sets its own with `clock_at`.

`make test` runs the tests in parallel (pytest-xdist): each worker is its own process with
its own session fixtures, so a test may not rely on another having run first, nor write
anywhere but its tmp_path. PostgreSQL stores are replayed from one recorded upgrade per
worker (`pg_upgrade_script`), SQLite ones copied from one upgraded file.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-instants",
        default="",
        metavar="INSTANTS",
        help="space-separated ISO-8601 instants: each test marked `clock` runs once more at "
        "each, with TRACKER_TEST_CLOCK set to it (the Makefile's CLOCK_INSTANTS)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """With --clock-instants, a `clock` test runs at TEST_CLOCK and again at each of them,
    in the same session, so that xdist spreads all of them over its workers."""
    instants = metafunc.config.getoption("clock_instants").split()
    test = metafunc.definition
    if instants and (
        test.nodeid.startswith(CLOCK_SENSITIVE) or test.get_closest_marker("clock") is not None
    ):
        metafunc.parametrize("start_instant", [TEST_CLOCK, *instants], indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("[")[0].startswith(CLOCK_SENSITIVE):
            item.add_marker(pytest.mark.clock)


@pytest.fixture
def start_instant(request: pytest.FixtureRequest) -> str:
    """The instant this test starts at: TEST_CLOCK, or one of --clock-instants."""
    return str(getattr(request, "param", TEST_CLOCK))


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_instant: str
) -> None:
    for name in list(os.environ):
        if name.startswith("TRACKER_") and name not in KEPT:
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if start_instant != TEST_CLOCK:
        # As if the run had been started with it: the processes the test starts see it too.
        monkeypatch.setenv("TRACKER_TEST_CLOCK", start_instant)
    set_clock(monkeypatch, start_instant)


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


def _pg_url(schema: str) -> str:
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema}"


def _pg_connect(schema: str | None = None, autocommit: bool = True):  # type: ignore[no-untyped-def]
    import psycopg

    options = {} if schema is None else {"options": f"-csearch_path={schema}"}
    return psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=autocommit, **options)


def _new_schema() -> str:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with _pg_connect() as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    return schema


def _drop_schema(schema: str) -> None:
    with _pg_connect() as connection:
        connection.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def empty_pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, empty schema, dropped afterwards."""
    request.getfixturevalue("postgres_available")
    schema = _new_schema()
    yield _pg_url(schema)
    _drop_schema(schema)


Statement = tuple[str, Any, bool]  # SQL, its parameters, whether it ran as executemany


@pytest.fixture(scope="session")
def pg_upgrade_script(postgres_available: None) -> list[Statement]:
    """What `tracker db upgrade` sends to an empty PostgreSQL schema, recorded once per
    test process: running Alembic for each test (loading every migration script, asking
    the catalogue what exists) took half a second a test; replaying what it sent, in one
    transaction, takes a few milliseconds and leaves the same tables, indexes, sequences
    and alembic_version row (tests/store/test_fixture_schema.py compares the two).

    Reads (SELECT, SHOW) are left out: on an empty schema their answers are always the
    same, and Alembic's answers to them are already in the statements that follow."""
    from sqlalchemy import event

    from tracker.store.engine import make_engine
    from tracker.store.migrate import upgrade

    script: list[Statement] = []

    def record(_c: Any, _cursor: Any, statement: str, parameters: Any, _x: Any, many: bool) -> None:
        if not statement.lstrip().upper().startswith(("SELECT", "SHOW")):
            script.append((statement, parameters, many))

    schema = _new_schema()
    try:
        engine = make_engine(_pg_url(schema))
        event.listen(engine, "before_cursor_execute", record)
        upgrade(engine)
        engine.dispose()
    finally:
        _drop_schema(schema)
    return script


def replay(script: list[Statement], schema: str) -> None:
    """Create `schema` and run `script` in it, in one transaction."""
    with _pg_connect(autocommit=False) as connection, connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {schema}")
        cursor.execute(f"SET LOCAL search_path TO {schema}")
        for statement, parameters, many in script:
            if many:
                cursor.executemany(statement, parameters)
            else:
                cursor.execute(statement, parameters)


@pytest.fixture
def migrated_pg_url(pg_upgrade_script: list[Statement]) -> Iterator[str]:
    """A PostgreSQL URL on a fresh schema at the head revision, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    replay(pg_upgrade_script, schema)
    yield _pg_url(schema)
    _drop_schema(schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An upgraded, empty store on each backend."""
    if backend == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return str(request.getfixturevalue("migrated_pg_url"))


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
        self._engine: Engine | None = None

    def __call__(self, *args: str, input: str | None = None) -> Result:
        from tracker.cli.main import cli

        return self.runner.invoke(cli, ["--db", self.db_url, *args], input=input)

    def ok(self, *args: str, input: str | None = None) -> Result:
        result = self(*args, input=input)
        assert result.exit_code == 0, f"{args}: {result.output}{result.exception!r}"
        return result

    def sessions(self):  # type: ignore[no-untyped-def]
        """Sessions on one engine per test, closed at its end (`close`): engines left to
        the collector kept their PostgreSQL connections past max_connections."""
        from tracker.store.engine import make_engine, session_factory

        if self._engine is None:
            self._engine = make_engine(self.db_url)
        return session_factory(self._engine)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


@pytest.fixture
def tracker(db_url: str) -> Iterator[Tracker]:
    made = Tracker(db_url)
    yield made
    made.close()


@pytest.fixture
def sqlite_tracker(sqlite_url: str) -> Iterator[Tracker]:
    made = Tracker(sqlite_url)
    yield made
    made.close()
