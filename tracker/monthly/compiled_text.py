"""The compiled report's words, in Vietnamese (the default) and English, and its Markdown."""

from __future__ import annotations

from tracker.i18n import Catalogue
from tracker.monthly.compiled import Compiled, IndicatorLine, TeamLine
from tracker.monthly.listing import sent_day
from tracker.monthly.strings import month_label

WORDS = Catalogue(
    vi={
        "title": "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG THÁNG {month}",
        "unit": "Đơn vị: {unit}",
        "made": "Ngày lập: {day}",
        "results": "I. Kết quả thực hiện các chỉ tiêu",
        "teams": "II. Kết quả của các tổ",
        "words": "III. Khó khăn, đề xuất và cách làm hay của các tổ",
        "late": "IV. Các tổ gửi báo cáo chậm hoặc chưa gửi",
        "col.indicator": "Chỉ tiêu",
        "col.target": "Chỉ tiêu giao",
        "col.achieved": "Đạt được",
        "col.percent": "Tỷ lệ",
        "col.change": "So với tháng trước",
        "col.rank": "Hạng",
        "col.team": "Tổ",
        "col.score": "Điểm",
        "col.status": "Báo cáo tháng",
        "col.sent": "Ngày gửi",
        "col.section": "Mục",
        "col.text": "Nội dung",
        "difficulties": "Khó khăn",
        "proposals": "Đề xuất",
        "good_practices": "Cách làm hay",
        "status.not_due": "chưa đến hạn",
        "status.missing": "chưa gửi",
        "status.on_time": "đúng hạn",
        "status.late": "chậm",
        "status.returned": "trả lại",
        "status.approved": "đã duyệt",
        "late_team": "{team}: gửi chậm ngày {day} (hạn {due})",
        "missing_team": "{team}: chưa gửi báo cáo (hạn {due})",
        "none": "Không có.",
        "no_words": "Các tổ không nêu ý kiến.",
        "signer": "NGƯỜI LẬP BÁO CÁO",
        "sign": "(Ký, ghi rõ họ tên)",
        "sheet.results": "Chỉ tiêu",
        "sheet.teams": "Các tổ",
        "sheet.words": "Ý kiến",
        "sheet.late": "Chậm, chưa gửi",
    },
    en={
        "title": "COMMUNITY DIGITAL-TECHNOLOGY TEAMS: MONTHLY REPORT {month}",
        "unit": "Unit: {unit}",
        "made": "Made on: {day}",
        "results": "I. Results against the quotas",
        "teams": "II. The teams",
        "words": "III. The teams' difficulties, proposals and good practices",
        "late": "IV. Teams that reported late or not at all",
        "col.indicator": "Indicator",
        "col.target": "Target",
        "col.achieved": "Achieved",
        "col.percent": "%",
        "col.change": "Change on last month",
        "col.rank": "Rank",
        "col.team": "Team",
        "col.score": "Score",
        "col.status": "Monthly report",
        "col.sent": "Sent",
        "col.section": "Section",
        "col.text": "Text",
        "difficulties": "Difficulties",
        "proposals": "Proposals",
        "good_practices": "Good practices",
        "status.not_due": "not due",
        "status.missing": "missing",
        "status.on_time": "on time",
        "status.late": "late",
        "status.returned": "returned",
        "status.approved": "approved",
        "late_team": "{team}: sent late on {day} (due {due})",
        "missing_team": "{team}: not sent (due {due})",
        "none": "None.",
        "no_words": "The teams raised nothing.",
        "signer": "PREPARED BY",
        "sign": "(Signature and full name)",
        "sheet.results": "Indicators",
        "sheet.teams": "Teams",
        "sheet.words": "Comments",
        "sheet.late": "Late or missing",
    },
)


def day_text(day: object) -> str:
    return "" if day is None else f"{day:%d/%m/%Y}"


def percent(line: IndicatorLine) -> str:
    return "" if line.ratio is None else f"{line.ratio * 100:.1f}%"


def change(line: IndicatorLine) -> str:
    return "–" if line.change is None else f"{line.change:+d}"


def score(team: TeamLine) -> str:
    return "" if team.score is None else f"{team.score * 100:.1f}%"


def late_lines(report: Compiled) -> list[str]:
    t = report.language
    lines = [
        WORDS(t, "late_team", team=row.name, day=day_text(sent_day(row)), due=day_text(row.due))
        for row in report.late
    ]
    lines += [
        WORDS(t, "missing_team", team=row.name, due=day_text(row.due)) for row in report.missing
    ]
    return lines


def indicator_table(report: Compiled) -> tuple[list[str], list[list[str]]]:
    """The headings and rows of the results per indicator, as text (every format)."""
    heads = ["col.indicator", "col.target", "col.achieved", "col.percent", "col.change"]
    rows = [
        [line.name, str(line.target), str(line.achieved), percent(line), change(line)]
        for line in report.indicators
    ]
    return [WORDS(report.language, h) for h in heads], rows


def team_table(report: Compiled) -> tuple[list[str], list[list[str]]]:
    """The headings and rows of the teams' table, as text (every format)."""
    t = report.language
    heads = ["col.rank", "col.team", "col.score", "col.status", "col.sent"]
    rows = [
        [
            "" if team.rank is None else str(team.rank),
            team.name,
            score(team),
            WORDS(t, f"status.{team.status}") if team.status else "",
            day_text(team.sent),
        ]
        for team in report.teams
    ]
    return [WORDS(t, h) for h in heads], rows


def render_markdown(report: Compiled) -> str:
    t = report.language
    out = [
        f"# {WORDS(t, 'title', month=month_label(str(report.month)))}",
        "",
        WORDS(t, "unit", unit=report.unit_name) + "  ",
        WORDS(t, "made", day=day_text(report.made_on)),
        "",
        f"## {WORDS(t, 'results')}",
        "",
    ]
    out += _table(*indicator_table(report))
    out += ["", f"## {WORDS(t, 'teams')}", ""]
    out += _table(*team_table(report))
    out += ["", f"## {WORDS(t, 'words')}", ""]
    if not report.words:
        out += [WORDS(t, "no_words"), ""]
    for name, sections in report.words:
        out += [f"### {name}", ""]
        for section, text in sections.items():
            out.append(f"**{WORDS(t, section)}:**")
            out.append("")
            out += [f"> {line}" if line else ">" for line in text.splitlines()]
            out.append("")
    out += [f"## {WORDS(t, 'late')}", ""]
    lines = late_lines(report)
    out += [f"- {line}" for line in lines] if lines else [WORDS(t, "none")]
    out += ["", f"**{WORDS(t, 'signer')}**  ", WORDS(t, "sign"), ""]
    return "\n".join(out)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join(" --- " for _ in headers) + "|")
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines
