"""Monthly reports up the chain (issue 17), end to end: reports from a loopback Telegram,
`tracker monthly …` decisions, and the reason of a return delivered by `tracker sync`.

The corpus, month 2026-11, seen on 22/11 (village teams due the 18th, communes the 20th):
Hội Yên reported on time (10/11), Phú Khê late (20/11), Đông Tảo and the commune team of
Ngũ Hùng never did.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.e2e.conftest import Live
from tracker.store.models import AuditEntry

pytestmark = pytest.mark.clock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TEAM_CHAT, COMMUNE_CHAT = "-1001000000002", "-1001000000001"
HOI_YEN, PHU_KHE = "CNCD_HoiYen_NguHung", "CNCD_PhuKhe_NguHung"
NOW = "2026-11-22T09:00"


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=VN).timestamp())


def sync(live: Live, now: str = NOW) -> None:
    live.tracker.ok("sync", "--once", "--now", now, "--no-pacing")


def teams(live: Live, scope: str = "NH") -> dict[str, dict[str, object]]:
    result = live.tracker.ok(
        "monthly", "list", "--scope", scope, "--month", "2026-11", "--format", "json"
    )
    return {row["team"]: row for row in json.loads(result.stdout)["teams"]}


def post_corpus(live: Live) -> None:
    tg = live.telegram
    first = tg.post(TEAM_CHAT, "1001", "/bc ttdt 12, dvc 5", date=at("2026-11-09T08:00"))
    live.env["first_report"] = str(first["message"]["message_id"])
    tg.post(
        TEAM_CHAT,
        "1001",
        "/bcthang tháng 11\nKhó khăn: Người cao tuổi chưa có điện thoại thông minh\n"
        "Đề xuất: Mở thêm lớp tập huấn ở nhà văn hoá\n"
        "Cách làm hay: Đi từng nhà vào buổi tối",
        date=at("2026-11-10T20:00"),
    )
    tg.post(TEAM_CHAT, "1001", "/bc ttdt 3", date=at("2026-11-12T08:00"))
    tg.post(
        COMMUNE_CHAT,
        "1003",
        "/bcthang tháng 11\nKhó khăn: Sóng điện thoại yếu ở xóm Bãi",
        name="Lê Văn Cường",
        date=at("2026-11-20T10:00"),
    )
    tg.post(COMMUNE_CHAT, "1003", "/bc dvc 4", name="Lê Văn Cường", date=at("2026-11-15T10:00"))


@pytest.fixture
def corpus(live_any: Live, clock_at: Callable[[str], None]) -> Live:
    clock_at(NOW)
    post_corpus(live_any)
    sync(live_any)
    return live_any


def test_each_teams_month_and_its_states(corpus: Live) -> None:
    found = teams(corpus)
    assert {code: row["status"] for code, row in found.items()} == {
        "CNCD_NH": "missing",
        HOI_YEN: "on_time",
        PHU_KHE: "late",
    }
    assert found[HOI_YEN]["due"] == "2026-11-18" and found["CNCD_NH"]["due"] == "2026-11-20"
    assert found[PHU_KHE]["submitted_at"].startswith("2026-11-20T03:00")
    assert found["CNCD_NH"]["timeliness"] == "missing"
    # Before the deadline nobody is missing yet.
    early = corpus.tracker.ok(
        "monthly",
        "list",
        "--scope",
        "NH",
        "--month",
        "2026-11",
        "--date",
        "2026-11-12",
        "--format",
        "json",
    )
    states = {row["team"]: row["status"] for row in json.loads(early.stdout)["teams"]}
    assert states == {"CNCD_NH": "not_due", HOI_YEN: "on_time", PHU_KHE: "not_due"}
    table = corpus.tracker.ok("monthly", "list", "--scope", "NH", "--month", "2026-11").stdout
    assert "on_time" in table and "CNCĐ_Phú Khê_Ngũ Hùng" in table


def test_a_province_counts_its_communes_completeness(corpus: Live) -> None:
    result = corpus.tracker.ok(
        "monthly", "list", "--scope", "HD", "--month", "2026-11", "--format", "json"
    )
    document = json.loads(result.stdout)
    assert document["scope"] == "HD" and document["month"] == "2026-11"
    assert len(document["teams"]) == 4
    corpus.tracker.ok("monthly", "approve", HOI_YEN, "--month", "2026-11")
    document = json.loads(
        corpus.tracker.ok(
            "monthly", "list", "--scope", "HD", "--month", "2026-11", "--format", "json"
        ).stdout
    )
    assert document["units"] == [
        {
            "unit": "DT",
            "name": "Xã Đoàn Tùng",
            "expected": 1,
            "received": 0,
            "on_time": 0,
            "approved": 0,
        },
        {
            "unit": "TM",
            "name": "Huyện Thanh Miện",
            "expected": 3,
            "received": 2,
            "on_time": 1,
            "approved": 1,
        },
    ]
    table = corpus.tracker.ok("monthly", "list", "--scope", "HD", "--month", "2026-11").stdout
    assert "expected" in table and "Xã Đoàn Tùng" in table


def test_approving_a_team_that_never_reported_is_refused(corpus: Live) -> None:
    result = corpus.tracker("monthly", "approve", "CNCD_DongTao_DoanTung", "--month", "2026-11")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: tổ CNCD_DongTao_DoanTung chưa gửi báo cáo tháng 2026-11: chưa duyệt hay trả "
        "lại được"
    ]
    assert teams(corpus, "HD")["CNCD_DongTao_DoanTung"]["status"] == "missing"


def test_return_reaches_the_team_then_a_new_report_and_approval(corpus: Live) -> None:
    live = corpus
    live.tracker.ok(
        "monthly",
        "return",
        HOI_YEN,
        "--month",
        "2026-11",
        "--reason",
        "Thiếu số hộ kích hoạt VNeID",
        "--officer",
        "Cán bộ xã",
    )
    row = teams(live)[HOI_YEN]
    assert (row["status"], row["timeliness"]) == ("returned", "on_time")
    assert (row["decided_by"], row["reason"]) == ("Cán bộ xã", "Thiếu số hộ kích hoạt VNeID")
    before = len(live.telegram.sent)
    sync(live)
    sent = [s for s in live.telegram.sent[before:] if s.chat_id == TEAM_CHAT]
    assert len(sent) == 1
    assert "Thiếu số hộ kích hoạt VNeID" in sent[0].text
    assert "/bcthang tháng 11/2026" in sent[0].text

    # The team sends it again: back to sent, as timely as its first report.
    live.telegram.post(
        TEAM_CHAT,
        "1001",
        "/bcthang tháng 11\nKhó khăn: Đã bổ sung số VNeID",
        date=at("2026-11-22T08:00"),
    )
    sync(live)
    row = teams(live)[HOI_YEN]
    assert (row["status"], row["decided_by"], row["reason"]) == ("on_time", None, None)

    live.tracker.ok("monthly", "approve", HOI_YEN, "--month", "2026-11", "--officer", "Cán bộ xã")
    row = teams(live)[HOI_YEN]
    assert (row["status"], row["timeliness"], row["decided_by"]) == (
        "approved",
        "on_time",
        "Cán bộ xã",
    )
    # A team without a group chat hears it in its leader's private chat.
    live.tracker.ok(
        "monthly",
        "return",
        PHU_KHE,
        "--month",
        "2026-11",
        "--reason",
        "Ghi rõ số hồ sơ DVC",
    )
    sync(live)
    private = [s for s in live.telegram.sent if s.chat_id == "1003"]
    assert len(private) == 1 and "Ghi rõ số hồ sơ DVC" in private[0].text

    with live.tracker.sessions()() as session:
        audit = session.execute(
            select(AuditEntry.action, AuditEntry.entity_key, AuditEntry.actor)
            .where(AuditEntry.entity == "monthly_report")
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(a) for a in audit] == [
        ("return", f"{HOI_YEN}/2026-11", "Cán bộ xã"),
        ("resubmit", f"{HOI_YEN}/2026-11", "tracker (/bcthang sent again)"),
        ("approve", f"{HOI_YEN}/2026-11", "Cán bộ xã"),
        ("return", f"{PHU_KHE}/2026-11", audit[3][2]),
    ]


def leaderboard(live: Live) -> dict[str, dict[str, object]]:
    result = live.tracker.ok(
        "leaderboard", "--scope", "NH", "--period", "2026-11", "--format", "json"
    )
    return {row["team"]: row for row in json.loads(result.stdout)["teams"]}


def open_reviews(live: Live) -> list[dict[str, object]]:
    result = live.tracker.ok("review", "list", "--format", "json")
    return json.loads(result.stdout)["items"]


def test_after_approval_a_late_edit_waits_and_its_acceptance_changes_the_figures(
    corpus: Live,
) -> None:
    live = corpus
    assert leaderboard(live)[HOI_YEN]["indicators"]["ttdt"]["achieved"] == 15
    live.tracker.ok("monthly", "approve", HOI_YEN, "--month", "2026-11", "--officer", "Cán bộ xã")
    board = leaderboard(live)
    assert board[HOI_YEN]["approved"] is True and "approved" not in board[PHU_KHE]
    table = live.tracker.ok("leaderboard", "--scope", "NH", "--period", "2026-11").stdout
    assert "on_time, approved" in table

    # The team edits its first report (12 -> 20) and sends a late one: neither counts yet.
    live.telegram.post(
        TEAM_CHAT,
        "1001",
        "/bc ttdt 20, dvc 5",
        date=at("2026-11-09T08:00"),
        message_id=int(live.env["first_report"]),
        edit_date=at("2026-11-23T08:00"),
    )
    live.telegram.post(TEAM_CHAT, "1001", "/bc ttdt 2", date=at("2026-11-29T08:00"))
    before = len(live.telegram.sent)
    sync(live, "2026-11-29T09:00")
    assert leaderboard(live)[HOI_YEN]["indicators"]["ttdt"]["achieved"] == 15
    waiting = [item for item in open_reviews(live) if item["team"] == HOI_YEN]
    assert [(i["reason"], i["indicator"], i["value"]) for i in waiting] == [
        ("after_approval", "ttdt", 8),
        ("after_approval", "ttdt", 2),
    ]
    assert waiting[0]["text"] == "sửa báo cáo: ttdt 12 → 20"
    replies = [s.text for s in live.telegram.sent[before:] if s.chat_id == TEAM_CHAT]
    assert len(replies) == 2 and all("đã được duyệt" in text for text in replies)

    # An officer accepts the edit: the approved figures change, and the audit says which
    # approval it reopened.
    live.tracker.ok("review", "accept", str(waiting[0]["id"]), "--officer", "Cán bộ huyện")
    assert leaderboard(live)[HOI_YEN]["indicators"]["ttdt"]["achieved"] == 23
    with live.tracker.sessions()() as session:
        change = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "change_approved")
        ).one()
        approval = session.scalars(select(AuditEntry).where(AuditEntry.action == "approve")).one()
    assert change.actor == "Cán bộ huyện" and change.entity_key == f"{HOI_YEN}/2026-11"
    assert change.before["approval"] == approval.after["decision"]
    assert change.before["approved_by"] == "Cán bộ xã"
    assert change.before["figures"]["ttdt"] == 15 and change.after["figures"]["ttdt"] == 23
    assert approval.after["figures"] == {"dvc": 5, "ttdt": 15}
    assert teams(live)[HOI_YEN]["status"] == "approved"

    # An ordinary review item of the approved month, accepted: it waits again, marked.
    live.telegram.post(
        TEAM_CHAT, "5555", "/bc ttdt 4", name="Người Lạ", date=at("2026-11-16T08:00")
    )
    sync(live, "2026-11-29T10:00")
    stranger = next(i for i in open_reviews(live) if i["reason"] == "unknown_sender")
    held = live.tracker.ok("review", "accept", str(stranger["id"]), "--team", HOI_YEN)
    assert "waits as after_approval" in held.stdout
    again = next(i for i in open_reviews(live) if i["id"] == stranger["id"])
    assert (again["reason"], again["team"], again["value"]) == ("after_approval", HOI_YEN, 4)
    assert leaderboard(live)[HOI_YEN]["indicators"]["ttdt"]["achieved"] == 23
    live.tracker.ok("review", "accept", str(stranger["id"]))
    assert leaderboard(live)[HOI_YEN]["indicators"]["ttdt"]["achieved"] == 27

    # A /bcthang sent again does not replace the approved report's words.
    live.telegram.post(
        TEAM_CHAT, "1001", "/bcthang tháng 11\nKhó khăn: Viết lại", date=at("2026-11-29T11:00")
    )
    before = len(live.telegram.sent)
    sync(live, "2026-11-29T12:00")
    assert any("đã được duyệt" in s.text for s in live.telegram.sent[before:])
    markdown = live.tracker.ok("monthly", "compile", "--scope", "NH", "--month", "2026-11")
    assert "Người cao tuổi chưa có điện thoại thông minh" in markdown.stdout
    assert "Viết lại" not in markdown.stdout


def test_remind_the_teams_that_have_not_reported_once_a_day(
    corpus: Live, clock_at: Callable[[str], None]
) -> None:
    live = corpus
    result = live.tracker.ok("monthly", "remind", "--scope", "HD", "--month", "2026-11")
    assert result.stdout.splitlines() == ["reminded CNCD_DongTao_DoanTung", "reminded CNCD_NH"]
    again = live.tracker.ok("monthly", "remind", "--scope", "HD", "--month", "2026-11")
    assert again.stdout == "" and "already reminded today: CNCD_NH" in again.stderr
    sync(live)
    reminders = [s for s in live.telegram.sent if "chưa gửi báo cáo tháng 11/2026" in s.text]
    assert sorted(s.chat_id for s in reminders) == ["1004", "1005"]
    assert all("/bcthang tháng 11/2026" in s.text for s in reminders)
    clock_at("2026-11-23T09:00")
    next_day = live.tracker.ok("monthly", "remind", "--scope", "NH", "--month", "2026-11")
    assert next_day.stdout.splitlines() == ["reminded CNCD_NH"]


def unit_totals(live: Live) -> dict[str, tuple[int, int]]:
    """The unit's totals as `tracker leaderboard` gives them, summed over its teams."""
    sums: dict[str, tuple[int, int]] = {}
    for row in leaderboard(live).values():
        for code, cell in row["indicators"].items():
            target, achieved = sums.get(code, (0, 0))
            sums[code] = (target + cell["target"], achieved + cell["achieved"])
    return sums


