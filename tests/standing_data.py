"""build_world plus counted entries, an edit, monthly reports and a hostile team name.

On 2026-11-22 (period 2026-11):
  HoiYen  ttdt 45/90, dvc 25/20   -> score 0.75   (monthly report on time, the 17th)
  PhuKhe  ttdt 80/75, dvc 20/20   -> score 1.0    (report late, the 19th)
  DongTao ttdt 0/120, dvc 10/20   -> score 0.25   (no report: overdue)
  "=HYPERLINK" team (DT-1)        -> no quotas
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import World, build_world
from tracker.store.models import InboundMessage, MonthlyReport, ReportEntry, Team, Unit


def populate(session: Session) -> World:
    world = build_world(session)
    teams, ind = world.teams, world.indicators
    message = InboundMessage(
        channel="telegram",
        chat_id="-1001000000002",
        message_id="77",
        sender_id="1001",
        sender_name="Nguyễn Văn An",
        text="/bc ttdt 40",
        sent_at=datetime(2026, 11, 5, 2, 0, tzinfo=UTC),
        raw={},
        status="counted",
    )
    edit = InboundMessage(
        channel="telegram",
        chat_id="-1001000000002",
        message_id="77",
        edit_version=1,
        sender_id="1001",
        sender_name="Nguyễn Văn An",
        text="/bc ttdt 30",
        sent_at=datetime(2026, 11, 5, 2, 0, tzinfo=UTC),
        raw={},
        status="counted",
    )
    session.add_all([message, edit])
    session.flush()
    rows = [
        # team, indicator, value, (month, day), message, superseded by
        ("CNCD_HoiYen_NguHung", "ttdt", 40, (11, 5), message, edit),  # replaced by the edit
        ("CNCD_HoiYen_NguHung", "ttdt", 30, (11, 5), edit, None),
        ("CNCD_HoiYen_NguHung", "ttdt", 15, (11, 21), None, None),
        ("CNCD_HoiYen_NguHung", "dvc", 25, (11, 6), None, None),
        ("CNCD_HoiYen_NguHung", "dvc", 99, (10, 31), None, None),  # October: not counted
        ("CNCD_PhuKhe_NguHung", "ttdt", 80, (11, 7), None, None),
        ("CNCD_PhuKhe_NguHung", "dvc", 12, (11, 10), None, None),
        ("CNCD_PhuKhe_NguHung", "dvc", 8, (11, 22), None, None),
        ("CNCD_DongTao_DoanTung", "dvc", 10, (11, 3), None, None),
    ]
    for team, code, value, (month, day), source, superseded in rows:
        session.add(
            ReportEntry(
                team=teams[team],
                indicator=ind[code],
                local_date=date(2026, month, day),
                value=value,
                sent_at=datetime(2026, month, day, 3, 0, tzinfo=UTC),
                message_id=source.id if source else None,
                officer=None if source else "Cán bộ xã",
                superseded_by_id=superseded.id if superseded else None,
            )
        )
    session.add_all(
        [
            MonthlyReport(
                team=teams["CNCD_HoiYen_NguHung"],
                month="2026-11",
                submitted_at=datetime(2026, 11, 17, 9, 0, tzinfo=UTC),
            ),
            MonthlyReport(
                team=teams["CNCD_PhuKhe_NguHung"],
                month="2026-11",
                submitted_at=datetime(2026, 11, 19, 9, 0, tzinfo=UTC),
            ),
        ]
    )
    village = session.scalars(select(Unit).where(Unit.code == "DT-1")).one()
    hostile = Team(code="X_HOSTILE", name='=HYPERLINK("http://x") & <b>', level="village")
    hostile.units = [village]
    session.add(hostile)
    session.flush()
    return world
