"""A `tracker` process ends without the interpreter's teardown (`leave`), and still keeps
every promise of a normal exit: its status, its output flushed, its files whole, the
exit hooks run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.factories import build_world
from tracker.cli.main import cli
from tracker.store.engine import make_engine, session_factory


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, check=False
    )


def script(body: str) -> subprocess.CompletedProcess[str]:
    prelude = (
        "import atexit, sys, threading\n"
        "from tracker.cli.main import leave\n"
        "class Teardown:\n"
        "    def __del__(self):\n"
        "        print('torn down', flush=True)\n"
        "kept = Teardown()\n"
        "atexit.register(lambda: print('hook ran'))\n"
        "sys.stdout.write('buffered, ')\n"
    )
    return run("-c", prelude + body)


def test_leave_skips_the_teardown_but_runs_the_hooks_and_flushes() -> None:
    done = script("leave(3)\n")
    assert done.returncode == 3
    assert done.stdout == "buffered, hook ran\n"  # no "torn down": the objects were not freed


def test_leave_with_a_message_prints_it_and_fails() -> None:
    done = script("leave('the store is gone')\n")
    assert (done.returncode, done.stderr) == (1, "the store is gone\n")
    assert "hook ran" in done.stdout


def test_leave_waits_for_a_running_thread_through_the_normal_exit() -> None:
    done = script(
        "stop = threading.Event()\n"
        "t = threading.Thread(target=lambda: (stop.wait(0.5), print('thread done', flush=True)))\n"
        "t.start()\n"
        "leave(0)\n"
        "print('went on')\n"
    )
    assert done.returncode == 0
    assert "went on" in done.stdout and "thread done" in done.stdout


def test_a_command_process_keeps_its_status_output_and_files(
    sqlite_url: str, tmp_path: Path
) -> None:
    url = sqlite_url
    with session_factory(make_engine(url)).begin() as session:
        build_world(session)
    target = tmp_path / "bxh.csv"
    # A fixed --date: the two runs compared must not straddle a deadline or midnight.
    args = ["--db", url, "leaderboard", "--scope", "HD", "--period", "2026-11", "--format", "csv"]
    args += ["--date", "2026-11-22"]

    done = run("-m", "tracker", *args, "-o", str(target))
    expected = CliRunner().invoke(cli, args).stdout_bytes
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == expected and expected.startswith(b"\xef\xbb\xbf")

    refused = run(
        "-m", "tracker", "--db", url, "leaderboard", "--scope", "ZZ", "--period", "2026-11"
    )
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "ZZ" in refused.stderr

    misuse = run("-m", "tracker", "--db", url, "leaderboard", "--scop", "HD")
    assert misuse.returncode == 2 and "No such option" in misuse.stderr
