"""`pip install .` into a fresh virtual environment gives a working `tracker` (CONTRACTS §1).

This builds a real wheel (not an editable install), installs it in a new venv outside the
source tree, and uses it: the migrations and data files must be inside the wheel.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = ROOT / "tests" / "data" / "import"
KINDS = ("units", "teams", "members", "indicators", "quotas", "chats", "tasks")

pytestmark = pytest.mark.slow


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def test_wheel_installs_and_works_outside_the_source_tree(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT, cwd=tmp_path)
    (wheel,) = wheels.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tracker/migrations/env.py" in names
    assert any(name.startswith("tracker/migrations/versions/0001") for name in names)

    venv = tmp_path / "venv"
    # Without pip of its own (bootstrapping one took most of this test's time): the pip
    # running the tests installs into it (--python), at the versions CI tests (the lock).
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        venv / "bin" / "python",
        "install",
        "-q",
        "--no-compile",  # byte-compiling every dependency was the other half
        "-c",
        ROOT / "requirements.lock",
        wheel,
        cwd=tmp_path,
    )
    tracker = venv / "bin" / "tracker"
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert "upgraded to revision" in run(tracker, "--db", url, "db", "upgrade", cwd=tmp_path)
    assert "up to date" in run(tracker, "--db", url, "db", "upgrade", cwd=tmp_path)
    for kind in KINDS:
        run(tracker, "--db", url, "import", kind, IMPORTS / f"{kind}.csv", cwd=tmp_path)
    # The installed package, not the source tree, was used.
    where = run(
        venv / "bin" / "python",
        "-c",
        "import tracker.migrations; print(tracker.migrations.__file__)",
        cwd=tmp_path,
    )
    assert str(venv) in where
