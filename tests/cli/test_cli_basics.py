"""The command line's outside faces: help with examples, fast start-up, the house rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tracker.cli.main import cli


def _commands(group: click.Group, ctx: click.Context, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, (*path, name))


def test_every_command_has_help_with_an_example() -> None:
    ctx = click.Context(cli)
    commands = list(_commands(cli, ctx))
    assert commands, "no commands registered"
    runner = CliRunner()
    for path, command in commands:
        if command.hidden:
            continue
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example" in result.output, f"`tracker {' '.join(path)} --help` has no example"
    top = runner.invoke(cli, ["--help"])
    assert "Example" in top.output


def test_help_loads_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from tracker.cli.main import cli\n"
        "try:\n"
        "    cli(['--help'], prog_name='tracker')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'sqlalchemy', 'textual', 'openpyxl', 'httpx', 'alembic', 'tabulate',\n"
        "         'starlette', 'uvicorn'}\n"
        "print(sorted(heavy & {name.split('.')[0] for name in sys.modules}))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "[]"


# That the core imports no screen and no concrete adapter, and keeps its layers, is checked
# by import-linter (`lint-imports` in `make lint`; the contracts are in pyproject.toml).


def test_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", "not a url", "db", "upgrade"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: 'not a url' không phải địa chỉ cơ sở dữ liệu; viết như sqlite:///tracker.db, "
        "postgresql+psycopg://tracker@127.0.0.1/tracker\n"
    )


# (typed with --db, what the one line says after "Error: ") — none may end in a traceback,
# and the password (Bí-Mật@9 and its pieces) never shows.
BAD_STORE_URLS = [
    (
        "postgresql+psycopg://tracker:Bi-Mat9@127.0.0.1:notaport/tracker",
        "'postgresql+psycopg://tracker:***@127.0.0.1:notaport/tracker': the port 'notaport' "
        "is not a number",
    ),
    (
        "postgresql+psycopg://tracker:Bi-Mat9@127.0.0.1:99999/tracker",
        "'postgresql+psycopg://tracker:***@127.0.0.1:99999/tracker': the port 99999 is not "
        "within 1–65535",
    ),
    (
        "mysqlx://tracker:Bi-Mat9@127.0.0.1/tracker",
        "'mysqlx://tracker:***@127.0.0.1/tracker': the store can only be SQLite or PostgreSQL, "
        "not 'mysqlx'; write it like sqlite:///tracker.db, "
        "postgresql+psycopg://tracker@127.0.0.1/tracker",
    ),
    (
        "postgresql+nosuch://tracker:Bi-Mat9@127.0.0.1/tracker",
        "'postgresql+nosuch://tracker:***@127.0.0.1/tracker': postgresql has no driver "
        "'nosuch'; leave out '+nosuch' or write postgresql+psycopg",
    ),
    (
        "postgresql+psycopg//postgres:Bi-Mat9@127.0.0.1/tracker",
        "'postgresql+psycopg//postgres:***@127.0.0.1/tracker' lacks the ':' after "
        "'postgresql+psycopg': write postgresql+psycopg://…",
    ),
    (
        "postgres://tracker:Bi@Mat:9@127.0.0.1/tracker",
        "'postgres://tracker:***@127.0.0.1/tracker': the password holds an '@'; in a URL "
        "write '@' as %40 (':' as %3A, '/' as %2F)",
    ),
]


@pytest.mark.parametrize(("url", "said"), BAD_STORE_URLS, ids=[u for u, _ in BAD_STORE_URLS])
def test_a_bad_store_url_is_refused_in_one_line_naming_it_masked(
    tmp_path: Path, url: str, said: str
) -> None:
    config = tmp_path / "en.toml"
    config.write_text('language = "en"\n')
    result = CliRunner().invoke(cli, ["--config", str(config), "--db", url, "db", "status"])
    assert result.exit_code == 1
    assert result.output == f"Error: {said}\n"
    assert "Mat" not in result.output


def test_a_bad_store_url_is_refused_in_vietnamese_by_default() -> None:
    url = "postgresql+psycopg//postgres:Bi-Mat9@127.0.0.1/tracker"
    result = CliRunner().invoke(cli, ["--db", url, "db", "upgrade"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: 'postgresql+psycopg//postgres:***@127.0.0.1/tracker' thiếu dấu ':' sau "
        "'postgresql+psycopg': viết postgresql+psycopg://…\n"
    )


def test_a_bug_s_traceback_from_the_command_masks_passwords() -> None:
    code = (
        "import sys, click\n"
        "import tracker.cli.main as m\n"
        "@click.command()\n"
        "def boom():\n"
        "    raise RuntimeError('cannot open postgres://tracker:Kh0ng@Ai:Biet@db/tracker')\n"
        "m.COMMANDS['boom'] = '__main__:boom'\n"
        "sys.argv = ['tracker', 'boom']\n"
        "m.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "RuntimeError: cannot open postgres://tracker:***@db/tracker"
    )
    assert "Kh0ng" not in done.stderr and "Biet" not in done.stderr
