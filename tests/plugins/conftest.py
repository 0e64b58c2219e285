"""Installs the Mocha stand-in (tests/plugins/mocha_adapter) with pip, as a user installs
an adapter from another package, for the tests of this folder only.

It goes to a folder of its own put first on sys.path (and PYTHONPATH, for commands run
as subprocesses): the tracker finds it through its `tracker.adapters` entry point, like
any installed distribution, and the rest of the suite never sees it.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parent / "mocha_adapter"


@pytest.fixture(scope="package")
def mocha_installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("mocha")
    source = work / "source"
    # Built from a copy: pip builds in the source tree, which must stay clean.
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    target = work / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    subprocess.run(
        [*pip, "--target", target, source],
        check=True,
        capture_output=True,
    )
    assert (target / "mocha_adapter").is_dir()
    sys.path.insert(0, str(target))
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(target), before) if p)
    importlib.invalidate_caches()
    try:
        yield target
    finally:
        sys.path.remove(str(target))
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before
        sys.modules.pop("mocha_adapter", None)
        importlib.invalidate_caches()
