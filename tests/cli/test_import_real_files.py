"""`tracker import` on files as offices' machines really save them: each imports whole, or is
refused in one line naming the row and the column, with nothing written."""

from __future__ import annotations

import codecs
import unicodedata
import zipfile
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from tests.cli.import_support import EXAMPLES, load_examples, refused
from tests.conftest import DATA, Tracker
from tests.factories import build_world
from tracker.store.models import InboundMessage, Member, Task, Unit

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _windows_1258(text: str) -> bytes:
    """Text as Excel's plain "CSV" writes it on a Vietnamese Windows: letters such as ô and ư
    precomposed, tones as combining marks after them (`Nguyê\u0303n`)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def _members(tracker: Tracker) -> dict[str, str | None]:
    with tracker.sessions()() as session:
        return {m.name: m.phone for m in session.scalars(select(Member))}


def _roster() -> str:
    return (EXAMPLES / "members.csv").read_text(encoding="utf-8-sig")


def test_a_windows_1258_csv_is_read_with_its_tones(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams")
    path = tmp_path / "thanh-vien.csv"
    path.write_bytes(_windows_1258(_roster()).replace(b"\n", b"\r\n"))
    assert b"\xcc" in path.read_bytes() or b"\xec" in path.read_bytes()  # combining tones
    tracker.ok("import", "members", str(path))
    members = _members(tracker)
    assert members["Nguyễn Văn Hùng"] == "0912345678"  # NFC, as typed in UTF-8
    assert len(members) == 15


def test_excel_unicode_text_utf16_with_tabs_imports(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams")
    path = tmp_path / "thanh-vien.txt.csv"
    text = _roster().replace(",", "\t").replace("\n", "\r\n")
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    tracker.ok("import", "members", str(path))
    members = _members(tracker)
    assert members["Phạm Thị Lan"] == "0987111202"
    assert len(members) == 15


def _units_with_formula(path: Path, cached: str | None) -> Path:
    """A units workbook whose households cell is a formula, as a report generator writes it
    (no computed value) or as Excel/LibreOffice save it (the value cached beside it)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Cấp", "Cấp trên", "Số hộ (hộ)"])
    sheet.append(["HD", "Tỉnh Hải Dương", "tỉnh", None, None])
    sheet.append(["HD-TM", "Huyện Thanh Miện", "huyện", "HD", "=1000+200"])
    book.save(path)
    if cached is not None:
        _rewrite_part(path, "xl/worksheets/sheet1.xml", b"<v></v>", f"<v>{cached}</v>".encode())
    return path


