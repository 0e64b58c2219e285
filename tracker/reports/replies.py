"""The reply to each report, in Vietnamese by default and English by setting.

Replies are read on phones in a group chat: plain text, one short line per item, the
new period total against the quota, and for anything not counted, why and how to
write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from tracker.i18n import Catalogue
from tracker.messages import Outbound
from tracker.store.models import OutboxMessage

TEXT = Catalogue(
    vi={
        "recorded": "Đã ghi nhận cho {team}:",
        "not_understood": 'Không hiểu "{text}": {why}. Gõ ví dụ: {example}',
        "held": 'Chờ cán bộ xem "{text}": {why}.',
        "unknown_sender": "Chưa tính: người gửi chưa có trong danh sách thành viên tổ. "
        "Cán bộ sẽ xem lại.",
        "ambiguous_team": "Chưa tính: bạn thuộc nhiều tổ, hãy gửi trong nhóm của tổ mình. "
        "Cán bộ sẽ xem lại.",
        "unknown_indicator": "không rõ chỉ tiêu",
        "two_indicators": "có hai chỉ tiêu, mỗi chỉ tiêu một dòng",
        "no_number": "thiếu số",
        "two_numbers": "có hai số",
        "not_a_count": "số lẻ không phải số đếm",
        "negative": "số âm",
        "empty": "báo cáo trống",
        "implausible": "số quá lớn (tối đa {bound})",
        "total_lower": "tổng thấp hơn số đã báo ({earlier})",
        "monthly": "Đã nhận báo cáo tháng {month} của {team}: {state} (hạn {due}).",
        "task_done": "Đã ghi nhận hoàn thành nhiệm vụ {task} của {team}: {state} (hạn {due}).",
        "unknown_task": 'Không có nhiệm vụ "{task}". Cán bộ sẽ xem lại.',
        "task_not_assigned": "Nhiệm vụ {task} không giao cho {team}. Cán bộ sẽ xem lại.",
        "on_time": "đúng hạn",
        "late": "muộn",
        "forwarded": "Chưa tính: tin nhắn chuyển tiếp không được tính cho người chuyển tiếp. "
        "Hãy tự gõ báo cáo của mình.",
    },
    en={
        "recorded": "Recorded for {team}:",
        "not_understood": 'Not understood "{text}": {why}. Type e.g.: {example}',
        "held": 'Held for review "{text}": {why}.',
        "unknown_sender": "Not counted: the sender is not a registered team member. "
        "An officer will review it.",
        "ambiguous_team": "Not counted: you are in several teams; post in your team's own "
        "group. An officer will review it.",
        "unknown_indicator": "no known indicator",
        "two_indicators": "two indicators, put each on its own line",
        "no_number": "no number",
        "two_numbers": "two numbers",
        "not_a_count": "not a whole count",
        "negative": "negative number",
        "empty": "empty report",
        "implausible": "too large (at most {bound})",
        "total_lower": "total lower than already reported ({earlier})",
        "monthly": "Monthly report {month} from {team} received: {state} (due {due}).",
        "task_done": "Task {task} done for {team}: {state} (due {due}).",
        "unknown_task": 'There is no task "{task}". An officer will review it.',
        "task_not_assigned": "Task {task} is not assigned to {team}. An officer will review it.",
        "on_time": "on time",
        "late": "late",
        "forwarded": "Not counted: a forwarded message is not counted for the one who "
        "forwarded it. Type your own report.",
    },
)

# Reasons the member can fix by writing the item again; the others wait for an officer.
_PARSE_REASONS = {
    "unknown_indicator",
    "two_indicators",
    "no_number",
    "two_numbers",
    "not_a_count",
    "negative",
    "empty",
}


@dataclass(frozen=True, slots=True)
class Counted:
    label: str
    value: int
    stated_total: int | None
    achieved: int  # the period total after this report
    target: int | None


@dataclass(frozen=True, slots=True)
class Held:
    text: str
    reason: str
    indicator: str | None
    value: int | None
    detail: int | None = None  # the bound for implausible, the earlier sum for total_lower


def count_line(item: Counted) -> str:
    """`TTDT +12 → 45/120 (38%)`; a stated total shows what it added: `=45 (+15)`."""
    change = f"+{item.value}" if item.value >= 0 else str(item.value)
    said = change if item.stated_total is None else f"={item.stated_total} ({change})"
    if item.target:
        percent = (200 * item.achieved + item.target) // (2 * item.target)
        return f"{item.label} {said} → {item.achieved}/{item.target} ({percent}%)"
    return f"{item.label} {said} → {item.achieved}"


def held_line(language: str, item: Held, example_code: str) -> str:
    text = " ".join(item.text.split())
    if len(text) > 60:
        text = text[:57] + "..."
    why = TEXT(language, item.reason, bound=item.detail, earlier=item.detail)
    if item.reason in _PARSE_REASONS:
        value = item.value if item.value is not None and item.value >= 0 else 12
        example = f"/bc {item.indicator or example_code} {value}"
        return TEXT(language, "not_understood", text=text, why=why, example=example)
    return TEXT(language, "held", text=text, why=why)


def report_reply(
    language: str,
    team: str | None,
    counted: list[Counted],
    held: list[Held],
    example_code: str,
    unresolved: str | None = None,
) -> str:
    lines: list[str] = []
    if unresolved is not None:
        lines.append(TEXT(language, unresolved))
    if counted:
        lines.append(TEXT(language, "recorded", team=team))
        lines.extend(count_line(item) for item in counted)
    lines.extend(held_line(language, item, example_code) for item in held)
    return "\n".join(lines)


def deadline_reply(
    language: str, key: str, *, team: str, on_time: bool, due: date, **values: str
) -> str:
    state = TEXT(language, "on_time" if on_time else "late")
    return TEXT(language, key, team=team, state=state, due=due.strftime("%d/%m/%Y"), **values)


def reply_to(
    channel: str,
    chat_id: str,
    message_id: str,
    edit_version: int,
    text: str,
    *,
    again: bool = False,
    ask_phone: bool = False,
) -> Outbound:
    """The reply to one version of one message; an edit gets its own key and its own reply.

    A message processed `again` (held until its sender was known) gets a second reply,
    under a key of its own: the first one said it was held."""
    key = f"reply:{channel}:{chat_id}:{message_id}:{edit_version}" + (":again" if again else "")
    return Outbound(
        channel=channel,
        chat_id=chat_id,
        text=text,
        idempotency_key=key,
        kind="ask_phone" if ask_phone else "reply",
        reply_to=message_id,
        ask_phone=ask_phone,
    )


def outbox_row(out: Outbound, now: datetime) -> dict[str, Any]:
    return {
        "idempotency_key": out.idempotency_key,
        "kind": out.kind,
        "channel": out.channel,
        "chat_id": out.chat_id,
        "reply_to": out.reply_to,
        "text": out.text,
        "status": "pending",
        "attempts": 0,
        "created_at": now,
    }


def queue(session: Session, rows: list[dict[str, Any]]) -> int:
    """Put replies in the outbox, skipping a key already there: a reply goes out once."""
    if not rows:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(OutboxMessage)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(OutboxMessage)
    statement = statement.on_conflict_do_nothing(index_elements=["idempotency_key"])
    return len(session.execute(statement.returning(OutboxMessage.id), rows).all())
