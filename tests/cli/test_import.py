"""`tracker import`: the example files load on both backends, and importing again updates."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.cli.import_support import EXAMPLES, dump, load_examples, write
from tests.conftest import Tracker
from tracker.store.models import (
    AuditEntry,
    Chat,
    Indicator,
    Member,
    Quota,
    Task,
    Team,
    Unit,
)


def test_example_files_load_and_a_second_run_changes_nothing(tracker: Tracker) -> None:
    load_examples(tracker)
    first = dump(tracker)
    with tracker.sessions()() as session:
        units = {unit.code: unit for unit in session.scalars(select(Unit))}
        assert units["HD"].level == "province" and units["HD"].parent_id is None
        assert units["HD-HD"].level == "district"  # "thành phố" under a province
        assert units["HD-TM-DT-PL"].parent_id == units["HD-TM-DT"].id
        assert units["HD-TM-HQ-PT"].households == 1050  # written 1.050
        team = session.scalars(
            select(Team).where(Team.code == "CNCD_TamLuongDongXa_DoanTung")
        ).one()
        assert team.level == "village"
        assert [unit.code for unit in team.units] == ["HD-TM-DT-DX", "HD-TM-DT-TL"]
        leader = session.scalars(select(Member).where(Member.name == "Nguyễn Văn Hùng")).one()
        assert (leader.role, leader.phone) == ("leader", "0912345678")  # written 0912 345 678
        assert leader.account("telegram") == "5012345601"
        assert leader.account("zalo") == "7301122001"
        assert leader.organization == "Trưởng thôn Phạm Lam"
        ttdt = session.scalars(select(Indicator).where(Indicator.code == "ttdt")).one()
        assert ttdt.pillar == "economy" and ttdt.unit == "hộ" and ttdt.max_per_report == 200
        assert ttdt.name_en == "Households with an e-payment account"
        assert "ví điện tử" in ttdt.aliases
        taphuan = session.scalars(select(Indicator).where(Indicator.code == "taphuan")).one()
        assert taphuan.pillar == "training"
        quotas = {
            (quota.team.code, quota.indicator.code, quota.period): quota
            for quota in session.scalars(select(Quota))
        }
        share = quotas[("CNCD_HamHy_DoanTung", "ttdt", "2026-11")]
        assert (share.target_kind, share.target_value) == ("share", Decimal(30))
        assert share.resolved_target == 119  # ceil(30% of 395)
        covering_two = quotas[("CNCD_TamLuongDongXa_DoanTung", "ttdt", "2026-11")]
        assert covering_two.resolved_target == 249  # ceil(30% of 310 + 520)
        decimal_share = quotas[("CNCD_ThuPhap_HongQuang", "ttdt", "2026-11")]
        assert decimal_share.resolved_target == 187  # ceil(30.5% of 612)
        assert quotas[("CNCD_ThuPhap_HongQuang", "vneid", "2026-11")].resolved_target == 1200
        quarter = quotas[("CNCD_DoanTung_ThanhMien", "ocop", "2026-Q4")]
        assert (str(quarter.starts_on), str(quarter.ends_on)) == ("2026-10-01", "2026-12-31")
        chats = {chat.chat_id: chat for chat in session.scalars(select(Chat))}
        assert chats["-1001871203344"].unit is not None
        assert chats["-1001871203344"].unit.code == "HD-TM-DT"
        assert chats["g8823401177"].team is not None
        task = session.scalars(select(Task).where(Task.code == "lap-nhom-zalo")).one()
        assert str(task.due) == "2026-12-15"  # written 15/12/2026
        assigned = {a.team.code: a.via_unit for a in task.assignments}
        assert set(assigned) == {
            "CNCD_PhamLam_DoanTung",
            "CNCD_HamHy_DoanTung",
            "CNCD_TamLuongDongXa_DoanTung",
            "CNCD_DoanTung_ThanhMien",
        }
        assert all(unit is not None and unit.code == "HD-TM-DT" for unit in assigned.values())
        mixed = session.scalars(select(Task).where(Task.code == "rasoat-ho")).one()
        via = {a.team.code: a.via_unit_id for a in mixed.assignments}
        assert via["CNCD_NgocLy_ThanhMien"] is None
        assert via["CNCD_ThuPhap_HongQuang"] == units["HD-TM-HQ"].id
    for kind in ("units", "teams", "members", "indicators", "quotas", "chats", "tasks"):
        again = tracker.ok("import", kind, str(EXAMPLES / f"{kind}.csv"))
        assert " 0 mới, 0 cập nhật, " in again.stderr
    assert dump(tracker) == first


def test_summary_is_one_line_on_stderr(tracker: Tracker) -> None:
    result = tracker.ok("import", "units", str(EXAMPLES / "units.csv"))
    assert result.stderr == "đơn vị: 16 mới, 0 cập nhật, 0 không đổi\n"
    assert result.stdout == ""


def test_summary_in_english(sqlite_tracker: Tracker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_LANGUAGE", "en")
    result = sqlite_tracker.ok("import", "units", str(EXAMPLES / "units-3cap.csv"))
    assert result.stderr == "units: 9 created, 0 updated, 0 unchanged\n"


def test_three_level_province_with_semicolons_and_vietnamese_headers(tracker: Tracker) -> None:
    assert not (EXAMPLES / "units-3cap.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    tracker.ok("import", "units", str(EXAMPLES / "units-3cap.csv"))
    with tracker.sessions()() as session:
        levels = {code: level for code, level in session.execute(select(Unit.code, Unit.level))}
        parents = {
            unit.code: unit.parent.code if unit.parent else None
            for unit in session.scalars(select(Unit))
        }
    assert levels["QN-VD"] == "commune"  # đặc khu
    assert parents["QN-VD"] == "QN"  # a commune straight under the province
    assert (levels["QN-HL-K1"], parents["QN-HL-K1"]) == ("village", "QN-HL")


def test_reimport_updates_by_code_and_audits(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "indicators", "quotas")
    changed = write(
        tmp_path,
        "units.csv",
        "code,name,level,parent,households\n"
        "HD-TM-DT-HH,Thôn Hàm Hy,thôn,HD-TM-DT,500\n"
        "HD-TM-DT-NEW,Thôn Mới,thôn,HD-TM-DT,\n",
    )
    result = tracker.ok("import", "units", str(changed))
    assert result.stderr == "đơn vị: 1 mới, 1 cập nhật, 0 không đổi\n"
    with tracker.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 17
        targets = {
            quota.indicator.code: quota.resolved_target
            for quota in session.scalars(
                select(Quota).join(Team).where(Team.code == "CNCD_HamHy_DoanTung")
            )
        }
        assert targets == {"ttdt": 150, "huongdan": 300, "vneid": 100}  # 30%, 60% of 500
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_key == "HD-TM-DT-HH", AuditEntry.action == "update"
            )
        ).one()
        assert entry.actor.startswith("import:units.csv")
        assert entry.before["households"] == 395
        assert entry.after["households"] == 500


def test_xlsx_first_sheet_with_percent_cells(tracker: Tracker, tmp_path: Path) -> None:
    from openpyxl import Workbook

    load_examples(tracker, "units", "teams", "indicators")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Tổ", "Chỉ số", "Kỳ", "Chỉ tiêu"])
    sheet.append(["CNCD_PhamLam_DoanTung", "ttdt", "2026-12", 0.3])
    sheet["D2"].number_format = "0%"
    sheet.append(["CNCD_PhamLam_DoanTung", "vneid", "2026-12", 150])
    sheet.append([None, None, None, None])
    book.create_sheet("Ghi chú").append(["not read"])
    path = tmp_path / "chi-tieu.xlsx"
    book.save(path)
    result = tracker.ok("import", "quotas", str(path))
    assert result.stderr == "chỉ tiêu: 2 mới, 0 cập nhật, 0 không đổi\n"
    with tracker.sessions()() as session:
        targets = {
            quota.indicator.code: (quota.target_kind, quota.resolved_target)
            for quota in session.scalars(select(Quota).where(Quota.period == "2026-12"))
        }
    assert targets == {"ttdt": ("share", 144), "vneid": ("count", 150)}


def test_nfd_names_match_nfc_members(sqlite_tracker: Tracker, tmp_path: Path) -> None:
    import unicodedata

    load_examples(sqlite_tracker, "units", "teams", "members")
    text = "team,name,role\nCNCD_HamHy_DoanTung,Bùi Văn Khánh,tổ phó\n"
    path = write(tmp_path, "m.csv", unicodedata.normalize("NFD", text))
    result = sqlite_tracker.ok("import", "members", str(path))
    assert result.stderr == "thành viên: 0 mới, 1 cập nhật, 0 không đổi\n"


def test_help_does_not_load_the_store_or_openpyxl() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from tracker.cli.main import cli;"
        "r = CliRunner().invoke(cli, ['import', '--help']); assert r.exit_code == 0, r.output;"
        "assert 'KIND' in r.output;"
        "print(sorted(m for m in ('sqlalchemy', 'openpyxl') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_members_reimport_changes_role_and_accounts(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "members")
    path = write(
        tmp_path,
        "members.csv",
        "team,name,role,telegram_id,zalo_id\n"
        "CNCD_PhamLam_DoanTung,nguyen van hung,tổ phó,,7301122999\n",
    )
    result = tracker.ok("import", "members", str(path))
    assert result.stderr == "thành viên: 0 mới, 1 cập nhật, 0 không đổi\n"
    with tracker.sessions()() as session:
        member = session.scalars(
            select(Member).where(Member.name.in_(["nguyen van hung", "Nguyễn Văn Hùng"]))
        ).one()
        assert member.role == "deputy"
        assert member.account("telegram") is None
        assert member.account("zalo") == "7301122999"
        assert member.phone == "0912345678"  # no phone column: left as it was


def test_members_zalo_oa_id_is_its_own_account(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "members")
    path = write(
        tmp_path,
        "members.csv",
        "tổ,họ tên,id zalo oa\nCNCD_PhamLam_DoanTung,Nguyễn Văn Hùng,8431096657431234567\n",
    )
    tracker.ok("import", "members", str(path))
    with tracker.sessions()() as session:
        member = session.scalars(select(Member).where(Member.name == "Nguyễn Văn Hùng")).one()
        assert member.account("zalo_oa") == "8431096657431234567"
        assert member.account("telegram") is not None  # no telegram column: kept


def test_tasks_reimport_keeps_done_assignments(tracker: Tracker, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from tracker.store.models import TaskAssignment

    load_examples(tracker, "units", "teams", "tasks")
    with tracker.sessions().begin() as session:
        done = session.scalars(
            select(TaskAssignment)
            .join(Task)
            .join(Team, Team.id == TaskAssignment.team_id)
            .where(Task.code == "tap-huan-vneid", Team.code == "CNCD_HamHy_DoanTung")
        ).one()
        done.status, done.done_at = "done", datetime(2026, 12, 1, tzinfo=UTC)
    path = write(
        tmp_path,
        "tasks.csv",
        "code,title,due,assignees\n"
        "tap-huan-vneid,Tập huấn VNeID,2026-12-31,CNCD_ThuPhap_HongQuang\n",
    )
    result = tracker.ok("import", "tasks", str(path))
    assert result.stderr == "nhiệm vụ: 0 mới, 1 cập nhật, 0 không đổi\n"
    with tracker.sessions()() as session:
        task = session.scalars(select(Task).where(Task.code == "tap-huan-vneid")).one()
        assert str(task.due) == "2026-12-31"
        assert task.description == "Tổ chức ít nhất một buổi tại nhà văn hóa thôn"
        states = {a.team.code: a.status for a in task.assignments}
    assert states == {"CNCD_HamHy_DoanTung": "done", "CNCD_ThuPhap_HongQuang": "open"}


def test_chats_and_indicators_update_in_place(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "indicators", "chats")
    chats = write(
        tmp_path,
        "chats.csv",
        "Kênh,Mã nhóm,Tiêu đề,Đơn vị,Tổ\nzalo,g8823401177,Nhóm mới,HD-TM-DT,\n",
    )
    assert tracker.ok("import", "chats", str(chats)).stderr.startswith("nhóm chat: 0 mới, 1 ")
    indicators = write(
        tmp_path, "chi-so.csv", "Mã,Tên,Trụ cột,Từ khóa\nttdt,Thanh toán điện tử,kinh tế số,ví\n"
    )
    assert tracker.ok("import", "indicators", str(indicators)).stderr.startswith(
        "chỉ số: 0 mới, 1 "
    )
    with tracker.sessions()() as session:
        chat = session.scalars(select(Chat).where(Chat.chat_id == "g8823401177")).one()
        assert (chat.title, chat.team_id, chat.unit is not None) == ("Nhóm mới", None, True)
        ttdt = session.scalars(select(Indicator).where(Indicator.code == "ttdt")).one()
        assert ttdt.aliases == ["ví"]
        assert ttdt.unit == "hộ"  # no unit column: kept
        assert session.scalar(select(func.count()).select_from(Chat)) == 6


def test_team_covering_more_units_gets_a_larger_share_target(
    tracker: Tracker, tmp_path: Path
) -> None:
    load_examples(tracker, "units", "teams", "indicators", "quotas")
    path = write(
        tmp_path,
        "teams.csv",
        "code,name,units\nCNCD_HamHy_DoanTung,Tổ CNSCĐ Hàm Hy - Phạm Lam,HD-TM-DT-HH|HD-TM-DT-PL\n",
    )
    assert tracker.ok("import", "teams", str(path)).stderr == "tổ: 0 mới, 1 cập nhật, 0 không đổi\n"
    with tracker.sessions()() as session:
        targets = {
            quota.indicator.code: quota.resolved_target
            for quota in session.scalars(
                select(Quota).join(Team).where(Team.code == "CNCD_HamHy_DoanTung")
            )
        }
    assert targets == {"ttdt": 263, "huongdan": 525, "vneid": 100}  # of 395 + 480 households


def test_a_city_without_parent_is_a_province(sqlite_tracker: Tracker, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "units.csv",
        "Mã,Tên,Cấp,Trực thuộc\nHN,Thành phố Hà Nội,Thành phố,\nHN-BD,Phường Ba Đình,phường,HN\n",
    )
    sqlite_tracker.ok("import", "units", str(path))
    with sqlite_tracker.sessions()() as session:
        levels = {code: level for code, level in session.execute(select(Unit.code, Unit.level))}
    assert levels == {"HN": "province", "HN-BD": "commune"}


def test_a_telegram_chat_is_found_by_either_spelling_of_its_id(
    tracker: Tracker, tmp_path: Path
) -> None:
    load_examples(tracker, "units", "teams", "chats")
    path = write(
        tmp_path, "chats.csv", "channel,chat_id,title,unit\ntelegram,1871203344,Đổi tên,HD-TM-DT\n"
    )
    result = tracker.ok("import", "chats", str(path))
    assert result.stderr == "nhóm chat: 0 mới, 1 cập nhật, 0 không đổi\n"
    with tracker.sessions()() as session:
        chat = session.scalars(select(Chat).where(Chat.title == "Đổi tên")).one()
        assert chat.chat_id == "-1001871203344"
        assert session.scalar(select(func.count()).select_from(Chat)) == 6
