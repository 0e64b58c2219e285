"""What sync itself writes in the chats: reminders, overdue flags and notices."""

from __future__ import annotations

from tracker.i18n import Catalogue

TEXT = Catalogue(
    vi={
        "reminder": (
            "⏰ Nhắc việc: Tổ {team} chưa gửi báo cáo tháng {month}. Hạn chót: ngày {due}.\n"
            "Gửi báo cáo bằng: /bcthang tháng {month_short}"
        ),
        "overdue": ("⚠️ Quá hạn: Tổ {team} chưa gửi báo cáo tháng {month} (hạn ngày {due})."),
        "chat_gone": (
            "⚠️ Bot không còn gửi được tin vào nhóm {title} ({channel} {chat_id}): {reason}. "
            "Nhóm đã được đánh dấu ngừng hoạt động; hãy thêm lại bot vào nhóm."
        ),
    },
    en={
        "reminder": (
            "⏰ Reminder: team {team} has not sent its monthly report for {month}. "
            "Deadline: {due}.\nSend it with: /bcthang tháng {month_short}"
        ),
        "overdue": "⚠️ Overdue: team {team} has not sent its report for {month} (due {due}).",
        "chat_gone": (
            "⚠️ The bot can no longer post in {title} ({channel} {chat_id}): {reason}. "
            "The chat is marked inactive; add the bot to the group again."
        ),
    },
)
