"""Processing in batches gives what processing one message at a time gives (issue 18 item 4).

A batch reads its team-months, approvals and edits together and writes its entries and
statuses together; none of that may change what a message comes to. The same journal is
processed once one message per batch and once in a single batch, on the same store
(emptied in between), and everything a user can see is compared: each row's state and
reason, the entries and what replaced them, the review inbox, the replies, the totals.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from tests.factories import build_world
from tests.pipeline_helpers import TEAM_CHAT, UNIT_CHAT, msg, totals
from tracker.config import Settings
from tracker.journal import record
from tracker.messages import Inbound
from tracker.monthly.decisions import APPROVED
from tracker.reports.pipeline import process_pending
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import (
    InboundMessage,
    Indicator,
    MonthlyDecision,
    OutboxMessage,
    ReportEntry,
    ReviewItem,
    Team,
)

AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def earlier_run() -> list[Inbound]:
    """Reports processed by a run before the one compared: edits below replace them."""
    return [
        msg(1, "/bc ttdt 5", sender="1002", at=AT),
        msg(2, "/bc dvc 3", sender="1001", at=AT + timedelta(minutes=1)),
        msg(3, "/bc ttdt 4", sender="1003", chat=UNIT_CHAT, at=AT + timedelta(minutes=2)),
    ]


def one_run() -> list[Inbound]:
    """What one run meets at once: edits, duplicates, unknown senders and the rest."""
    at = AT + timedelta(hours=1)
    return [
        msg(1, "/bc ttdt 7", sender="1002", at=AT, version=1),  # an edit of a counted report
        msg(2, "Cảm ơn cả nhà", sender="1001", at=AT + timedelta(minutes=1), version=1),
        msg(10, "/bc ttdt 2", sender="1002", at=at),  # a report and its edit, together
        msg(10, "/bc ttdt 6", sender="1002", at=at, version=1),
        msg(11, "/bc dvc 1", sender="1001", at=at + timedelta(minutes=1)),
        msg(11, "/bc dvc 1", sender="1001", at=at + timedelta(minutes=1)),  # delivered twice
        msg(2, "/bc dvc 3", sender="1001", at=AT + timedelta(minutes=1)),  # already journalled
        msg(12, "/bc ttdt 3", sender="9999", at=at + timedelta(minutes=2)),  # unknown sender
        msg(13, "/bc ttdt =20", sender="1002", at=at + timedelta(minutes=3)),  # a stated total
        msg(14, "/bc ttdt 1", sender="1001", at=AT - timedelta(minutes=5)),  # arrives late
        msg(15, "Dạ vâng ạ", sender="1002", at=at + timedelta(minutes=4)),
        # Phú Khê's approved month: the report and the edit wait for an officer.
        msg(16, "/bc dvc 2", sender="1003", chat=UNIT_CHAT, at=at + timedelta(minutes=5)),
        msg(
            3, "/bc ttdt 9", sender="1003", chat=UNIT_CHAT, at=AT + timedelta(minutes=2), version=1
        ),
        msg(17, "/bc ttdt 2", sender="9998", chat=UNIT_CHAT, at=at + timedelta(minutes=6)),
    ]


def key(row: Any) -> tuple[str, str, int]:
    return (row.chat_id, row.message_id, row.edit_version)


def outcome(sessions: sessionmaker[Session]) -> dict[str, Any]:
    """What the store holds, named by message (chat, id, version), never by row id."""
    replacing = aliased(InboundMessage)
    with sessions() as session:
        journal = session.execute(select(InboundMessage)).scalars().all()
        by_id = {row.id: key(row) for row in journal}
        entries = session.execute(
            select(
                Team.code,
                Indicator.code,
                ReportEntry.local_date,
                ReportEntry.value,
                ReportEntry.stated_total,
                ReportEntry.message_id,
                ReportEntry.superseded_by_id,
            )
            .join(Team, ReportEntry.team_id == Team.id)
            .join(Indicator, ReportEntry.indicator_id == Indicator.id)
            .outerjoin(replacing, replacing.id == ReportEntry.superseded_by_id)
        ).all()
        reviews = session.execute(
            select(
                ReviewItem.message_id,
                ReviewItem.reason,
                ReviewItem.text,
                ReviewItem.value,
                ReviewItem.status,
            )
        ).all()
        replies = session.execute(
            select(OutboxMessage.chat_id, OutboxMessage.reply_to, OutboxMessage.text)
        ).all()
        return {
            "journal": sorted(((key(row), row.status, row.reason) for row in journal), key=repr),
            "entries": sorted(
                (
                    (team, code, day, value, stated, by_id.get(message), by_id.get(cause))
                    for team, code, day, value, stated, message, cause in entries
                ),
                key=repr,
            ),
            "reviews": sorted(
                (
                    (by_id[message], reason, text, value, status)
                    for message, reason, text, value, status in reviews
                ),
                key=repr,
            ),
            "replies": sorted(replies, key=repr),
            "totals": totals(session),
        }


def empty(sessions: sessionmaker[Session]) -> None:
    """The store as the world left it: no journal, entries, reviews, replies nor decisions."""
    with sessions.begin() as session:
        for model in (OutboxMessage, ReviewItem, ReportEntry, InboundMessage, MonthlyDecision):
            session.execute(delete(model))


def run(sessions: sessionmaker[Session], settings: Settings, batch_size: int) -> dict[str, Any]:
    with sessions.begin() as session:
        record(session, earlier_run())
    process_pending(sessions, settings, batch_size=batch_size)
    with sessions.begin() as session:  # then an officer approved Phú Khê's November
        team = session.scalars(select(Team).where(Team.code == "CNCD_PhuKhe_NguHung")).one()
        session.add(
            MonthlyDecision(team=team, month="2026-11", status=APPROVED, decided_by="cán bộ")
        )
    with sessions.begin() as session:
        found = record(session, one_run())
    assert (found.new, found.known) == (12, 2)
    stats = process_pending(sessions, settings, batch_size=batch_size)
    assert stats.failed == 0, stats.failures
    result = outcome(sessions)
    result["stats"] = (stats.counted, stats.review, stats.ignored, stats.entries)
    return result


def test_a_batch_comes_to_what_one_message_at_a_time_comes_to(db_url: str) -> None:
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    settings = Settings(db_url=db_url)
    with sessions.begin() as session:
        build_world(session)

    one_by_one = run(sessions, settings, batch_size=1)
    empty(sessions)
    batched = run(sessions, settings, batch_size=500)

    assert batched == one_by_one
    # And it is the right outcome, not the same mistake twice.
    journal = {row[0]: row[1:] for row in batched["journal"]}
    assert journal[(TEAM_CHAT, "1", 0)][0] == "ignored"  # replaced by its edit
    assert journal[(TEAM_CHAT, "1", 1)] == ("counted", None)
    assert journal[(TEAM_CHAT, "10", 0)][0] == "ignored"
    assert journal[(TEAM_CHAT, "10", 1)] == ("counted", None)
    assert journal[(TEAM_CHAT, "12", 0)] == ("review", "unknown_sender")
    assert journal[(UNIT_CHAT, "16", 0)] == ("review", "after_approval")
    assert journal[(UNIT_CHAT, "3", 1)][0] == "review"  # an edit of an approved month
    assert journal[(TEAM_CHAT, "15", 0)] == ("ignored", "not a report")
    counted = [row for row in batched["entries"] if row[6] is None]
    assert sum(1 for row in counted if row[5] == (TEAM_CHAT, "11", 0)) == 1  # not twice
    # ttdt of Hội Yên: the late 1 and the edited 7 before the stated total 20, which
    # therefore counts 12; the edit of message 10 (6) comes before it too.
    assert batched["totals"][("CNCD_HoiYen_NguHung", "ttdt")] == 20
    # The approved month keeps the 4 of message 3 until an officer accepts the edit.
    assert batched["totals"][("CNCD_PhuKhe_NguHung", "ttdt")] == 4
    engine.dispose()


@pytest.mark.parametrize("writer", ["same engine", "another engine"])
def test_a_write_between_batches_is_seen_by_the_next(db_url: str, writer: str) -> None:
    """The ledger keeps a team's month across batches and, on SQLite, checks it again only
    when someone else wrote: an officer's entry committed between two batches, through
    the processor's own pooled connection or another one, counts before a stated total."""
    engine = make_engine(db_url)
    other = engine if writer == "same engine" else make_engine(db_url)
    sessions, officers = session_factory(engine), session_factory(other)
    settings = Settings(db_url=db_url)
    with sessions.begin() as session:
        build_world(session)
        team = session.scalars(select(Team.id).where(Team.code == "CNCD_HoiYen_NguHung")).one()
        ttdt = session.scalars(select(Indicator.id).where(Indicator.code == "ttdt")).one()
        record(
            session,
            [
                msg(1, "/bc ttdt 5", sender="1002", at=AT),
                msg(2, "/bc ttdt =20", sender="1002", at=AT + timedelta(hours=2)),
            ],
        )
    written = []

    def officer_enters(_done: int) -> None:
        if written:
            return
        with officers.begin() as session:  # accepted from the review inbox, say
            at = AT + timedelta(hours=1)
            session.add(
                ReportEntry(
                    team_id=team,
                    indicator_id=ttdt,
                    local_date=at.date(),
                    value=4,
                    sent_at=at,
                    officer="cán bộ",
                )
            )
        written.append(True)

    stats = process_pending(sessions, settings, batch_size=1, progress=officer_enters)

    assert (stats.counted, written) == (2, [True])
    with sessions() as session:
        assert totals(session)[("CNCD_HoiYen_NguHung", "ttdt")] == 20  # 5 + 4 + 11
        stated = session.scalars(
            select(ReportEntry.value).where(ReportEntry.stated_total == 20)
        ).one()
    assert stated == 11
    engine.dispose()
    other.dispose()
