"""Allocating a unit's total and copying last period's quotas, on the small world (audited)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import build_world
from tracker.hierarchy import find_unit
from tracker.periods import Period
from tracker.quotas import allocate_total, copy_quotas, list_quotas
from tracker.store.engine import make_engine, session_factory
from tracker.store.models import AuditEntry

NOV, DEC = Period.parse("2026-11"), Period.parse("2026-12")


def _world(sqlite_url: str) -> sessionmaker[Session]:
    factory = session_factory(make_engine(sqlite_url))
    with factory.begin() as session:
        build_world(session, "2026-11")
    return factory


def test_allocating_a_commune_total_follows_households(sqlite_url: str) -> None:
    sessions = _world(sqlite_url)
    with sessions.begin() as session:
        parts = allocate_total(session, find_unit(session, "NH"), "dvc", DEC, 101, "Cán bộ")
        # NH (900 households), Hội Yên (300), Phú Khê (250): 101 × 900/1450 = 62.69 ...
        assert {q.team: q.resolved for q in parts} == {
            "CNCD_NH": 63,
            "CNCD_HoiYen_NguHung": 21,
            "CNCD_PhuKhe_NguHung": 17,
        }
    with sessions() as session:
        stored = list_quotas(session, find_unit(session, "NH"), DEC)
        assert sum(q.resolved for q in stored) == 101
        actors = session.scalars(select(AuditEntry.actor).where(AuditEntry.entity == "quota"))
        assert list(actors) == ["Cán bộ"] * 3


def test_copying_last_period_keeps_what_is_already_set(sqlite_url: str) -> None:
    sessions = _world(sqlite_url)
    with sessions.begin() as session:
        hd = find_unit(session, "HD")
        allocate_total(session, find_unit(session, "DT"), "dvc", DEC, 50, "Cán bộ")
        assert copy_quotas(session, hd, NOV, DEC, "Cán bộ") == (5, 1)
    with sessions() as session:
        december = {(q.team, q.indicator): q.target for q in list_quotas(session, hd, DEC)}
        assert december[("CNCD_DongTao_DoanTung", "dvc")] == "50"
        assert december[("CNCD_HoiYen_NguHung", "ttdt")] == "30%"
        assert len(december) == 6
