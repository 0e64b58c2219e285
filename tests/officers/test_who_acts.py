"""Commands run as different operating-system users once accounts exist (issue 16's
Must-show): each writes only inside its scope, every change names its own account, and
every refusal is one line and an audited refused attempt."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from tests.conftest import Tracker
from tests.officers.conftest import AsUser
from tests.pipeline_helpers import msg, send
from tracker.store.models import AuditEntry, Quota, ReportEntry, ReviewItem


def _quotas(tmp_path: Path, *rows: str, name: str = "chi-tieu.csv") -> str:
    path = tmp_path / name
    path.write_text("team,indicator,period,target\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


def _targets(tracker: Tracker) -> dict[tuple[str, str], int]:
    with tracker.sessions()() as session:
        return {
            (quota.team.code, quota.indicator.code): quota.resolved_target
            for quota in session.scalars(select(Quota).where(Quota.period == "2026-12"))
        }


def _refused(tracker: Tracker) -> list[tuple[str, str, str]]:
    with tracker.sessions()() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.entity_key)
            .where(AuditEntry.refused)
            .order_by(AuditEntry.id)
        )
        return [(actor, action, key) for actor, action, key in rows]


def test_an_editor_sets_quotas_in_their_commune_only(
    province: AsUser, sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    own = _quotas(tmp_path, "CNCD_HoiYen_NguHung,ttdt,2026-12,40")
    province.ok("xa_nh", "import", "quotas", own)
    assert _targets(sqlite_tracker) == {("CNCD_HoiYen_NguHung", "ttdt"): 40}

    mixed = _quotas(
        tmp_path,
        "CNCD_PhuKhe_NguHung,ttdt,2026-12,50",
        "CNCD_DongTao_DoanTung,ttdt,2026-12,60",
        name="hai-xa.csv",
    )
    refused = province("xa_nh", "import", "quotas", mixed)
    assert refused.exit_code == 1
    assert refused.output.splitlines() == [
        f"Error: từ chối import quotas {mixed}, row 3: DT-1 nằm ngoài phạm vi NH của xa_nh"
    ]
    assert _targets(sqlite_tracker) == {("CNCD_HoiYen_NguHung", "ttdt"): 40}  # nothing written

    # The neighbour's editor and the province admin may set that row.
    province.ok(
        "xa_dt",
        "import",
        "quotas",
        _quotas(tmp_path, "CNCD_DongTao_DoanTung,dvc,2026-12,9", name="dt.csv"),
    )
    province.ok("tinh", "import", "quotas", mixed)
    assert _targets(sqlite_tracker) == {
        ("CNCD_HoiYen_NguHung", "ttdt"): 40,
        ("CNCD_PhuKhe_NguHung", "ttdt"): 50,
        ("CNCD_DongTao_DoanTung", "ttdt"): 60,
        ("CNCD_DongTao_DoanTung", "dvc"): 9,
    }
    assert _refused(sqlite_tracker) == [
        ("xa_nh", "write", f"{mixed}:3"),
    ]


def test_a_viewer_and_a_login_without_account_write_nothing(
    province: AsUser, sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    file = _quotas(tmp_path, "CNCD_HoiYen_NguHung,ttdt,2026-12,40")
    viewer = province("so", "import", "quotas", file)
    assert viewer.exit_code == 1
    assert viewer.output.splitlines() == [
        f"Error: từ chối import quotas {file}: so là người xem, không được sửa gì"
    ]
    stranger = province("khach", "import", "quotas", file)
    assert stranger.exit_code == 1
    assert stranger.output.splitlines() == [
        f"Error: từ chối import quotas {file}: người dùng khach chưa có tài khoản cán bộ nên "
        "chỉ được xem"
    ]
    # reading stays open to both
    assert (
        "CNCD_HoiYen_NguHung"
        in province.ok("khach", "leaderboard", "--scope", "HD", "--period", "2026-11").output
    )
    assert _targets(sqlite_tracker) == {}
    assert [actor for actor, _, _ in _refused(sqlite_tracker)] == ["so", "khach"]


def _review_item_of_doan_tung(tracker: Tracker) -> int:
    # Phạm Thị Dung (telegram 1004) leads Đông Tảo in commune DT; "hai" is not a number.
    send(tracker.sessions(), msg(1, "/bc dvc hai", sender="1004"))
    with tracker.sessions()() as session:
        item = session.scalars(select(ReviewItem)).one()
        assert item.team is not None and item.team.code == "CNCD_DongTao_DoanTung"
        return item.id


def test_an_editor_cannot_decide_the_neighbours_review_item_even_naming_an_admin(
    province: AsUser, sqlite_tracker: Tracker
) -> None:
    item = str(_review_item_of_doan_tung(sqlite_tracker))
    plain = province("xa_nh", "review", "accept", item, "--value", "2")
    assert plain.exit_code == 1
    assert plain.output.splitlines() == [
        f"Error: từ chối review accept {item}: DT-1 nằm ngoài phạm vi NH của xa_nh"
    ]
    named = province("xa_nh", "review", "accept", item, "--value", "2", "--officer", "tinh")
    assert named.exit_code == 1
    assert named.output.splitlines() == [
        "Error: từ chối --officer tinh: chỉ quản trị mới được ghi dưới tên khác (tinh); "
        "xa_nh là người nhập liệu"
    ]
    with sqlite_tracker.sessions()() as session:
        assert session.scalars(select(ReportEntry)).all() == []

    province.ok("tinh", "review", "accept", item, "--value", "2")
    with sqlite_tracker.sessions()() as session:
        entry = session.scalars(select(ReportEntry)).one()
        assert (entry.officer, entry.value) == ("tinh", 2)
    assert _refused(sqlite_tracker) == [
        ("xa_nh", "decide", item),
        ("xa_nh", "act_as", "tinh"),
    ]


def test_the_audit_log_names_each_account_and_lists_refused_attempts(
    province: AsUser, sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    province.ok(
        "xa_nh", "import", "quotas", _quotas(tmp_path, "CNCD_HoiYen_NguHung,ttdt,2026-12,40")
    )
    province(
        "so",
        "import",
        "quotas",
        _quotas(tmp_path, "CNCD_HoiYen_NguHung,dvc,2026-12,5", name="so.csv"),
    )

    log = json.loads(province.ok("so", "audit", "--entity", "quota", "--format", "json").output)[
        "entries"
    ]
    assert [(e["login"], e["name"], e["key"], e["refused"]) for e in log] == [
        ("so", "Phạm Văn Sở", str(tmp_path / "so.csv"), True),
        ("xa_nh", "Lê Văn Nam", "CNCD_HoiYen_NguHung/ttdt/2026-12", False),
    ]
    assert log[1]["actor"] == "import:chi-tieu.csv (xa_nh)"
    assert log[1]["after"]["target"] == "40"
    assert log[1]["at"].startswith("2026-11-20T10:00") and log[1]["at"].endswith("+07:00")

    mine = json.loads(province.ok("so", "audit", "--officer", "xa_nh", "--format", "json").output)
    assert {e["login"] for e in mine["entries"]} == {"xa_nh"}
    province(
        "xa_nh",
        "import",
        "quotas",
        _quotas(tmp_path, "CNCD_DongTao_DoanTung,dvc,2026-12,5", name="dt.csv"),
    )
    table = province.ok("so", "audit", "--scope", "NH", "--since", "2026-11-20").output
    lines = [line for line in table.splitlines() if "Lê Văn Nam" in line]
    assert len(lines) == 2
    assert "TỪ CHỐI" in lines[0] and "dt.csv" in lines[0] and "xa_nh — Lê Văn Nam" in lines[0]
    assert "import:chi-tieu.csv (xa_nh) — Lê Văn Nam" in lines[1]
    assert "so — Phạm Văn Sở" not in table  # the province's viewer is not NH's
    elsewhere = province.ok("so", "audit", "--scope", "DT").output
    assert "xa_nh — Lê Văn Nam" not in elsewhere


def test_reorganising_the_map_is_for_admins_only(
    province: AsUser, sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    file = tmp_path / "sap-xep.csv"
    file.write_text(
        "old_code,new_code,new_name,new_level,new_parent\nNH,NH,Xã Ngũ Hùng mới,,\n",
        encoding="utf-8",
    )
    args = ("reorganize", str(file), "--effective", "2026-12-01", "--dry-run")
    editor = province("xa_nh", *args)
    assert editor.exit_code == 1
    assert len(editor.output.splitlines()) == 1
    assert "xa_nh" in editor.output
    assert [actor for actor, _, _ in _refused(sqlite_tracker)] == ["xa_nh"]
    province.ok("tinh", *args)