def _rewrite_part(path: Path, part: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    assert old in parts[part]
    parts[part] = parts[part].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_formula_never_computed_is_refused_naming_its_cell(
    tracker: Tracker, tmp_path: Path
) -> None:
    path = _units_with_formula(tmp_path / "don-vi.xlsx", cached=None)
    stderr = refused(tracker, "units", path)
    assert f"{path}:3: cột Số hộ (hộ): công thức chưa được tính" in stderr
    assert len(stderr.strip().splitlines()) == 2  # the count, then the one cell


def test_a_formula_with_its_computed_value_imports(tracker: Tracker, tmp_path: Path) -> None:
    path = _units_with_formula(tmp_path / "don-vi.xlsx", cached="1200")
    tracker.ok("import", "units", str(path))
    with tracker.sessions()() as session:
        unit = session.scalars(select(Unit).where(Unit.code == "HD-TM")).one()
        assert unit.households == 1200


def _ingested(tracker: Tracker, path: Path) -> tuple[str, list[tuple[str | None, str]]]:
    """`tracker ingest` on the messages CSV of tests/data/ingest saved as `path`."""
    with tracker.sessions().begin() as session:
        build_world(session)
    output = tracker.ok("ingest", str(path)).output
    with tracker.sessions()() as session:
        rows = session.execute(
            select(InboundMessage.sender_name, InboundMessage.text).order_by(
                InboundMessage.message_id
            )
        )
        return output, [(name, text) for name, text in rows]


def _messages_csv() -> str:
    return (DATA / "ingest" / "messages.csv").read_text(encoding="utf-8")


def test_a_messages_csv_saved_by_excel_in_windows_1258_or_unicode_text(
    tracker: Tracker, tmp_path: Path
) -> None:
    plain = tmp_path / "tin-nhan-ansi.csv"
    plain.write_bytes(_windows_1258(_messages_csv()).replace(b"\n", b"\r\n"))
    output, rows = _ingested(tracker, plain)
    assert output.startswith("read: 3\ncounted: 2\n")
    assert rows[0] == ("Phạm Thị Dung", "/bc ttdt 6")  # NFC, as the roster holds it
    assert rows[2] == ("Khách", "chào cả nhà")

    # Excel's "Unicode Text": UTF-16 with a BOM, tabs; the header typed in capitals.
    text = _messages_csv().replace(",", "\t", 6).replace("\n", "\r\n")
    header, rest = text.split("\r\n", 1)
    unicode_text = tmp_path / "tin-nhan.txt.csv"
    text = header.upper() + "\r\n" + rest.replace(",", "\t")
    unicode_text.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    output = tracker.ok("ingest", str(unicode_text)).output
    assert "already known: 3" in output  # the same three messages, not three new ones


def test_whole_numbers_written_as_floats_import_as_counts(tracker: Tracker, tmp_path: Path) -> None:
    """A units list exported by a script or a database tool writes `1200.0` for 1200;
    `12.000` stays twelve thousand, as Vietnamese officers group thousands."""
    path = tmp_path / "don-vi.csv"
    path.write_text(
        "code,name,level,parent,households\n"
        "HD,Tỉnh Hải Dương,tỉnh,,\n"
        "HD-TM,Huyện Thanh Miện,huyện,HD,12.000\n"
        "HD-TM-DT,Xã Đoàn Tùng,xã,HD-TM,1200.0\n"
        "HD-TM-DT-PL,Thôn Phạm Lam,thôn,HD-TM-DT,310.00\n",
        encoding="utf-8",
    )
    tracker.ok("import", "units", str(path))
    with tracker.sessions()() as session:
        households = {unit.code: unit.households for unit in session.scalars(select(Unit))}
    assert households == {"HD": None, "HD-TM": 12000, "HD-TM-DT": 1200, "HD-TM-DT-PL": 310}


def test_a_task_given_to_several_teams_listed_as_offices_write_lists(
    tracker: Tracker, tmp_path: Path
) -> None:
    """`;` between the codes, or one code a line in the cell (Alt+Enter), as well as `|`."""
    load_examples(tracker, "units", "teams")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã", "Tiêu đề", "Hạn", "Giao cho"])
    sheet.append(["a1", "Lập nhóm Zalo", "15/12/2026", "HD-TM-DT; CNCD_PhamLam_DoanTung"])
    one_a_line = "CNCD_PhamLam_DoanTung\nCNCD_HamHy_DoanTung"
    sheet.append(["a2", "Tập huấn VNeID", "2026-12-20", one_a_line])
    path = tmp_path / "nhiem-vu.xlsx"
    book.save(path)
    tracker.ok("import", "tasks", str(path))
    with tracker.sessions()() as session:
        teams = {
            task.code: sorted(a.team.code for a in task.assignments)
            for task in session.scalars(select(Task))
        }
    assert teams["a2"] == ["CNCD_HamHy_DoanTung", "CNCD_PhamLam_DoanTung"]
    assert "CNCD_PhamLam_DoanTung" in teams["a1"]
    assert len(teams["a1"]) > 1  # the teams of unit HD-TM-DT as well


def test_a_workbook_that_is_not_one_says_what_to_do(tracker: Tracker, tmp_path: Path) -> None:
    # A CSV saved under .xlsx, as a download from a web form often is.
    renamed = tmp_path / "don-vi.xlsx"
    renamed.write_text("code,name,level,parent,households\nHD,Tỉnh Hải Dương,tỉnh,,\n")
    stderr = refused(tracker, "units", renamed)
    assert stderr.strip() == (
        f"Error: {renamed}: đây là tệp văn bản, không phải Excel: "
        "nếu là CSV, hãy đổi đuôi thành .csv"
    )
    # Excel's "Encrypt with password" writes an OLE compound file, as an old .xls is.
    sealed = tmp_path / "don-vi-mat-khau.xlsx"
    sealed.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    stderr = refused(tracker, "units", sealed)
    assert len(stderr.strip().splitlines()) == 1
    assert "mật khẩu" in stderr and "(.xlsx)" in stderr
