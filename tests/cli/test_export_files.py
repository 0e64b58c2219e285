"""`-o FILE`: written whole or not at all, never over something that is not a file.

A fifo stands for a device here (`-o /dev/null` as root replaced the device by a file):
the tests need no root and touch nothing outside their folder.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.store.models import Team, Unit

ARGS = ("leaderboard", "--scope", "HD", "--period", "2026-11", "--date", "2026-11-22")
FORMATS = ("table", "csv", "md", "json", "html", "xlsx")
HTML_NAME = "<script>alert('x')</script> Tổ A&B | [link](javascript:x) *đậm*"


@pytest.fixture
def world(sqlite_tracker: Tracker) -> Tracker:
    with sqlite_tracker.sessions().begin() as session:
        build_world(session, "2026-11")
        village = session.scalars(select(Unit).where(Unit.code == "DT-1")).one()
        session.add(Team(code="X_HTML", name=HTML_NAME, level="village", units=[village]))
    return sqlite_tracker


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own for the exports (the store is in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in output, output
    return lines[0]


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_fifo_or_a_link_to_one_is_refused_in_every_format(
    world: Tracker, out: Path, output_format: str
) -> None:
    os.mkfifo(out / "pipe")
    (out / "link").symlink_to(out / "pipe")
    for name in ("pipe", "link"):
        result = world(*ARGS, "--format", output_format, "-o", str(out / name))
        assert result.exit_code == 1
        assert one_line(result.output) == (
            f"Error: không ghi vào {out / name}: đó là một ống dẫn (fifo), "
            "không phải một tệp thường"
        )
    assert stat.S_ISFIFO((out / "pipe").stat().st_mode)
    assert (out / "link").is_symlink()
    assert sorted(path.name for path in out.iterdir()) == ["link", "pipe"]


def test_a_directory_is_refused(world: Tracker, out: Path) -> None:
    result = world(*ARGS, "--format", "csv", "-o", str(out))
    assert result.exit_code != 0 and "is a directory" in result.output
    assert list(out.iterdir()) == []


def test_every_other_command_with_o_refuses_a_fifo(world: Tracker, out: Path) -> None:
    os.mkfifo(out / "pipe")
    for command in (
        ("overdue", "--date", "2026-11-22"),
        ("review", "list"),
        ("task", "list", "--date", "2026-11-22"),
    ):
        result = world(*command, "-o", str(out / "pipe"))
        assert result.exit_code == 1, command
        assert "đó là một ống dẫn (fifo)" in one_line(result.output)
    assert stat.S_ISFIFO((out / "pipe").stat().st_mode)


def test_a_missing_folder_is_one_line_and_leaves_nothing(world: Tracker, out: Path) -> None:
    target = out / "no-such-folder" / "bxh.csv"
    result = world(*ARGS, "--format", "csv", "-o", str(target))
    assert result.exit_code == 1
    assert one_line(result.output) == (
        f"Error: không ghi được {target}: thư mục chứa tệp không tồn tại"
    )
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_one_line_and_leaves_nothing(world: Tracker, out: Path) -> None:
    folder = out / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = world(*ARGS, "--format", "json", "-o", str(folder / "bxh.json"))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert (
        one_line(result.output)
        == f"Error: không ghi được {folder / 'bxh.json'}: không có quyền ghi"
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("output_format", ["csv", "xlsx"])
def test_a_full_disk_keeps_the_old_export_whole(
    world: Tracker, out: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    """The disk fills up while the export is written: yesterday's file stays as it was,
    and no half-written file is left beside it."""
    target = out / f"bxh.{output_format}"
    target.write_bytes(b"yesterday's export")
    target.chmod(0o640)

    def full(handle: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("tracker.fileout.os.fsync", full)
    result = world(*ARGS, "--format", output_format, "-o", str(target))
    assert result.exit_code == 1
    assert one_line(result.output) == f"Error: không ghi được {target}: ổ đĩa đã đầy"
    assert target.read_bytes() == b"yesterday's export"
    assert [path.name for path in out.iterdir()] == [target.name]
    monkeypatch.undo()
    world.ok(*ARGS, "--format", output_format, "-o", str(target))
    assert target.read_bytes() != b"yesterday's export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file keeps its mode
    assert [path.name for path in out.iterdir()] == [target.name]


def test_a_link_to_a_file_is_written_through(world: Tracker, out: Path) -> None:
    (out / "real.csv").write_text("old", encoding="utf-8")
    (out / "latest.csv").symlink_to(out / "real.csv")
    world.ok(*ARGS, "--format", "csv", "--csv-dialect", "comma", "-o", str(out / "latest.csv"))
    assert (out / "latest.csv").is_symlink()
    assert (out / "real.csv").read_text(encoding="utf-8").startswith("rank,team,")


def test_the_english_refusal(world: Tracker, out: Path) -> None:
    config = out / "tracker.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    os.mkfifo(out / "pipe")
    result = world("--config", str(config), *ARGS, "-o", str(out / "pipe"))
    assert one_line(result.output) == (
        f"Error: will not write to {out / 'pipe'}: it is a fifo, not a regular file"
    )


def test_markdown_shows_html_in_names_as_text(world: Tracker, out: Path) -> None:
    target = out / "bxh.md"
    world.ok(*ARGS, "--format", "md", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert "<script>" not in text and "<" not in text.replace("&lt;", "")
    row = next(line for line in text.splitlines() if "X_HTML" in line)
    assert row.split(" | ")[2] == (
        "&lt;script&gt;alert('x')&lt;/script&gt; Tổ A&amp;B \\| \\[link\\](javascript:x) \\*đậm\\*"
    )
    # Still one row of the table: the escaped | does not split the cell.
    assert row.replace("\\|", "").count("|") == 9
