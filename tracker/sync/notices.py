"""What sync writes on its own in the chats, and telling the officers when the bot has
lost a chat (Telegram 403: removed or blocked)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from adapters.registry import adapter_names
from tracker.chats import find_chat
from tracker.clock import today
from tracker.i18n import Catalogue
from tracker.messages import Outbound
from tracker.store.models import Chat, Unit
from tracker.sync.outbox import officer_chat, queue

log = logging.getLogger("tracker.sync")

# What sync itself writes in the chats: reminders, overdue flags and notices.
TEXT = Catalogue(
    vi={
        "reminder": (
            "⏰ Nhắc việc: {team} chưa gửi báo cáo tháng {month}. Hạn chót: ngày {due}.\n"
            "Gửi báo cáo bằng: /bcthang tháng {month}"
        ),
        "reminder_named": (
            "⏰ Nhắc việc: {team} chưa gửi báo cáo tháng {month}. Hạn chót: ngày {due}.\n"
            "Gửi báo cáo bằng: /bcthang {code} tháng {month}"
        ),
        "overdue": ("⚠️ Quá hạn: {team} chưa gửi báo cáo tháng {month} (hạn ngày {due})."),
        "chat_gone": (
            "⚠️ Bot không còn gửi được tin vào nhóm {title} ({channel} {chat_id}): {reason}. "
            "Nhóm đã được đánh dấu ngừng hoạt động; hãy thêm lại bot vào nhóm."
        ),
    },
    en={
        "reminder": (
            "⏰ Reminder: {team} has not sent its monthly report for {month}. "
            "Deadline: {due}.\nSend it with: /bcthang tháng {month}"
        ),
        "reminder_named": (
            "⏰ Reminder: {team} has not sent its monthly report for {month}. "
            "Deadline: {due}.\nSend it with: /bcthang {code} tháng {month}"
        ),
        "overdue": "⚠️ Overdue: {team} has not sent its report for {month} (due {due}).",
        "chat_gone": (
            "⚠️ The bot can no longer post in {title} ({channel} {chat_id}): {reason}. "
            "The chat is marked inactive; add the bot to the group again."
        ),
    },
)


def parent_unit(chat: Chat) -> Unit | None:
    """The unit whose officers look after `chat`: the parent of the unit it serves."""
    if chat.unit is not None:
        return chat.unit.parent
    if chat.team is not None and chat.team.units:
        return chat.team.units[0].parent
    return None


def chat_gone(
    sessions: sessionmaker[Session], channel: str, chat_id: str, reason: str, language: str
) -> None:
    """Mark the bound chat inactive and queue a notice in its officers' chat."""
    with sessions.begin() as session:
        chat = find_chat(session, channel, chat_id)
        if chat is None:
            # A member's private chat: their standing stops until they write again.
            from tracker.private import forget_private_chat

            private = forget_private_chat(session, channel, chat_id)
            where = "private chat" if private else "unbound chat"
            log.warning("%s: cannot post in %s %s: %s", channel, where, chat_id, reason)
            return
        chat.active = False
        title = chat.title or chat.chat_id
        # The officers hear it on another channel when this one lost them too.
        target = officer_chat(session, parent_unit(chat), [channel, *adapter_names()])
        log.warning(
            "%s: chat %s (%s) marked inactive: %s%s",
            channel,
            chat_id,
            title,
            reason,
            "" if target else "; no officers' chat to tell",
        )
        if target is None:
            return
        text = TEXT(
            language, "chat_gone", title=title, channel=channel, chat_id=chat_id, reason=reason
        )
        queue(
            session,
            [
                Outbound(
                    channel=target.channel,
                    chat_id=target.chat_id,
                    text=text,
                    idempotency_key=f"notice:chat-gone:{channel}:{chat_id}:{today()}",
                    kind="notice",
                )
            ],
        )
