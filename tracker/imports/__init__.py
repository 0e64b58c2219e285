"""`tracker import KIND FILE`: load units, teams, members, indicators, quotas, chats or tasks.

Every kind follows one path: read the file into rows (`reading`), check every row against
the file and the store collecting problems, then write all rows with an audit entry for
each change. The caller owns the transaction, so a refused file leaves the store untouched.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.config import Settings
from tracker.imports.base import ImportRun, Outcome
from tracker.imports.errors import ImportFailed
from tracker.imports.reading import Spec, Table, read_table

# kind -> the module that holds its SPEC and run(); loaded only for the kind imported.
KINDS = {
    "units": "tracker.imports.units",
    "teams": "tracker.imports.teams",
    "members": "tracker.imports.members",
    "indicators": "tracker.imports.indicators",
    "quotas": "tracker.imports.quotas",
    "chats": "tracker.imports.chats",
    "tasks": "tracker.imports.tasks",
}

__all__ = ["KINDS", "ImportFailed", "Outcome", "import_file"]


def import_file(
    session: Session,
    kind: str,
    path: Path,
    settings: Settings,
    actor: str,
    display: str | None = None,
    check: Callable[[Table], None] | None = None,
) -> Outcome:
    """Import `path` as `kind` in `session`'s transaction; `ImportFailed` lists what is wrong.
    `check` sees the rows read before anything is written (the officer's scope)."""
    module = importlib.import_module(KINDS[kind])
    spec: Spec = module.SPEC
    table = read_table(path, spec, settings.language, display)
    if check is None:  # the terminal UI: the scope of the officer the actor names
        from tracker.officers.import_scope import check_import_scope
        from tracker.officers.service_scope import acting_from_actor

        check_import_scope(session, acting_from_actor(session, actor), table)
    else:
        check(table)
    job = ImportRun(session, settings, table, actor)
    module.run(job)
    return job.outcome
