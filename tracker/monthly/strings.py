"""What the monthly-report features write to teams and officers, in Vietnamese and English."""

from __future__ import annotations

from tracker.i18n import Catalogue

TEXT = Catalogue(
    vi={
        "returned": (
            "↩️ Báo cáo tháng {month} của {team} được trả lại để sửa.\n"
            "Lý do: {reason}\n"
            "Hãy sửa và gửi lại bằng: /bcthang tháng {month}"
        ),
        "remind": (
            "⏰ Nhắc việc: {team} chưa gửi báo cáo tháng {month} (hạn ngày {due}).\n"
            "Gửi báo cáo bằng: /bcthang tháng {month}"
        ),
        "after_approval": (
            "Báo cáo tháng {month} của {team} đã được duyệt: số liệu mới được chuyển cho cán "
            "bộ xem xét (sau khi đã duyệt), chưa cộng vào kết quả."
        ),
        "monthly_approved": (
            "Báo cáo tháng {month} của {team} đã được duyệt: báo cáo gửi lại không thay thế "
            "báo cáo đã duyệt."
        ),
        "edit": "sửa báo cáo: {indicator} {old} → {new}",
    },
    en={
        "returned": (
            "↩️ The {month} monthly report of {team} was returned for correction.\n"
            "Reason: {reason}\n"
            "Correct it and send it again with: /bcthang tháng {month}"
        ),
        "remind": (
            "⏰ Reminder: {team} has not sent its monthly report for {month} (due {due}).\n"
            "Send it with: /bcthang tháng {month}"
        ),
        "after_approval": (
            "The {month} report of {team} is already approved: the new figures wait for an "
            "officer's review (after approval) and are not counted yet."
        ),
        "monthly_approved": (
            "The {month} report of {team} is already approved: a report sent again does not "
            "replace it."
        ),
        "edit": "edited report: {indicator} {old} → {new}",
    },
)


def month_label(month: str) -> str:
    """`2026-11` as teams write it: `11/2026`."""
    year, number = month.split("-")
    return f"{int(number)}/{year}"
