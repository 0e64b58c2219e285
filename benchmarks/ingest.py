"""Ingest benchmark: a generated Telegram Desktop export into a fresh SQLite store.

    .venv/bin/python benchmarks/ingest.py [--messages 200000] [--seed 7] [--analysed]

Generates a deterministic full export (many village groups; reports from members in
several styles, ordinary chat, service messages, reports from residents, edits),
times `tracker ingest` on it in-process (recording and processing), then times a bare
sqlite3 `executemany` of the same rows into a table of the journal's shape, and prints
messages per second and the ratio between the two.

`--analysed` ingests into a store that already holds a year of history (as many journal
rows as the file has messages, two counted entries each, and the first version of every
message the file holds edited, so that each edit replaces counted entries) and has
planner statistics (`ANALYZE`): where a query no index serves scans the whole history
(issue 18: edits on an analysed store made ingest ten times slower).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.config import Settings
from tracker.ingest import ingest, open_source
from tracker.periods import Period
from tracker.store.engine import make_engine, session_factory
from tracker.store.migrate import upgrade
from tracker.store.models import (
    Chat,
    Indicator,
    Member,
    MemberAccount,
    Quota,
    Team,
    Unit,
)

TEAMS = 400
INDICATORS = {
    "ttdt": ["thanh toán điện tử", "ví điện tử", "ttđt"],
    "dvc": ["dịch vụ công", "hồ sơ trực tuyến"],
    "vneid": ["VNeID", "định danh điện tử"],
    "ocop": ["sản phẩm OCOP"],
    "ssk": ["sổ sức khỏe điện tử"],
}
CHATTER = [
    "Dạ vâng ạ",
    "Mai họp ở nhà văn hóa lúc 8h nhé",
    "Ok anh",
    "Cả nhà nhớ hướng dẫn bà con cài VNeID nhé",
    "👍",
    "Hôm nay mưa to quá",
    "Em gửi danh sách hộ chưa có tài khoản",
]
START = datetime(2026, 10, 1, 1, 0, tzinfo=UTC)


def build_store(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    month = Period.parse("2026-10")
    with session_factory(engine).begin() as session:
        province = Unit(code="P", name="Tỉnh", level="province")
        commune = Unit(code="C", name="Xã", level="commune", parent=province, households=9000)
        session.add_all([province, commune])
        indicators = [
            Indicator(code=code, name=code, pillar="economy", unit="hộ", aliases=aliases)
            for code, aliases in INDICATORS.items()
        ]
        session.add_all(indicators)
        for number in range(TEAMS):
            village = Unit(
                code=f"V{number}",
                name=f"Thôn {number}",
                level="village",
                parent=commune,
                households=300,
            )
            team = Team(code=f"T{number}", name=f"Tổ {number}", level="village", units=[village])
            session.add_all([village, team])
            for seat in range(5):
                member = Member(team=team, name=f"Người {number}-{seat}")
                member.accounts.append(
                    MemberAccount(channel="telegram", user_id=_user(number, seat))
                )
                session.add(member)
            session.add(Chat(channel="telegram", chat_id=f"-100{9000 + number}", team=team))
            for indicator in indicators[:2]:
                session.add(
                    Quota(
                        team=team,
                        indicator=indicator,
                        period=str(month),
                        starts_on=month.start,
                        ends_on=month.end,
                        target_kind="count",
                        target_value=Decimal(500),
                        resolved_target=500,
                    )
                )
    engine.dispose()


def _user(team: int, seat: int) -> str:
    return str(100000 + team * 10 + seat)


def generate(count: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    chats: list[list[dict[str, object]]] = [[] for _ in range(TEAMS)]
    codes = list(INDICATORS)
    for number in range(count):
        team = rng.randrange(TEAMS)
        messages = chats[team]
        moment = START.timestamp() + number * 13  # about 30 days for 200,000 messages
        message: dict[str, object] = {
            "id": len(messages) + 1,
            "type": "message",
            "date": datetime.fromtimestamp(moment).isoformat(),
            "date_unixtime": str(int(moment)),
            "from": "Thành viên",
            "from_id": f"user{_user(team, rng.randrange(5))}",
        }
        roll = rng.random()
        if roll < 0.02:
            message.update(type="service", actor="Ai đó", actor_id=message.pop("from_id"))
            message.update(action="invite_members", text="")
        elif roll < 0.35:
            picked = rng.sample(codes, rng.randint(1, 3))
            style = rng.random()
            if style < 0.5:
                text = "/bc " + ", ".join(f"{code} {rng.randint(1, 15)}" for code in picked)
            elif style < 0.8:
                aliases = [rng.choice(INDICATORS[code]) for code in picked]
                body = "\n".join(f"{alias}: {rng.randint(1, 15)} hộ" for alias in aliases)
                text = "Báo cáo:\n" + body
            else:
                text = [{"type": "bold", "text": "#bc"}, f" {picked[0]} +{rng.randint(1, 9)}"]
            message["text"] = text
            if rng.random() < 0.05:
                message["edited"] = message["date"]
                message["edited_unixtime"] = str(int(moment) + 120)
            if rng.random() < 0.03:
                message["from_id"] = f"user{rng.randint(900000, 999999)}"  # a resident
        else:
            message["text"] = rng.choice(CHATTER)
        messages.append(message)
    return {
        "about": "generated by benchmarks/ingest.py",
        "chats": {
            "about": "",
            "list": [
                {
                    "name": f"CNCĐ_Thôn {n}",
                    "type": "private_supergroup",
                    "id": 9000 + n,
                    "messages": chats[n],
                }
                for n in range(TEAMS)
            ],
        },
    }


def add_history(url: str, path: Path, count: int) -> int:
    """A year of counted reports before the file's month, and the first versions of the
    file's edited messages (counted, with entries); then ANALYZE. Returns the entries."""
    from sqlalchemy import select

    from tracker.clock import local_date
    from tracker.store.models import InboundMessage, ReportEntry

    engine = make_engine(url)
    journal, entries = InboundMessage.__table__, ReportEntry.__table__
    edited = [m for m in open_source(path).messages if m.edit_version and not m.service]
    rng = random.Random(count)
    with engine.begin() as connection:
        bindings = connection.execute(select(Chat.chat_id, Chat.team_id))
        teams = {chat: team for chat, team in bindings}
        indicators = list(connection.scalars(select(Indicator.id)))
        chats = sorted(teams)
        messages: list[dict[str, object]] = []
        lines: list[dict[str, object]] = []

        def report(chat: str, number: str, version: int, at: datetime) -> None:
            row_id = len(messages) + 1
            messages.append(
                {
                    "id": row_id,
                    "channel": "telegram",
                    "chat_id": chat,
                    "message_id": number,
                    "edit_version": version,
                    "sender_id": None,
                    "text": "/bc ttdt 1, dvc 2",
                    "sent_at": at,
                    "received_at": at,
                    "raw": {},
                    "status": "counted",
                    "processed_at": at,
                    "source": "import",
                    "forwarded": False,
                }
            )
            for indicator in rng.sample(indicators, 2):
                lines.append(
                    {
                        "team_id": teams[chat],
                        "indicator_id": indicator,
                        "local_date": local_date(at),
                        "value": rng.randint(1, 9),
                        "sent_at": at,
                        "message_id": row_id,
                        "created_at": at,
                    }
                )

        year = START.timestamp() - 365 * 86400
        for number in range(count):
            at = datetime.fromtimestamp(year + number * (365 * 86400 / count), UTC)
            report(rng.choice(chats), f"h{number}", 0, at)
        for message in edited:  # the version the bot saw live, before the edit
            report(message.chat_id, message.message_id, 0, message.sent_at)
        connection.execute(journal.insert(), messages)
        connection.execute(entries.insert(), lines)
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return len(lines)


