"""Stand-ins for the report pipeline and the digests, used only while the real
`tracker.reports.pipeline` and `tracker.digest` are not on this branch.

They keep the contract's shape (CONTRACTS §4, §7): a `/bc` report from a registered
member is counted and answered; from anyone else it goes to review and is answered;
other chat is ignored. Everything for a batch happens in one transaction.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from tracker.clock import local_date, utcnow
from tracker.messages import Outbound
from tracker.store.models import (
    InboundMessage,
    Indicator,
    MemberAccount,
    MessageStatus,
    ReportEntry,
    ReviewItem,
    Team,
    Unit,
)
from tracker.sync.outbox import queue

_ITEM = re.compile(r"([a-z]+)\s+(\d+)")


def process_pending(sessions: sessionmaker[Session], settings: Any) -> dict[str, int]:
    counted = review = 0
    with sessions.begin() as session:
        indicators = {i.code: i.id for i in session.scalars(select(Indicator))}
        teams = {
            (a.channel, a.user_id): a.member.team_id for a in session.scalars(select(MemberAccount))
        }
        rows = session.scalars(
            select(InboundMessage)
            .where(InboundMessage.status == MessageStatus.PENDING)
            .order_by(InboundMessage.id)
        ).all()
        entries: list[dict[str, Any]] = []
        replies: list[Outbound] = []
        now = utcnow()
        for row in rows:
            row.processed_at = now
            text = row.text.strip()
            if not text.lower().startswith("/bc"):
                row.status = MessageStatus.IGNORED
                continue
            team_id = teams.get((row.channel, row.sender_id or ""))
            if team_id is None:
                row.status = MessageStatus.REVIEW
                session.add(ReviewItem(message_id=row.id, reason="unknown_sender", text=text))
                reply = "Chưa rõ người gửi: báo cáo chờ cán bộ xem xét."
                review += 1
            else:
                items = [(c, int(n)) for c, n in _ITEM.findall(text[3:].lower()) if c in indicators]
                entries += [
                    {
                        "team_id": team_id,
                        "indicator_id": indicators[code],
                        "local_date": local_date(row.sent_at),
                        "value": value,
                        "sent_at": row.sent_at,
                        "message_id": row.id,
                        "created_at": now,
                    }
                    for code, value in items
                ]
                row.status = MessageStatus.COUNTED
                reply = "Đã ghi: " + ", ".join(f"{c} +{v}" for c, v in items)
                counted += 1
            key = f"reply:{row.channel}:{row.chat_id}:{row.message_id}"
            if row.edit_version:
                key += f":v{row.edit_version}"
            replies.append(
                Outbound(row.channel, row.chat_id, reply, key, "reply", reply_to=row.message_id)
            )
        if entries:
            session.execute(insert(ReportEntry), entries)
        queue(session, replies)
    return {"counted": counted, "review": review}


def build_unit_digest(session: Session, unit: Unit, day: date, settings: Any) -> dict[str, Any]:
    return {"scope": unit.code, "date": day.isoformat()}


def build_team_digest(session: Session, team: Team, day: date, settings: Any) -> dict[str, Any]:
    return {"scope": team.code, "date": day.isoformat()}


def render_digest(digest: dict[str, Any], language: str, limit: int) -> list[str]:
    return [f"📊 Bảng tin {digest['scope']} ngày {digest['date']}"]


def install() -> list[str]:
    """Put the stand-ins in place of whichever real module is missing; their names."""
    installed = []
    if importlib.util.find_spec("tracker.reports") is None or not _has("tracker.reports.pipeline"):
        module = types.ModuleType("tracker.reports.pipeline")
        module.process_pending = process_pending  # type: ignore[attr-defined]
        sys.modules["tracker.reports.pipeline"] = module
        installed.append(module.__name__)
    if not _has("tracker.digest"):
        module = types.ModuleType("tracker.digest")
        for name in ("build_unit_digest", "build_team_digest", "render_digest"):
            setattr(module, name, globals()[name])
        sys.modules["tracker.digest"] = module
        installed.append(module.__name__)
    return installed


def _has(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False
