"""The leaderboard CSV opens right in a Vietnamese Excel; the comma dialect stays for scripts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import Tracker

ARGS = ("leaderboard", "--scope", "HD", "--period", "2026-11", "--date", "2026-11-22")
ENGLISH_STATES = ("on_time", "late", "missing", "not_yet_due", "approved")


def _table(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))


def test_people_csv_has_a_bom_semicolons_and_vietnamese_words(world: Tracker) -> None:
    output = world.ok(*ARGS, "--format", "csv").output
    assert output.startswith("\ufeffHạng;Mã tổ;Tên tổ;Đơn vị;Điểm;")
    table = _table(output, ";")
    header, rows = table[0], table[1:]
    assert header[-1] == "Báo cáo tháng"
    assert "Hồ sơ dịch vụ công trực tuyến - chỉ tiêu" in header
    states = {row[-1] for row in rows}
    assert {"đúng hạn", "trễ hạn"} <= states
    for word in ENGLISH_STATES:
        assert word not in output.lower().split(";")
        assert not any(word in row[-1] for row in rows)
    first = dict(zip(header, rows[0], strict=True))
    assert first["Mã tổ"] == "CNCD_PhuKhe_NguHung" and first["Điểm"] == "100,0%"


def test_english_people_csv(world: Tracker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_LANGUAGE", "en")
    table = _table(world.ok(*ARGS, "--format", "csv").output, ";")
    assert table[0][:3] == ["Rank", "Team code", "Team"]
    assert {"on time", "late"} <= {row[-1] for row in table[1:]}


def test_comma_dialect_is_plain_for_scripts(world: Tracker, tmp_path: Path) -> None:
    target = tmp_path / "bxh.csv"
    world.ok(*ARGS, "--format", "csv", "--csv-dialect", "comma", "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"rank,team,name,units,score,uncapped,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0]["team"] == "CNCD_PhuKhe_NguHung" and rows[0]["score"] == "1.0000"
    assert {row["monthly_report"] for row in rows} >= {"on_time", "late"}


def test_people_csv_file_starts_with_the_bom_bytes(world: Tracker, tmp_path: Path) -> None:
    target = tmp_path / "bxh.csv"
    world.ok(*ARGS, "--format", "csv", "-o", str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbfH\xe1\xba\xa1ng;")
