"""The steps sync borrows from other parts of the core, imported only when first used.

Processing journal rows belongs to `tracker.reports.pipeline` and building digests to
`tracker.digest`; this seam is the one place that names them, so that sync can be
tested with stand-ins.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from tracker.config import Settings
from tracker.store.models import Team, Unit


@dataclass(frozen=True, slots=True)
class Processed:
    counted: int = 0
    review: int = 0


def _function(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


def process_pending(sessions: sessionmaker[Session], settings: Settings) -> Processed:
    """Turn pending journal rows into counted entries, review items and queued replies."""
    stats = _function("tracker.reports.pipeline", "process_pending")(sessions, settings)
    return Processed(counted=_count(stats, "counted"), review=_count(stats, "review"))


def _count(stats: Any, name: str) -> int:
    value = stats.get(name, 0) if isinstance(stats, dict) else getattr(stats, name, 0)
    return int(value or 0)


def unit_digest(
    session: Session, unit: Unit, day: date, settings: Settings, limit: int
) -> list[str]:
    """The texts of a unit chat's digest: the ranking of the teams under the unit."""
    digest = _function("tracker.digest", "build_unit_digest")(session, unit, day, settings)
    render = _function("tracker.digest", "render_digest")
    return [str(text) for text in render(digest, settings.language, limit)]


def team_digest(
    session: Session, team: Team, day: date, settings: Settings, limit: int
) -> list[str]:
    """The texts of a team chat's digest: its standing and its rank among its siblings."""
    module = importlib.import_module("tracker.digest")
    digest = module.build_team_digest(session, team, day, settings)
    render = getattr(module, "render_team_digest", None) or module.render_digest
    return [str(text) for text in render(digest, settings.language, limit)]
