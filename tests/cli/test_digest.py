"""`tracker digest`: exact text and JSON, the team digest, and queueing to the outbox."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.golden import assert_golden
from tracker.config import load_settings
from tracker.digest import build_unit_digest, digest_for_team, render_digest
from tracker.standing import overdue_teams, rollup
from tracker.store.models import OutboxMessage, Team, Unit

DAY = ("--date", "2026-11-22")


def test_unit_digest_text_in_vietnamese(world: Tracker) -> None:
    assert_golden("digest_HD.vi.txt", world.ok("digest", "--scope", "HD", *DAY).output)


def test_unit_digest_text_in_english(world: Tracker, tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "tracker.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    output = world.ok("--config", str(config), "digest", "--scope", "NH", *DAY).output
    assert_golden("digest_NH.en.txt", output)


def test_unit_digest_json_follows_the_contract(world: Tracker) -> None:
    output = world.ok("digest", "--scope", "HD", *DAY, "--format", "json").output
    assert_golden("digest_HD.json", output)
    document = json.loads(output)
    assert list(document) == ["scope", "date", "period", "ranking", "overdue", "totals"]
    assert document["totals"] == {
        "dvc": {"target": 60, "achieved": 55},
        "ttdt": {"target": 285, "achieved": 125},
    }
    assert document["overdue"][0] == {
        "team": "CNCD_DongTao_DoanTung",
        "name": "CNCĐ_Đông Tảo_Đoàn Tùng",
        "due": "2026-11-18",
        "days_late": 4,
    }


def test_team_digest_text(world: Tracker) -> None:
    output = world.ok("digest", "--scope", "CNCD_HoiYen_NguHung", *DAY).output
    assert_golden("digest_team.vi.txt", output)
    assert "Hạng 2/2 trong Xã Ngũ Hùng" in output


def test_digest_counts_only_up_to_its_date(world: Tracker) -> None:
    document = json.loads(
        world.ok("digest", "--scope", "NH", "--date", "2026-11-20", "--format", "json").output
    )
    # PhuKhe's 8 dvc on the 22nd and HoiYen's 15 ttdt on the 21st are not there yet.
    assert document["totals"]["dvc"]["achieved"] == 37
    assert document["totals"]["ttdt"]["achieved"] == 110


def test_post_queues_once_per_chat_and_day(world: Tracker) -> None:
    first = world.ok("digest", "--scope", "NH", *DAY, "--post")
    assert "queued 1 message(s)" in first.stderr
    again = world.ok("digest", "--scope", "NH", *DAY, "--post")
    assert "queued 0 message(s)" in again.stderr
    with world.sessions()() as session:
        rows = session.scalars(select(OutboxMessage)).all()
    assert [(r.kind, r.idempotency_key) for r in rows] == [
        ("digest", "digest:telegram:-1001000000001:2026-11-22")
    ]
    # Queued as plain text: the Telegram adapter escapes it for HTML parse mode when sending.
    assert rows[0].text.startswith("📊 Bảng tin CNCĐ: Xã Ngũ Hùng\n")


def test_post_to_zalo_is_plain_text(world: Tracker) -> None:
    world.ok("digest", "--scope", "DT", *DAY, "--post")
    with world.sessions()() as session:
        row = session.scalars(select(OutboxMessage)).one()
    assert row.idempotency_key == "digest:zalo:zg-1:2026-11-22"
    # Zalo does not read HTML: the name is sent as written, not escaped.
    assert '=HYPERLINK("http://x") & <b>' in row.text and "<b>📊" not in row.text


def test_unknown_scope(world: Tracker) -> None:
    result = world("digest", "--scope", "NOPE")
    assert result.exit_code == 1 and "không có tổ hay đơn vị mã 'NOPE'" in result.output


def test_html_markup_escapes_names_and_parts_fit(world: Tracker) -> None:
    settings = load_settings(db_url=world.db_url)
    with world.sessions()() as session:
        unit = session.scalars(select(Unit).where(Unit.code == "HD")).one()
        digest = build_unit_digest(session, unit, date(2026, 11, 22), settings)
        assert digest.totals == rollup(session, unit, digest.period, until=date(2026, 11, 22))
        assert digest.overdue == overdue_teams(
            session, unit.id, date(2026, 11, 22), settings.deadlines
        )
    text = "\n\n".join(render_digest(digest, "vi", 4096, "html"))
    assert '=HYPERLINK("http://x") &amp; &lt;b&gt;' in text
    parts = render_digest(digest, "vi", 200, "html")
    assert len(parts) > 1 and all(len(part) <= 200 for part in parts)
    assert "\n\n".join(parts) == text


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_team_digest_of_a_team_without_quotas(world: Tracker) -> None:
    settings = load_settings(db_url=world.db_url)
    with world.sessions()() as session:
        team = session.scalars(select(Team).where(Team.code == "CNCD_NH")).one()
        digest = digest_for_team(session, team, date(2026, 11, 22), settings)
    text = render_digest(digest, "en", 4096, "plain")[0]
    assert "The team has no quotas this month." in text
    assert "Monthly report: 2 days late (due 2026-11-20)" in text


def test_digests_built_together_equal_those_built_alone(world: Tracker) -> None:
    from tracker.digest import build_unit_digests

    settings = load_settings(db_url=world.db_url)
    day = date(2026, 11, 22)
    with world.sessions()() as session:
        units = session.scalars(select(Unit).where(Unit.code.in_(["NH", "HD", "DT", "NH-1"]))).all()
        together = build_unit_digests(session, units, day, settings)
        alone = {unit.id: build_unit_digest(session, unit, day, settings) for unit in units}
    assert set(together) == set(alone)
    for unit_id, digest in alone.items():
        assert together[unit_id].as_json() == digest.as_json()
        assert render_digest(together[unit_id]) == render_digest(digest)
    by_code = {d.scope: d for d in together.values()}
    assert [r.team for r in by_code["DT"].ranking] == ["CNCD_DongTao_DoanTung", "X_HOSTILE"]
    assert [r.rank for r in by_code["NH-1"].ranking] == [1]


def test_unit_chat_digests_cover_every_active_unit_chat(world: Tracker) -> None:
    from tracker.digest import unit_chat_digests

    settings = load_settings(db_url=world.db_url)
    with world.sessions()() as session:
        pairs = unit_chat_digests(session, date(2026, 11, 22), settings)
        found = [(chat.chat_id, digest.scope) for chat, digest in pairs]
    assert found == [("-1001000000001", "NH"), ("zg-1", "DT")]
