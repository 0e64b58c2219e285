"""The reply to each report, in Vietnamese by default and English by setting.

Replies are read on phones in a group chat: plain text, one short line per item, the
new period total against the quota, and for anything not counted, why and how to
write it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table
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
        "name_the_team": "Chưa tính: bạn thuộc nhiều tổ ({teams}). Hãy ghi mã hoặc tên tổ "
        'ngay sau từ khóa, ví dụ "{keyword} {example} …". Cán bộ sẽ xem lại tin này.',
        "digest_off": "Đã tắt bản tin riêng hằng ngày. Gõ /batbantin để bật lại.",
        "digest_on": "Đã bật bản tin riêng: mỗi ngày lúc {time} bot gửi kết quả của tổ "
        "vào đây. Gõ /tatbantin để tắt.",
        "digest_on_elsewhere": "Đã bật bản tin riêng. Hãy nhắn cho bot một tin riêng để "
        "nhận bản tin hằng ngày. Gõ /tatbantin để tắt.",
        "digest_unknown": "Bạn chưa có trong danh sách thành viên tổ nên chưa có bản tin "
        "riêng. Đăng ký bằng: /dangky <số điện thoại của bạn>",
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
        "name_the_team": "Not counted: you are in several teams ({teams}). Write the team's "
        'code or name right after the keyword, e.g. "{keyword} {example} …". An officer will '
        "review this message.",
        "digest_off": "Your daily private standing is off. Type /batbantin to turn it on.",
        "digest_on": "Your daily private standing is on: every day at {time} the bot sends "
        "your team's results here. Type /tatbantin to stop it.",
        "digest_on_elsewhere": "Your daily private standing is on. Send the bot a private "
        "message to receive it. Type /tatbantin to stop it.",
        "digest_unknown": "You are not on a team's list yet, so there is no private "
        "standing for you. Register with: /dangky <your phone number>",
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


def unresolved_line(
    language: str, why: str, teams: Sequence[tuple[str, str]] = (), keyword: str = "/bc"
) -> str:
    """Why a message has no team. A member of several teams (`teams`: code and name) in a
    chat that does not say which (a private chat) is told how to name it."""
    if why == "ambiguous_team" and teams:
        listed = ", ".join(f"{code} ({name})" for code, name in teams)
        return TEXT(language, "name_the_team", teams=listed, keyword=keyword, example=teams[0][0])
    return TEXT(language, why)


def report_reply(
    language: str,
    team: str | None,
    counted: list[Counted],
    held: list[Held],
    example_code: str,
    unresolved: str | None = None,
    teams: Sequence[tuple[str, str]] = (),
) -> str:
    lines: list[str] = []
    if unresolved is not None:
        lines.append(unresolved_line(language, unresolved, teams))
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
    # Core, not the ORM's bulk path: its bookkeeping of each new row's key cost a tenth
    # of processing a report.
    table = cast(Table, OutboxMessage.__table__)
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(table)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table)
    statement = statement.on_conflict_do_nothing(index_elements=["idempotency_key"])
    return len(session.execute(statement.returning(table.c.id), rows).all())
