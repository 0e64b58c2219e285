"""Allocating a unit's total and copying last period's quotas, on the small world (audited)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.hierarchy import find_unit
from tracker.periods import Period
from tracker.quotas import (
    QuotaError,
    QuotaView,
    apply_allocation,
    copy_quotas,
    list_quotas,
    plan_allocation,
)
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import AuditEntry, Quota, Unit

NOV, DEC = Period.parse("2026-11"), Period.parse("2026-12")


def _world(sqlite_url: str) -> sessionmaker[Session]:
    factory = session_factory(make_engine(sqlite_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory


def allocate_total(
    session: Session, scope: Unit, indicator: str, period: Period, total: int, actor: str
) -> list[QuotaView]:
    plan = plan_allocation(session, scope, indicator, period, str(total))
    return apply_allocation(session, scope, plan, actor)


def test_allocating_a_commune_total_follows_households(sqlite_url: str) -> None:
    sessions = _world(sqlite_url)
    with sessions.begin() as session:
        parts = allocate_total(session, find_unit(session, "NH"), "dvc", DEC, 101, "Cán bộ")
        # Hội Yên 300, Phú Khê 250; the commune team serves the 350 of NH's 900 households
        # that no village team covers, not the 900 again: 101 × 300/900 = 33.67 ...
        assert {q.team: q.resolved for q in parts} == {
            "CNCD_HoiYen_NguHung": 34,
            "CNCD_NH": 39,
            "CNCD_PhuKhe_NguHung": 28,
        }
    with sessions() as session:
        stored = list_quotas(session, find_unit(session, "NH"), DEC)
        assert sum(q.resolved for q in stored) == 101
        actors = session.scalars(select(AuditEntry.actor).where(AuditEntry.entity == "quota"))
        assert list(actors) == ["Cán bộ"] * 3


def test_a_commune_team_whose_villages_all_have_teams_is_left_as_is(sqlite_url: str) -> None:
    sessions = _world(sqlite_url)
    with sessions.begin() as session:
        nh = find_unit(session, "NH")
        nh.households = 550  # the sum of its two villages: no household is the commune team's
        plan = plan_allocation(session, nh, "dvc", DEC, "110")
        rows = {row.team: (row.households, row.after, row.note) for row in plan.rows}
        assert rows == {
            "CNCD_HoiYen_NguHung": (300, "60", ""),
            "CNCD_NH": (None, None, "above"),
            "CNCD_PhuKhe_NguHung": (250, "50", ""),
        }


def test_a_plan_writes_nothing_and_shares_stay_shares(sqlite_url: str) -> None:
    sessions = _world(sqlite_url)
    with sessions() as session:
        nh = find_unit(session, "NH")
        # November's ttdt quotas are 30% shares (90 and 75): a count keeps them and splits
        # the rest; the commune team gets it all, as the only one left.
        plan = plan_allocation(session, nh, "ttdt", NOV, "200")
        rows = {row.team: (row.before, row.after, row.resolved, row.note) for row in plan.rows}
        assert rows == {
            "CNCD_HoiYen_NguHung": ("30%", "30%", 90, "kept"),
            "CNCD_NH": (None, "35", 35, ""),
            "CNCD_PhuKhe_NguHung": ("30%", "30%", 75, "kept"),
        }
        assert [row.team for row in plan.changed] == ["CNCD_NH"]
        replaced = plan_allocation(session, nh, "ttdt", NOV, "200", replace_shares=True)
        assert [row.after for row in replaced.rows] == ["67", "78", "55"]
        shared = plan_allocation(session, nh, "ttdt", NOV, "60%")
        assert [(row.after, row.resolved) for row in shared.rows] == [
            ("60%", 180),
            (None, None),
            ("60%", 150),
        ]
        with pytest.raises(QuotaError, match="165, more than the total 100"):
            plan_allocation(session, nh, "ttdt", NOV, "100")
    with sessions() as session:
        assert session.scalar(select(AuditEntry.id)) is None
        assert len(session.scalars(select(Quota)).all()) == 6


def test_a_plan_the_store_no_longer_gives_is_refused_whole(sqlite_url: str) -> None:
    sessions = _world(sqlite_url)
    with sessions() as session:
        plan = plan_allocation(session, find_unit(session, "NH"), "dvc", DEC, "101")
    with sessions.begin() as session:
        allocate_total(session, find_unit(session, "NH"), "dvc", DEC, 90, "Người khác")
    with (
        pytest.raises(QuotaError, match="changed since the preview"),
        sessions.begin() as session,
    ):
        apply_allocation(session, find_unit(session, "NH"), plan, "Cán bộ")
    with sessions() as session:
        stored = list_quotas(session, find_unit(session, "NH"), DEC)
        assert sum(q.resolved for q in stored) == 90


def test_copying_last_period_keeps_what_is_already_set(sqlite_url: str) -> None:
    sessions = _world(sqlite_url)
    with sessions.begin() as session:
        hd = find_unit(session, "HD")
        allocate_total(session, find_unit(session, "DT"), "dvc", DEC, 50, "Cán bộ")
        copied = copy_quotas(session, hd, NOV, DEC, "Cán bộ")
        assert (copied.copied, copied.kept) == (5, 1)
        assert {q.previous for q in copied.quotas} == {None}
    with sessions() as session:
        december = {(q.team, q.indicator): q.target for q in list_quotas(session, hd, DEC)}
        assert december[("CNCD_DongTao_DoanTung", "dvc")] == "50"
        assert december[("CNCD_HoiYen_NguHung", "ttdt")] == "30%"
        assert len(december) == 6
