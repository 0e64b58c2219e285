"""benchmarks/webhooks.py removes what it writes: each run used to leave its SQLite store
(4.5 MB) in the temporary folder (issue 18)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from benchmarks import webhooks


def test_the_webhook_benchmark_leaves_nothing_in_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))  # this process's temporary folder
    monkeypatch.setenv("TMPDIR", str(folder))  # and the server's

    webhooks.main(["--requests", "30", "--clients", "3"])

    printed = capsys.readouterr().out
    assert "30 from 3 clients, 0 not 200" in printed  # a real run, through a real server
    assert "journal    30 rows" in printed
    assert sorted(p.name for p in folder.iterdir()) == []
