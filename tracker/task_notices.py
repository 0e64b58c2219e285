"""Telling the teams of a task: one message to each active chat of each assigned team.

Queued through the outbox like a digest, in the caller's transaction; sending is `tracker
sync`'s job. The key `task:{code}:{channel}:{chat_id}` makes each chat hear of a task
once, however often the notices are queued (a retried save, a chat bound later and the
notices queued again).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.i18n import Catalogue
from tracker.messages import Outbound
from tracker.store.models import Chat, Task
from tracker.sync.outbox import queue

TEXT = Catalogue(
    vi={
        "new": "📌 Nhiệm vụ mới {code}: {title}\nHạn: {due}\n"
        "Khi xong, nhắn: /xong {code} (kèm ghi chú nếu có)",
    },
    en={
        "new": "📌 New task {code}: {title}\nDue: {due}\n"
        "When it is done, send: /done {code} (with a note if you like)",
    },
)


def notice_key(code: str, channel: str, chat_id: str) -> str:
    return f"task:{code}:{channel}:{chat_id}"


def notice_text(task: Task, language: str) -> str:
    due = task.due.strftime("%d/%m/%Y")
    return TEXT(language, "new", code=task.code, title=task.title, due=due)


def queue_task_notices(session: Session, task: Task, language: str) -> int:
    """Queue the task's notice to every active chat of its assigned teams; how many were
    newly queued (0 when every chat had it already)."""
    team_ids = [assignment.team_id for assignment in task.assignments]
    if not team_ids:
        return 0
    chats = session.scalars(
        select(Chat).where(Chat.team_id.in_(team_ids), Chat.active.is_(True)).order_by(Chat.id)
    ).all()
    text = notice_text(task, language)
    messages = [
        Outbound(
            chat.channel,
            chat.chat_id,
            text,
            notice_key(task.code, chat.channel, chat.chat_id),
            "task",
        )
        for chat in chats
    ]
    return queue(session, messages)
