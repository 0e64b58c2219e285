"""Quotas for June 2025 and the last two months, and a few tasks, for the demo world."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from tracker.demo.plan import TaskPlan
from tracker.demo.world import Built
from tracker.periods import Period
from tracker.store.models import Quota, Task, TaskAssignment, Team, Unit

# indicator -> (kind, how the value is drawn); shares are of the team's households.
VILLAGE_QUOTAS: dict[str, tuple[str, tuple[int, ...], float]] = {
    "ttdt": ("share", (30,), 1.0),
    "huongdan": ("share", (60,), 1.0),
    "dvc": ("count", (10, 15, 20, 25, 30), 1.0),
    "vneid": ("count", (20, 30, 40, 50, 60), 1.0),
    "sskdt": ("count", (15, 20, 25, 30, 40), 0.8),
    "taphuan": ("count", (1, 2, 3), 0.9),
    "gianhang": ("count", (2, 3, 4, 5), 0.6),
    "ocop": ("count", (1, 2, 3), 0.35),
}
COMMUNE_QUOTAS: dict[str, tuple[str, tuple[int, ...], float]] = {
    "dvc": ("count", (40, 50, 60, 80), 1.0),
    "taphuan": ("count", (2, 3, 4), 1.0),
    "ocop": ("count", (3, 4, 5, 6, 8), 0.9),
    "gianhang": ("count", (5, 8, 10, 15), 0.8),
}


def resolve(kind: str, value: int, households: int) -> int:
    """A count is itself; a share is ceil(share × households) (CONTRACTS §3)."""
    return value if kind == "count" else math.ceil(Decimal(value) * households / 100)


def add_quotas(
    session: Session, rng: random.Random, built: Built, today: date, history: Period
) -> None:
    """The same quotas for the month of history on the old map and the last two months."""
    current = Period.month_of(today)
    previous = Period.month_of(current.start - timedelta(days=1))
    for plan in built.plans:
        table = COMMUNE_QUOTAS if plan.level == "commune" else VILLAGE_QUOTAS
        team = built.teams[plan.code]
        for code, (kind, choices, chance) in table.items():
            if rng.random() >= chance:
                continue
            value = rng.choice(choices)
            target = resolve(kind, value, plan.households)
            plan.targets[code] = target
            for period in (history, previous, current):
                session.add(
                    Quota(
                        team=team,
                        indicator=built.indicators[code],
                        period=str(period),
                        starts_on=period.start,
                        ends_on=period.end,
                        target_kind=kind,
                        target_value=Decimal(value),
                        resolved_target=target,
                    )
                )


def add_tasks(session: Session, built: Built, today: date) -> list[TaskPlan]:
    month_start = Period.month_of(today).start
    last_month = Period.month_of(month_start - timedelta(days=1)).start
    villages = [p.code for p in built.plans if p.level == "village"]
    communes = [p.code for p in built.plans if p.level == "commune"]
    # The first commune team's commune (on today's map) runs a session for its teams.
    first_commune = built.teams[communes[0]].units[0]
    under_first = [p.code for p in built.plans if _under(built.teams[p.code], first_commune)]
    specs = [
        (
            "NHOMZALO",
            "Lập nhóm Zalo toàn thôn, khu dân cư",
            "Mỗi tổ lập nhóm Zalo gồm đại diện tất cả hộ gia đình, đặt tên theo chuẩn "
            "CNCĐ_(tên thôn)_(tên xã).",
            last_month + timedelta(days=14),
            built.province,
            villages,
        ),
        (
            "OCOPSAN",
            "Rà soát, đưa sản phẩm OCOP lên sàn voso.vn, postmart.vn",
            "Lập danh sách sản phẩm OCOP chưa lên sàn, hỗ trợ chủ thể mở gian hàng.",
            today - timedelta(days=3),
            None,
            communes,
        ),
        (
            "VNEID2",
            "Tổ chức buổi hướng dẫn kích hoạt VNeID mức 2",
            "Phối hợp công an xã tổ chức ít nhất một buổi tại nhà văn hóa.",
            today + timedelta(days=10),
            first_commune,
            under_first,
        ),
    ]
    plans = []
    for code, title, description, due, via, teams in specs:
        task = Task(code=code, title=title, description=description, due=due)
        task.assignments = [TaskAssignment(team=built.teams[team], via_unit=via) for team in teams]
        session.add(task)
        plans.append(TaskPlan(code, due, tuple(teams)))
    return plans


def _under(team: Team, ancestor: Unit) -> bool:
    for unit in team.units:
        node: Unit | None = unit
        while node is not None:
            if node is ancestor:
                return True
            node = node.parent
    return False