def bare_sqlite(path: Path, folder: Path) -> tuple[float, float]:
    """The same rows into a table of the journal's shape with plain sqlite3."""
    source = open_source(path)
    rows = [
        (
            m.channel,
            m.chat_id,
            m.message_id,
            m.edit_version,
            m.sender_id,
            m.sender_name,
            m.text,
            m.sent_at.isoformat(),
            m.sent_at.isoformat(),
            json.dumps(dict(m.raw)),
            "pending",
        )
        for m in source.messages
    ]
    connection = sqlite3.connect(folder / "bare.db")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE inbound_messages (id INTEGER PRIMARY KEY, channel TEXT, chat_id TEXT,"
        " message_id TEXT, edit_version INTEGER, sender_id TEXT, sender_name TEXT, text TEXT,"
        " sent_at TEXT, received_at TEXT, raw TEXT, status TEXT, reason TEXT, processed_at TEXT,"
        " UNIQUE (channel, chat_id, message_id, edit_version))"
    )
    connection.execute("CREATE INDEX ix_status ON inbound_messages (status)")
    started, cpu = time.perf_counter(), time.process_time()
    with connection:
        connection.executemany(
            "INSERT OR IGNORE INTO inbound_messages (channel, chat_id, message_id, edit_version,"
            " sender_id, sender_name, text, sent_at, received_at, raw, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    connection.close()
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument(
        "--analysed",
        action="store_true",
        help="ingest into a store holding a year of history, with planner statistics (ANALYZE)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tracker-bench-ingest-") as name:
        folder = Path(name)
        path = folder / "result.json"
        path.write_text(json.dumps(generate(args.messages, args.seed), ensure_ascii=False))
        url = f"sqlite:///{folder / 'tracker.db'}"
        build_store(url)
        if args.analysed:
            lines = add_history(url, path, args.messages)
            print(
                f"store: {args.messages:,} journal rows and {lines:,} entries of history, ANALYZEd"
            )
        engine = make_engine(url)
        sessions = session_factory(engine)
        settings = Settings(db_url=url)
        started, cpu = time.perf_counter(), time.process_time()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        result = ingest(sessions, settings, open_source(path))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        if args.profile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        stats = result.processed
        print(
            f"tracker ingest: {result.read} messages in {elapsed:.2f} s = "
            f"{result.read / elapsed:,.0f} msg/s; CPU {cpu:.2f} s = {result.read / cpu:,.0f} "
            f"msg/s (counted {stats.counted}, review {stats.review}, ignored {result.ignored}, "
            f"failed {stats.failed})"
        )
        bare, bare_cpu = bare_sqlite(path, folder)
        print(
            f"bare sqlite3 executemany: {bare:.2f} s = {result.read / bare:,.0f} rows/s "
            f"(CPU {bare_cpu:.2f} s); tracker ingest takes {elapsed / bare:.1f}× as long "
            f"({cpu / bare_cpu:.1f}× the CPU)"
        )
        print(
            f"target ≥ 5,000 msg/s{' on an analysed store' if args.analysed else ''}: "
            f"{'met' if result.read / elapsed >= 5000 else 'NOT met'}"
            f" (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
