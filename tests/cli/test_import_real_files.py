"""`tracker import` on files as offices' machines really save them: each imports whole, or is
refused in one line naming the row and the column, with nothing written."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from sqlalchemy import select

from tests.cli.import_support import EXAMPLES, load_examples
from tests.conftest import Tracker
from tracker.store.models import Member

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
