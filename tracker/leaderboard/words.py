"""The words a person reads in a leaderboard file: headers, states, titles (vi and en).

JSON and the scripts' CSV keep the English keys and codes (CONTRACTS §8); these are for
the CSV an officer opens in Excel and for the workbook.
"""

from __future__ import annotations

from tracker.i18n import Catalogue
from tracker.periods import Period
from tracker.standing import Standing, StandingRow

TEXT = Catalogue(
    vi={
        "rank": "Hạng",
        "team": "Mã tổ",
        "name": "Tên tổ",
        "units": "Đơn vị",
        "score": "Điểm",
        "uncapped": "Điểm chưa giới hạn",
        "target": "{indicator} - chỉ tiêu",
        "achieved": "{indicator} - đạt",
        "ratio": "{indicator} - %",
        "monthly_report": "Báo cáo tháng",
        "state.on_time": "đúng hạn",
        "state.late": "trễ hạn",
        "state.missing": "chưa nộp",
        "state.not_yet_due": "chưa đến hạn",
        "approved": "đã duyệt",
        "title": "BẢNG XẾP HẠNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG · {scope_name} ({scope})",
        "subtitle": "Kỳ {period} · lập ngày {made}",
        "period.month": "tháng {month:02d}/{year}",
        "period.quarter": "quý {quarter}/{year}",
        "period.year": "năm {year}",
        "sheet.ranking": "Xếp hạng",
        "sheet.evidence": "Minh chứng",
        "ev.team": "Mã tổ",
        "ev.indicator": "Chỉ tiêu",
        "ev.value": "Số",
        "ev.local_date": "Ngày",
        "ev.source": "Nguồn",
        "ev.sender": "Người gửi",
        "ev.officer": "Cán bộ",
        "sign.maker": "NGƯỜI LẬP BIỂU",
        "sign.head": "THỦ TRƯỞNG ĐƠN VỊ",
        "sign.hint": "(Ký, ghi rõ họ tên)",
        "sign.head_hint": "(Ký tên, đóng dấu)",
    },
    en={
        "rank": "Rank",
        "team": "Team code",
        "name": "Team",
        "units": "Units",
        "score": "Score",
        "uncapped": "Uncapped score",
        "target": "{indicator} - target",
        "achieved": "{indicator} - achieved",
        "ratio": "{indicator} - %",
        "monthly_report": "Monthly report",
        "state.on_time": "on time",
        "state.late": "late",
        "state.missing": "not sent",
        "state.not_yet_due": "not yet due",
        "approved": "approved",
        "title": "COMMUNITY DIGITAL-TECHNOLOGY TEAM RANKING · {scope_name} ({scope})",
        "subtitle": "Period {period} · made on {made}",
        "period.month": "{year}-{month:02d}",
        "period.quarter": "Q{quarter} {year}",
        "period.year": "{year}",
        "sheet.ranking": "Ranking",
        "sheet.evidence": "Evidence",
        "ev.team": "Team code",
        "ev.indicator": "Indicator",
        "ev.value": "Value",
        "ev.local_date": "Date",
        "ev.source": "Source",
        "ev.sender": "Sender",
        "ev.officer": "Officer",
        "sign.maker": "PREPARED BY",
        "sign.head": "HEAD OF UNIT",
        "sign.hint": "(signature and full name)",
        "sign.head_hint": "(signature and seal)",
    },
)


def indicator_label(standing: Standing, code: str, language: str) -> str:
    """The indicator's name in the language, the code when it has none."""
    vi, en = standing.indicator_names.get(code, (code, code))
    return en if language == "en" else vi


def report_words(row: StandingRow, language: str) -> str:
    """The monthly report's state in words, and whether the month is approved."""
    if not row.monthly_report:
        return ""
    words = TEXT(language, f"state.{row.monthly_report}")
    return f"{words}, {TEXT(language, 'approved')}" if row.approved else words


def period_words(period: Period, language: str) -> str:
    year, month = period.start.year, period.start.month
    return TEXT(language, f"period.{period.kind}", year=year, month=month, quarter=(month + 2) // 3)