NAMES = {"ttdt": "Hộ có tài khoản thanh toán điện tử", "dvc": "Hồ sơ dịch vụ công trực tuyến"}
TEAM_NAMES = ["CNCĐ_Hội Yên_Ngũ Hùng", "CNCĐ_Phú Khê_Ngũ Hùng", "Tổ CNSCĐ xã Ngũ Hùng"]
OWN_WORDS = [
    "Người cao tuổi chưa có điện thoại thông minh",
    "Mở thêm lớp tập huấn ở nhà văn hoá",
    "Đi từng nhà vào buổi tối",
    "Sóng điện thoại yếu ở xóm Bãi",
]


def test_the_compiled_report_in_markdown_docx_and_xlsx(corpus: Live, tmp_path: Path) -> None:
    live = corpus
    totals = unit_totals(live)
    assert totals == {"dvc": (40, 9), "ttdt": (165, 15)}
    scope = ("--scope", "NH", "--month", "2026-11")

    markdown = live.tracker.ok("monthly", "compile", *scope).stdout
    assert "THÁNG 11/2026" in markdown and "Xã Ngũ Hùng" in markdown
    for code, (target, achieved) in totals.items():
        assert f"| {NAMES[code]} | {target} | {achieved} |" in markdown
    assert all(name in markdown for name in TEAM_NAMES)
    assert all(f"> {words}" in markdown for words in OWN_WORDS)
    assert "CNCĐ_Phú Khê_Ngũ Hùng: gửi chậm ngày 20/11/2026 (hạn 18/11/2026)" in markdown
    assert "Tổ CNSCĐ xã Ngũ Hùng: chưa gửi báo cáo (hạn 20/11/2026)" in markdown
    assert "Đề xuất" in markdown and "Cách làm hay" in markdown

    import docx

    live.tracker.ok(
        "monthly", "compile", *scope, "--format", "docx", "-o", str(tmp_path / "r.docx")
    )
    document = docx.Document(str(tmp_path / "r.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    results, teams_table = document.tables[0], document.tables[1]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:3]] for r in results.rows[1:]}
    assert rows == {NAMES[code]: [str(t), str(a)] for code, (t, a) in totals.items()}
    shown = {r.cells[1].text for r in teams_table.rows[1:]}
    assert shown == set(TEAM_NAMES)
    assert all(words in text for words in OWN_WORDS)
    assert "NGƯỜI LẬP BÁO CÁO" in text

    from openpyxl import load_workbook

    live.tracker.ok(
        "monthly", "compile", *scope, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")
    )
    book = load_workbook(tmp_path / "r.xlsx")
    sheet = book["Chỉ tiêu"]
    found = {
        row[0]: (row[1], row[2])
        for row in sheet.iter_rows(min_row=6, values_only=True)
        if row[0] is not None
    }
    assert found == {NAMES[code]: pair for code, pair in totals.items()}
    assert all(isinstance(v, int) for pair in found.values() for v in pair)
    assert {row[1] for row in book["Các tổ"].iter_rows(min_row=2, values_only=True)} == set(
        TEAM_NAMES
    )
    words = [row[2] for row in book["Ý kiến"].iter_rows(min_row=2, values_only=True)]
    assert sorted(words) == sorted(OWN_WORDS)
