"""The collector in a `tracker` process: off while the modules load, back on (with them
frozen out of its passes) once the store is opened; untouched where commands run
in-process (tests). Each case runs in a process of its own: the collector is global."""

from __future__ import annotations

import subprocess
import sys


def run(body: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import gc\n" + body],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_a_process_collects_again_once_its_store_is_opened(sqlite_url: str) -> None:
    shown = run(
        "from tracker.heap import defer_collection\n"
        "from tracker.cli.context import AppContext\n"
        "defer_collection()\n"
        "print(gc.isenabled())\n"
        f"app = AppContext(db_url={sqlite_url!r})\n"
        "app.sessions()\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 10_000)\n"
    )
    assert shown.splitlines() == ["False", "True True"]


def test_the_main_entry_defers_collection_until_the_store_opens(sqlite_url: str) -> None:
    shown = run(
        "import sys\n"
        "import tracker.cli.context as context\n"
        "opened = context.AppContext.sessions\n"
        "def watched(self):\n"
        "    print('before', gc.isenabled())\n"
        "    found = opened(self)\n"
        "    print('after', gc.isenabled())\n"
        "    return found\n"
        "context.AppContext.sessions = watched\n"
        f"sys.argv = ['tracker', '--db', {sqlite_url!r}, 'review', 'list']\n"
        "from tracker.cli.main import main\n"
        "main()\n"
    )
    assert shown.splitlines()[:2] == ["before False", "after True"]


def test_in_process_the_collector_is_left_alone(sqlite_url: str) -> None:
    shown = run(
        "from tracker.cli.context import AppContext\n"
        f"AppContext(db_url={sqlite_url!r}).sessions()\n"
        "print(gc.isenabled(), gc.get_freeze_count())\n"
    )
    assert shown == "True 0"
