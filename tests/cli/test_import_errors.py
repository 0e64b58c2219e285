"""A file with any wrong row is refused whole: every problem names its row and column, the
command exits 1 without a traceback, and the store is unchanged down to the last byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.import_support import EXAMPLES, load_examples, refused, write
from tests.conftest import Tracker

UNITS = "code,name,level,parent,households\n"


def test_unknown_parent(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units")
    path = write(
        tmp_path,
        "units.csv",
        UNITS + "HD-TM-NQ,Xã Ngô Quyền,xã,HD-TM,1500\nHD-TM-NQ-1,Thôn Nhân Lý,thôn,HD-TM-XX,300\n",
    )
    stderr = refused(tracker, "units", path)
    assert f"{path}:3: cột parent: không có đơn vị mã HD-TM-XX trong tệp hay trong kho" in stderr
    assert "không có gì được ghi vào kho" in stderr


def test_cycle_through_the_store(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units")
    # The district is moved under one of its own communes.
    path = write(tmp_path, "units.csv", UNITS + "HD-TM,Huyện Thanh Miện,huyện,HD-TM-DT,\n")
    stderr = refused(tracker, "units", path)
    assert f"{path}:2: cột parent: vòng lặp cấp trên: HD-TM → HD-TM-DT → HD-TM" in stderr


def test_cycle_within_the_file(tracker: Tracker, tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", UNITS + "A,Xã A,xã,B,\nB,Xã B,xã,A,\n")
    stderr = refused(tracker, "units", path)
    assert f"{path}:2: cột parent: vòng lặp cấp trên: A → B → A" in stderr


def test_duplicate_code_in_a_file(tracker: Tracker, tmp_path: Path) -> None:
    path = write(
        tmp_path, "don-vi.csv", "Mã;Tên;Cấp;Cấp trên\nHD;Tỉnh Hải Dương;tỉnh;\nHD;Hải Dương;tỉnh;\n"
    )
    stderr = refused(tracker, "units", path)
    assert f"{path}:3: cột Mã: HD đã có ở dòng 2" in stderr


def test_bad_level_under_parent(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units")
    path = write(tmp_path, "units.csv", UNITS + "HD-TM-X,Thôn Lạc,thôn,HD-TM,120\n")
    stderr = refused(tracker, "units", path)
    assert f"{path}:2: cột level: thôn không thể trực thuộc huyện HD-TM" in stderr


def test_unknown_level_word(tracker: Tracker, tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", UNITS + "HD,Tỉnh Hải Dương,tỉnh,,\nX,Vùng X,vùng,HD,\n")
    stderr = refused(tracker, "units", path)
    assert f"{path}:3: cột level: không rõ cấp vùng" in stderr


def test_team_over_its_cap_counts_members_already_stored(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "members")  # Phạm Lam already has 7
    path = write(
        tmp_path,
        "members.csv",
        "team,name,role\n"
        "CNCD_PhamLam_DoanTung,Nguyễn Văn Hùng,tổ trưởng\n"  # already a member: no new seat
        "CNCD_PhamLam_DoanTung,Ngô Thị Yến,thành viên\n",
    )
    stderr = refused(tracker, "members", path)
    assert f"{path}:3: cột team: tổ CNCD_PhamLam_DoanTung cấp thôn tối đa 7 thành viên" in stderr


def test_cap_comes_from_the_settings(
    sqlite_tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write(tmp_path, "tracker.toml", "[teams.member_caps]\nvillage = 2\n")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    load_examples(sqlite_tracker, "units", "teams")
    path = write(
        tmp_path,
        "members.csv",
        "team,name\nCNCD_HamHy_DoanTung,A\nCNCD_HamHy_DoanTung,B\nCNCD_HamHy_DoanTung,C\n",
    )
    stderr = refused(sqlite_tracker, "members", path)
    assert f"{path}:4: cột team: tổ CNCD_HamHy_DoanTung cấp thôn tối đa 2 thành viên" in stderr


def test_unknown_role(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams")
    path = write(tmp_path, "members.csv", "Tổ,Tên,Vai trò\nCNCD_HamHy_DoanTung,A,thư ký\n")
    stderr = refused(tracker, "members", path)
    assert f"{path}:2: cột Vai trò: không rõ vai trò thư ký" in stderr


def test_percentage_target_without_households(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "indicators")
    teams = write(
        tmp_path, "teams.csv", "code,name,units\nCNCD_HaiDuong,Tổ CNSCĐ TP Hải Dương,HD-HD\n"
    )
    tracker.ok("import", "teams", str(teams))
    path = write(
        tmp_path, "quotas.csv", "team,indicator,period,target\nCNCD_HaiDuong,ttdt,2026-11,30%\n"
    )
    stderr = refused(tracker, "quotas", path)
    assert f"{path}:2: cột target: chỉ tiêu theo % cần số hộ" in stderr
    assert "HD-HD" in stderr


def test_removing_households_under_a_percentage_quota(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "indicators", "quotas")
    path = write(tmp_path, "units.csv", UNITS + "HD-TM-DT-HH,Thôn Hàm Hy,thôn,HD-TM-DT,\n")
    stderr = refused(tracker, "units", path)
    assert f"{path}:2: cột households: tổ CNCD_HamHy_DoanTung có chỉ tiêu theo %" in stderr


def test_bad_period_and_target(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "indicators")
    path = write(
        tmp_path,
        "quotas.csv",
        "team;indicator;period;target\n"
        "CNCD_HamHy_DoanTung;ttdt;13/2026;30%\n"
        "CNCD_HamHy_DoanTung;dvc;2026-11;nhiều\n"
        "CNCD_HamHy_DoanTung;vneid;2026-11;-5\n",
    )
    stderr = refused(tracker, "quotas", path)
    assert f"{path}:2: cột period: 13/2026 không phải kỳ: dùng YYYY-MM" in stderr
    assert f"{path}:3: cột target: nhiều không phải chỉ tiêu" in stderr
    assert f"{path}:4: cột target: -5 không phải chỉ tiêu" in stderr


def test_not_utf8_names_the_row_and_column(tracker: Tracker, tmp_path: Path) -> None:
    # A UTF-8 file with one stray Windows-1258 byte: neither encoding reads it whole.
    path = tmp_path / "units.csv"
    path.write_bytes(
        (UNITS + "HD,Tỉnh Hải Dương,tỉnh,,\n").encode()
        + "HD-DX,Thôn Đông Xá,thôn,HD,\n".encode("cp1258")
    )
    stderr = refused(tracker, "units", path)
    assert f"{path}:3: cột name: không phải UTF-8" in stderr


def test_missing_column(tracker: Tracker, tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", "code,name,parent\nHD,Tỉnh Hải Dương,\n")
    stderr = refused(tracker, "units", path)
    assert f"{path}:1: cột level: thiếu cột (tiếng Việt: cấp" in stderr


def test_unknown_column_is_refused_not_ignored(tracker: Tracker, tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", "code,name,level,parnet\nHD,Tỉnh Hải Dương,tỉnh,\n")
    stderr = refused(tracker, "units", path)
    assert f"{path}:1: cột parnet: cột lạ" in stderr


def test_chat_bound_to_both_or_unknown(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams")
    path = write(
        tmp_path,
        "chats.csv",
        "channel,chat_id,title,unit,team\n"
        "zalo,g1,Nhóm 1,HD-TM,CNCD_HamHy_DoanTung\n"
        "zalo,g2,Nhóm 2,,\n"
        "telegram,-1002,Nhóm 3,,CNCD_Khong_Co\n",
    )
    stderr = refused(tracker, "chats", path)
    assert f"{path}:2: cột unit: nhóm phải gắn với đúng một đơn vị hoặc một tổ" in stderr
    assert f"{path}:3: cột unit: nhóm phải gắn" in stderr
    assert f"{path}:4: cột team: không có tổ mã CNCD_Khong_Co" in stderr


def test_task_due_and_assignees(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams")
    path = write(
        tmp_path,
        "tasks.csv",
        "code,title,due,assignees\n"
        "t1,Lập nhóm,31/02/2026,CNCD_HamHy_DoanTung\n"
        "t2,Tập huấn,2026-12-01,CNCD_HamHy_DoanTung|KHONG-CO\n"
        "t3,Rà soát,2026-12-01,HD-HD\n",
    )
    stderr = refused(tracker, "tasks", path)
    assert f"{path}:2: cột due: 31/02/2026 không phải ngày" in stderr
    assert f"{path}:3: cột assignees: không có tổ hay đơn vị mã KHONG-CO" in stderr
    assert f"{path}:4: cột assignees: không có tổ nào thuộc đơn vị HD-HD" in stderr


def test_team_units_must_exist_and_share_a_level(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units")
    path = write(
        tmp_path,
        "teams.csv",
        "code,name,units\nT1,Tổ 1,HD-TM-DT|HD-TM-DT-PL\nT2,Tổ 2,HD-XX\n",
    )
    stderr = refused(tracker, "teams", path)
    assert f"{path}:2: cột units: các đơn vị của một tổ phải cùng cấp" in stderr
    assert f"{path}:3: cột units: không có đơn vị mã HD-XX" in stderr


def test_alias_naming_two_indicators(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "indicators")
    path = write(
        tmp_path,
        "indicators.csv",
        "code,name,pillar,aliases\nvi,Ví điện tử,kinh tế số,Ví Điện Tử|vi dien tu\n",
    )
    stderr = refused(tracker, "indicators", path)
    assert f"{path}:2: cột aliases: Ví Điện Tử đã là tên gọi của chỉ số ttdt" in stderr


def test_many_problems_are_capped_in_english(
    sqlite_tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_LANGUAGE", "en")
    rows = "".join(f"U{i},Unit {i},village,NOPE,\n" for i in range(15))
    path = write(tmp_path, "units.csv", UNITS + rows)
    stderr = refused(sqlite_tracker, "units", path)
    lines = stderr.strip().splitlines()
    assert lines[0] == f"Error: {path}: 15 problems, nothing was written to the store:"
    assert lines[1] == f"{path}:2: column parent: no unit with code NOPE in the file or the store"
    assert lines[-1] == "... and 5 more"
    assert len(lines) == 12


def test_not_a_csv_or_xlsx(sqlite_tracker: Tracker, tmp_path: Path) -> None:
    path = write(tmp_path, "units.txt", UNITS)
    assert "chỉ nhận tệp .csv hoặc .xlsx" in refused(sqlite_tracker, "units", path)
    broken = tmp_path / "units.xlsx"
    broken.write_bytes(b"\xff\xfe\xfd not a zip")
    assert "không đọc được tệp Excel" in refused(sqlite_tracker, "units", broken)
    text = write(tmp_path, "units-text.xlsx", "not a zip")
    assert "không phải Excel" in refused(sqlite_tracker, "units", text)
    missing = tmp_path / "missing.csv"
    assert "không mở được tệp" in refused(sqlite_tracker, "units", missing)


def test_example_files_are_valid_for_a_new_store(sqlite_tracker: Tracker) -> None:
    # Newcomers copy these: each must import on its own after the kinds it depends on.
    for kind in ("units", "teams", "members", "indicators", "quotas", "chats", "tasks"):
        assert (EXAMPLES / f"{kind}.csv").exists()
    load_examples(sqlite_tracker)


def test_moving_a_share_team_onto_a_unit_without_households(
    tracker: Tracker, tmp_path: Path
) -> None:
    # Found only after the team's units were rewritten: the rollback must undo that too.
    load_examples(tracker, "units", "teams", "indicators", "quotas")
    path = write(
        tmp_path,
        "teams.csv",
        "code,name,units\n"
        "CNCD_PhuKhe_HongQuang,Tổ CNSCĐ thôn Phú Khê,HD-TM-HQ-PT\n"
        "CNCD_HamHy_DoanTung,Tổ CNSCĐ TP Hải Dương,HD-HD\n",
    )
    stderr = refused(tracker, "teams", path)
    assert f"{path}:3: cột units: tổ CNCD_HamHy_DoanTung có chỉ tiêu theo %" in stderr


def test_member_accounts_and_phone_are_checked(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams")
    path = write(
        tmp_path,
        "members.csv",
        "team,name,phone,telegram_id\n"
        "CNCD_HamHy_DoanTung,A,0912 345 678,@nguyenvana\n"
        "CNCD_HamHy_DoanTung,B,gọi sau,501\n"
        "CNCD_HamHy_DoanTung,C,,501\n",
    )
    stderr = refused(tracker, "members", path)
    assert f"{path}:2: cột telegram_id: @nguyenvana không phải mã người dùng telegram" in stderr
    assert f"{path}:3: cột phone: gọi sau không phải số điện thoại" in stderr
    assert f"{path}:4: cột telegram_id: telegram 501 đã dùng cho B trong tổ này" in stderr


def test_a_unit_cannot_change_level_above_its_children_or_under_its_teams(
    tracker: Tracker, tmp_path: Path
) -> None:
    load_examples(tracker, "units", "teams")
    path = write(tmp_path, "units.csv", UNITS + "HD-TM-DT,Xã Đoàn Tùng,thôn,HD-TM,2150\n")
    stderr = refused(tracker, "units", path)
    assert f"{path}:2: cột level: thôn không thể trực thuộc huyện HD-TM" in stderr
    assert f"{path}:2: cột level: không thể đổi thành thôn: HD-TM-DT-DX (thôn) trực thuộc" in stderr
    assert f"{path}:2: cột level: không thể đổi cấp: tổ CNCD_DoanTung_ThanhMien" in stderr


def test_a_team_moved_to_a_smaller_level_must_fit_its_cap(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams")
    members = "team,name\n" + "".join(f"CNCD_DoanTung_ThanhMien,Người {i}\n" for i in range(9))
    tracker.ok("import", "members", str(write(tmp_path, "members.csv", members)))
    path = write(tmp_path, "teams.csv", "code,name,units\nCNCD_DoanTung_ThanhMien,Tổ,HD-TM-DT-PL\n")
    stderr = refused(tracker, "teams", path)
    assert f"{path}:2: cột units: tổ CNCD_DoanTung_ThanhMien cấp thôn tối đa 7 thành viên" in stderr
