"""Pilot: the leaderboard export dialog writes the file the CLI would, or says what is wrong."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from tests.tui.conftest import settle
from tui.widgets.dialogs import ErrorDialog
from tui.widgets.export import ExportDialog

pytestmark = pytest.mark.anyio
SIZE = (80, 24)


async def fill(pilot: Pilot[None], field: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{field}", Input).value = text
    await pilot.pause()


async def open_dialog(pilot: Pilot[None]) -> ExportDialog:
    await settle(pilot)
    await pilot.press("x")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_export_csv_of_the_current_month(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    target = tmp_path / "bxh.csv"
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#period", Input).value == "2026-11"
        assert dialog.query_one("#scope", Input).value == "HD"
        await fill(pilot, "path", str(target))
        await pilot.click("#ok")
        await settle(pilot)
        assert not isinstance(app.screen, (ExportDialog, ErrorDialog))
    # The people's CSV: a BOM (utf-8-sig takes it off), `;`, Vietnamese headers and states.
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig"), delimiter=";"))
    assert [row["Mã tổ"] for row in rows][:2] == ["CNCD_HoiYen_NguHung", "CNCD_PhuKhe_NguHung"]
    ttdt = "Hộ có tài khoản thanh toán điện tử"
    assert rows[1][f"{ttdt} - đạt"] == "30" and rows[1][f"{ttdt} - chỉ tiêu"] == "75"
    assert rows[0]["Báo cáo tháng"] == "đúng hạn" and len(rows) == 4


async def test_the_file_name_follows_the_period_chosen(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#path", Input).value == "bxh_HD_2026-11.csv"
        await fill(pilot, "period", "2026-10")
        assert dialog.query_one("#path", Input).value == "bxh_HD_2026-10.csv"
        await fill(pilot, "path", "mine.csv")
        await fill(pilot, "period", "2026-09")
        assert dialog.query_one("#path", Input).value == "mine.csv"  # the officer's own name


async def test_choosing_json_changes_the_extension(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await fill(pilot, "scope", "NH")
        await fill(pilot, "path", str(tmp_path / "nh.csv"))
        await pilot.press("enter", "down", "down", "enter")  # the format list: csv, xlsx, json
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value == str(tmp_path / "nh.json")
        await pilot.click("#ok")
        await settle(pilot)
    document = json.loads((tmp_path / "nh.json").read_text(encoding="utf-8"))
    assert document["scope"] == "NH" and document["period"] == "2026-11"
    assert [team["team"] for team in document["teams"]] == [
        "CNCD_HoiYen_NguHung",
        "CNCD_PhuKhe_NguHung",
        "CNCD_NH",
    ]


async def test_export_xlsx_with_its_evidence(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(language="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        await fill(pilot, "path", str(tmp_path / "q4.xlsx"))
        await fill(pilot, "period", "2026-11")
        await pilot.click("#ok")
        await settle(pilot)
    book = load_workbook(tmp_path / "q4.xlsx", read_only=True)
    ranking = list(book["Ranking"].values)
    assert ranking[2][:2] == ("Rank", "Team code")
    assert ranking[3][:2] == (1, "CNCD_HoiYen_NguHung")
    evidence = list(book["Evidence"].values)
    assert len(evidence) == 1 + 4  # the four counted entries of the seed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period", "2026-13", "'2026-13' không phải kỳ"),
        ("scope", "NOWHERE", "không có đơn vị mã 'NOWHERE'"),
        ("path", "/no/such/folder/bxh.csv", "Thư mục /no/such/folder không tồn tại"),
        ("path", "taken", "đó là một thư mục"),  # a folder of that name is in the way
    ],
)
async def test_a_mistake_shows_under_its_field_and_writes_nothing(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, field: str, value: str, message: str
) -> None:
    folder = tmp_path / "out"
    (folder / "taken").mkdir(parents=True)
    if value == "taken":
        value = str(folder / "taken")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await fill(pilot, "path", str(folder / "bxh.csv"))
        await fill(pilot, field, value)
        await pilot.click("#ok")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)  # still open, as typed
        assert message in str(app.screen.query_one(f"#{field}-problem", Label).render())
        assert app.screen.query_one(f"#{field}", Input).value == value
    assert [path.name for path in folder.iterdir()] == ["taken"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("pipe", "một ống dẫn (fifo)"), ("link", "một ống dẫn (fifo)"), ("dir", "một thư mục")],
)
async def test_a_target_that_is_not_a_regular_file_is_left_alone(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, name: str, kind: str
) -> None:
    """A fifo stands for a device here (/dev/null, which root would replace by a file):
    the dialog says what it is at once, and the fifo stays a fifo."""
    out = tmp_path / "out"  # the store is in tmp_path itself
    out.mkdir()
    os.mkfifo(out / "pipe")
    (out / "link").symlink_to(out / "pipe")
    (out / "dir").mkdir()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await fill(pilot, "path", str(out / name))
        await pilot.click("#ok")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        text = str(app.screen.query_one("#path-problem", Label).render())
        assert text == f"không ghi vào {out / name}: đó là {kind}, không phải một tệp thường"
    assert stat.S_ISFIFO((out / "pipe").stat().st_mode)
    assert (out / "link").is_symlink() and (out / "dir").is_dir()
    assert sorted(path.name for path in out.iterdir()) == ["dir", "link", "pipe"]


async def test_a_target_that_turns_into_a_fifo_before_the_write_is_left_alone(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    """Checked again when written: the file may have changed since the dialog closed."""
    out = tmp_path / "out"  # the store is in tmp_path itself
    out.mkdir()
    target = out / "bxh.csv"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await fill(pilot, "path", str(target))
        request = dialog.request()
        os.mkfifo(target)
        app.screen.dismiss(request)
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "đó là một ống dẫn (fifo)" in str(app.screen.query_one("#message", Static).render())
    assert stat.S_ISFIFO(target.stat().st_mode)
    assert [path.name for path in out.iterdir()] == ["bxh.csv"]
