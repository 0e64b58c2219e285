"""`tracker leaderboard` and `tracker digest` when teams have no quota in the period: the
1st of a month before its quotas are set, and a team set up after the quotas were."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.store.models import Team, Unit

NEW_TEAM = "CNCD_DT"


@pytest.fixture
def store(sqlite_tracker: Tracker) -> Tracker:
    with sqlite_tracker.sessions().begin() as session:
        build_world(session, "2026-11")
        dt = session.scalars(select(Unit).where(Unit.code == "DT")).one()
        session.add(Team(code=NEW_TEAM, name="Tổ CNSCĐ xã Đoàn Tùng", level="commune", units=[dt]))
    return sqlite_tracker


@pytest.mark.parametrize(("period", "day"), [("2026-12", "2026-12-01"), ("2026-11", "2026-11-22")])
def test_the_leaderboard_lists_teams_without_quotas_unranked(
    store: Tracker, period: str, day: str
) -> None:
    args = ("leaderboard", "--scope", "HD", "--period", period, "--date", day)
    document = json.loads(store.ok(*args, "--format", "json").output)
    new = next(team for team in document["teams"] if team["team"] == NEW_TEAM)
    assert new["rank"] is None and new["score"] is None and new["indicators"] == {}
    assert len(document["teams"]) == 5
    plain = store.ok(*args, "--format", "csv", "--csv-dialect", "comma").output
    table = list(csv.DictReader(io.StringIO(plain)))
    assert [row["score"] for row in table if row["team"] == NEW_TEAM] == [""]
    for output_format in ("table", "md", "html"):
        assert NEW_TEAM in store.ok(*args, "--format", output_format).output


def test_the_digest_counts_teams_without_quotas(store: Tracker) -> None:
    first = store.ok("digest", "--scope", "DT", "--date", "2026-12-01").output
    assert "Chưa có tổ nào có chỉ tiêu tháng này." in first
    assert "(2 tổ chưa có chỉ tiêu)" in first
    later = store.ok("digest", "--scope", "DT", "--date", "2026-11-22").output
    assert "1. CNCĐ_Đông Tảo_Đoàn Tùng" in later and "(1 tổ chưa có chỉ tiêu)" in later
    team = store.ok("digest", "--scope", NEW_TEAM, "--date", "2026-11-22").output
    assert "Tổ chưa có chỉ tiêu tháng này." in team
