"""End to end: loopback Telegram and Zalo servers, `tracker sync --once --now …`."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.e2e.conftest import Live
from tracker.store.models import InboundMessage, OutboxMessage, ReportEntry, ReviewItem

NOW = "2026-11-22T17:30"  # after 17:00 digest time; village reports were due on the 18th
ZERO = "received 0, counted 0, review 0, queued 0, sent 0, failed 0"


def _post_the_day(live: Live) -> None:
    team_chat, commune_chat = "-1001000000002", "-1001000000001"
    tg = live.telegram
    tg.post(team_chat, "1001", "/bc ttdt 12, dvc 5", name="Nguyễn Văn An")
    tg.post(team_chat, "1002", "/bc ttdt 3", name="Trần Thị Bình")
    tg.post(team_chat, "5555", "/bc ttdt 4", name="Người Lạ")  # not a member: review
    tg.post(team_chat, "1001", "chào cả nhà, mai họp nhé")  # chat: kept, not answered
    tg.post(commune_chat, "1003", "/bc dvc 2", name="Lê Văn Cường")
    live.zalo.post("zg-1", "z1004", "/bc ttdt 7")
    live.zalo.post("zg-1", "z9999", "/bc ttdt 1", name="Ai Đó")  # review


def _sync(live: Live) -> str:
    result = live.tracker.ok("sync", "--once", "--now", NOW, "--no-pacing")
    lines = [line for line in result.stderr.splitlines() if "sync:" in line]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_once_counts_replies_and_posts_one_digest_per_chat(live_any: Live) -> None:
    live = live_any
    _post_the_day(live)
    line = _sync(live)
    assert "received 7," in line and "failed 0" in line

    with live.tracker.sessions()() as session:
        statuses = dict(
            session.execute(
                select(InboundMessage.status, func.count()).group_by(InboundMessage.status)
            ).all()
        )
        assert statuses == {"counted": 4, "review": 2, "ignored": 1}
        assert session.scalar(select(func.count()).select_from(ReportEntry)) == 5
        assert session.scalar(select(func.count()).select_from(ReviewItem)) == 2
        outbox = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert {o.status for o in outbox} == {"sent"} and all(o.external_id for o in outbox)

    # A reply to every report, as a reply to it where the platform has replies.
    tg_replies = live.telegram.replies()
    reports = [
        u["message"]["message_id"]
        for u in live.telegram.updates
        if u["message"]["text"].startswith("/bc")
    ]
    assert sorted(r.reply_to for r in tg_replies) == sorted(reports)
    zalo_replies = [o for o in outbox if o.kind == "reply" and o.channel == "zalo"]
    assert len(zalo_replies) == 2
    assert {o.external_id for o in zalo_replies} <= {s.message_id for s in live.zalo.sent}

    # Exactly one digest per bound chat, and the overdue village teams flagged above them.
    digests = [(o.channel, o.chat_id) for o in outbox if o.kind == "digest"]
    assert sorted(digests) == [
        ("telegram", "-1001000000001"),
        ("telegram", "-1001000000002"),
        ("zalo", "zg-1"),
    ]
    flags = sorted((o.idempotency_key, o.chat_id) for o in outbox if o.kind == "overdue")
    assert flags == [
        ("overdue:CNCD_DongTao_DoanTung:2026-11", "zg-1"),
        ("overdue:CNCD_HoiYen_NguHung:2026-11", "-1001000000001"),
        ("overdue:CNCD_PhuKhe_NguHung:2026-11", "-1001000000001"),
    ]
    sent_total = len(live.telegram.sent) + len(live.zalo.sent)
    assert sent_total == len(outbox) == 12

    # Again: nothing changes, nothing is sent, even when every update comes again.
    assert _sync(live).endswith(ZERO)
    live.telegram.redeliver()
    assert _sync(live).endswith(ZERO)
    assert len(live.telegram.sent) + len(live.zalo.sent) == sent_total
    with live.tracker.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 7
        assert session.scalar(select(func.count()).select_from(ReportEntry)) == 5
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 12


def test_before_digest_time_only_replies_go_out(live: Live) -> None:
    live.telegram.post("-1001000000002", "1001", "/bc ttdt 1")
    result = live.tracker.ok("sync", "--once", "--now", "2026-11-22T16:59", "--no-pacing")
    assert "queued 0, sent 1," in result.stderr
    assert [s.reply_to is not None for s in live.telegram.sent] == [True]
