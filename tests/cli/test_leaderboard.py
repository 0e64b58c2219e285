"""`tracker leaderboard`: exact output in every format, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Tracker
from tests.golden import assert_golden

ARGS = ("leaderboard", "--scope", "HD", "--period", "2026-11", "--date", "2026-11-22")


@pytest.mark.parametrize(
    ("output_format", "golden"),
    [
        ("table", "leaderboard.txt"),
        ("csv", "leaderboard.csv"),  # the scripts' dialect: `,`, English keys and codes
        ("md", "leaderboard.md"),
        ("json", "leaderboard.json"),
        ("html", "leaderboard.html"),
    ],
)
def test_leaderboard_formats(world: Tracker, output_format: str, golden: str) -> None:
    result = world.ok(*ARGS, "--format", output_format, "--csv-dialect", "comma")
    assert_golden(golden, result.output)


def test_json_follows_the_contract(world: Tracker) -> None:
    document = json.loads(world.ok(*ARGS, "--format", "json").output)
    assert document["scope"] == "HD" and document["period"] == "2026-11"
    first = document["teams"][0]
    assert set(first) == {"rank", "team", "name", "units", "score", "indicators", "monthly_report"}
    assert first["team"] == "CNCD_PhuKhe_NguHung" and first["score"] == 1.0
    # The edited report counts 30, not 40; October's 99 is not counted.
    hoi_yen = document["teams"][1]
    assert hoi_yen["indicators"] == {
        "dvc": {"target": 20, "achieved": 25},
        "ttdt": {"target": 90, "achieved": 45},
    }
    assert [t["rank"] for t in document["teams"]] == [1, 2, 3, None, None]
    assert document["teams"][-1]["score"] is None


def test_csv_is_safe_against_formula_injection(world: Tracker) -> None:
    output = world.ok(*ARGS, "--format", "csv", "--csv-dialect", "comma").output
    assert "\n,X_HOSTILE,\"'=HYPERLINK(" in output
    output = world.ok(*ARGS, "--format", "csv").output
    assert "\n;X_HOSTILE;\"'=HYPERLINK(" in output


def test_output_file(world: Tracker, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "bxh.md"
    world.ok(*ARGS, "--format", "md", "-o", str(target))
    assert target.read_text(encoding="utf-8").startswith("# Tỉnh Hải Dương (HD) · 2026-11")


def test_commend_needs_every_quota_and_a_report_on_time(world: Tracker) -> None:
    # PhuKhe met every quota but reported late; HoiYen reported on time but missed ttdt.
    document = json.loads(world.ok(*ARGS, "--format", "json", "--commend", "3").output)
    assert document["teams"] == []
    with world.sessions()() as session:
        from tracker.store.models import MonthlyReport, Team

        report = (
            session.query(MonthlyReport).join(Team).filter(Team.code == "CNCD_PhuKhe_NguHung").one()
        )
        from datetime import UTC, datetime

        report.submitted_at = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
        session.commit()
    document = json.loads(world.ok(*ARGS, "--format", "json", "--commend", "3").output)
    assert [t["team"] for t in document["teams"]] == ["CNCD_PhuKhe_NguHung"]


def test_unknown_scope_and_bad_period_are_user_errors(world: Tracker) -> None:
    result = world("leaderboard", "--scope", "NOPE", "--period", "2026-11")
    assert result.exit_code == 1 and "không có đơn vị mã 'NOPE'" in result.output
    result = world("leaderboard", "--scope", "HD", "--period", "2026-13")
    assert result.exit_code == 1 and "không phải kỳ" in result.output


def test_commune_scope_ranks_only_its_subtree(world: Tracker) -> None:
    document = json.loads(
        world.ok("leaderboard", "--scope", "NH", "--period", "2026-11", "--format", "json").output
    )
    assert [t["team"] for t in document["teams"]] == [
        "CNCD_PhuKhe_NguHung",
        "CNCD_HoiYen_NguHung",
        "CNCD_NH",
    ]


def test_quarter_uses_the_quarters_own_quotas(world: Tracker) -> None:
    from datetime import date
    from decimal import Decimal

    from tracker.store.models import Indicator, Quota, Team

    with world.sessions()() as session:
        team = session.query(Team).filter_by(code="CNCD_DongTao_DoanTung").one()
        dvc = session.query(Indicator).filter_by(code="dvc").one()
        session.add(
            Quota(
                team=team,
                indicator=dvc,
                period="2026-Q4",
                starts_on=date(2026, 10, 1),
                ends_on=date(2026, 12, 31),
                target_kind="count",
                target_value=Decimal(0),
                resolved_target=0,
            )
        )
        session.commit()
    document = json.loads(
        world.ok("leaderboard", "--scope", "HD", "--period", "2026-Q4", "--format", "json").output
    )
    first = document["teams"][0]
    # A target of 0 counts as met; monthly quotas are not summed into the quarter.
    assert first["team"] == "CNCD_DongTao_DoanTung" and first["score"] == 1.0
    assert first["indicators"] == {"dvc": {"target": 0, "achieved": 10}}
    assert first["monthly_report"] is None
    assert all(t["rank"] is None for t in document["teams"][1:])
