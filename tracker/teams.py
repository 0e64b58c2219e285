"""Teams as officers change them one at a time: name, code and the units they cover.

The `teams` importer checks a one-row table (units known and of one level, the member cap
of a new level, households behind % quotas) and audits; only a new code is handled here.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.hierarchy import find_team
from tracker.imports import import_form
from tracker.imports.reading import LIST_SEPARATOR
from tracker.store.models import Team
from tracker.units import settle_code


def save_team(
    session: Session,
    settings: Settings,
    code: str,
    name: str,
    units: Sequence[str],
    actor: str,
    old_code: str | None = None,
    language: str | None = None,
) -> Team:
    """Add a team (old_code None) or change the team now coded `old_code`."""
    code = code.strip()
    settle_code(session, Team, "team", code, old_code, actor)
    cells = {"code": code, "name": name, "units": LIST_SEPARATOR.join(u for u in units if u)}
    import_form(session, "teams", cells, settings, actor, language)
    session.expire_all()
    return find_team(session, code)


def split_codes(text: str) -> list[str]:
    """Unit codes as typed in one field: separated by commas, spaces or `|`."""
    return [code for code in text.replace(",", " ").replace(LIST_SEPARATOR, " ").split() if code]
