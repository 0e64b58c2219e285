"""A read command loads only what it uses: no Alembic (the migrated-store check reads
the version row), no openpyxl, Textual, Starlette or channel adapter (issue 18)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.factories import build_world
from tracker.store.engine import make_engine, session_factory

READS = {
    "leaderboard": ["leaderboard", "--scope", "HD", "--period", "2026-11"],
    "digest": ["digest", "--scope", "NH"],
    "overdue": ["overdue", "--scope", "HD"],
    "review list": ["review", "list"],
}
UNWANTED = ("alembic", "mako", "openpyxl", "textual", "starlette", "uvicorn", "adapters")
# Reading the settings lists the installed adapters' names from their entry points, to
# tell a `[channels.<name>]` of an adapter that is not installed: no adapter is imported.
ALLOWED = {"adapters", "adapters.registry"}


def loaded_modules(db_url: str, args: list[str]) -> tuple[str, set[str]]:
    """The command's output and every module `-X importtime` saw it import."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", "--db", db_url, *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done.stdout, modules


@pytest.mark.parametrize("command", list(READS))
def test_a_read_command_imports_only_what_it_uses(sqlite_url: str, command: str) -> None:
    with session_factory(make_engine(sqlite_url)).begin() as session:
        build_world(session)
    output, modules = loaded_modules(sqlite_url, READS[command])
    assert output.strip()  # it did its work
    assert "sqlalchemy" in modules  # the check is real: imports were seen
    unwanted = sorted(m for m in modules if m.split(".")[0] in UNWANTED and m not in ALLOWED)
    assert unwanted == []


def test_the_head_read_from_the_files_is_alembics(sqlite_url: str) -> None:
    from alembic.script import ScriptDirectory

    from tracker.store.migrate import alembic_config, current_revision, script_heads

    engine = make_engine(sqlite_url)
    heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    assert script_heads() == set(heads)
    assert current_revision(engine) in heads


def test_an_unmigrated_store_is_still_refused(tmp_path: object) -> None:
    from click.testing import CliRunner

    from tracker.cli.main import cli

    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path}/empty.db", "review", "list"])
    assert result.exit_code == 1
    assert "is empty: run `tracker db upgrade` first" in result.output


# The ORM and the models cost a leaderboard more than its query: it ranks through Core,
# and the overdue list reads two tables the same way.
WITHOUT_ORM = {
    "overdue": ["overdue", "--scope", "HD", "--date", "2026-11-25"],
    "month": ["leaderboard", "--scope", "HD", "--period", "2026-11"],
    "quarter, commended": ["leaderboard", "--scope", "HD", "--period", "2026-Q4", "--commend", "3"],
    "csv": ["leaderboard", "--scope", "HD", "--period", "2026-11", "--format", "csv"],
}


@pytest.mark.parametrize("case", list(WITHOUT_ORM))
def test_the_leaderboard_and_overdue_load_no_orm_and_no_model(sqlite_url: str, case: str) -> None:
    with session_factory(make_engine(sqlite_url)).begin() as session:
        build_world(session)
    output, modules = loaded_modules(sqlite_url, WITHOUT_ORM[case])
    assert output.strip()
    assert "tracker.store.tables" in modules  # the check is real: the tables were read
    loaded = sorted(
        m
        for m in modules
        if m == "sqlalchemy.orm" or m.startswith(("sqlalchemy.orm.", "tracker.store.models"))
    )
    assert loaded == []


UNKNOWN_SCOPE = ["--scope", "NOPE", "--period", "2026-11"]


def test_an_unknown_scope_is_refused_without_the_orm(sqlite_url: str) -> None:
    with session_factory(make_engine(sqlite_url)).begin() as session:
        build_world(session)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", sqlite_url, "leaderboard", *UNKNOWN_SCOPE],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert done.returncode == 1
    assert "NOPE" in done.stderr


def test_settings_without_channels_list_no_adapters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Listing the installed adapters reads every package's entry points (20 ms): only a
    config or an environment that may name a channel needs it."""
    config = tmp_path / "tracker.toml"
    config.write_text('language = "en"\n[deadlines]\ncommune = 20\n', encoding="utf-8")
    code = (
        "import sys\n"
        "from pathlib import Path\nfrom tracker.config import load_settings\n"
        f"settings = load_settings(config_file=Path({str(config)!r}))\n"
        "print(settings.language, 'importlib.metadata' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    plain = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert plain.stdout.split() == ["en", "False"]
    env["TRACKER_TELEGRAM_TOKEN"] = "123:abc"
    named = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert named.stdout.split() == ["en", "True"]
