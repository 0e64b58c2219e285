"""A province's worth of units imports in a few statements, not one query per row."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from tests.cli.import_support import write
from tracker.config import load_settings
from tracker.imports import import_file
from tracker.store.engine import make_engine, session_factory, transaction
from tracker.store.models import AuditEntry, Unit


def _province(folder: Path, households: int = 1000) -> Path:
    lines = ["code,name,level,parent,households", "P,Tỉnh P,tỉnh,,"]
    for district in range(10):
        lines.append(f"P-{district},Huyện {district},huyện,P,")
        for commune in range(25):
            code = f"P-{district}-{commune}"
            lines.append(f"{code},Xã {commune},xã,P-{district},{households}")
            lines += [f"{code}-{v},Thôn {v},thôn,{code},{100 + v}" for v in range(39)]
    return write(folder, "tinh.csv", "\n".join(lines) + "\n")


def test_ten_thousand_units_in_few_statements(sqlite_url: str, tmp_path: Path) -> None:
    engine = make_engine(sqlite_url)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2])[:40])

    event.listen(engine, "before_cursor_execute", count)
    settings = load_settings(db_url=sqlite_url)
    path = _province(tmp_path)
    started = time.perf_counter()
    with transaction(session_factory(engine)) as session:
        outcome = import_file(session, "units", path, settings, "test")
    elapsed = time.perf_counter() - started
    assert (outcome.created, outcome.updated) == (10011, 0)
    assert len(statements) < 60, statements
    assert elapsed < 30  # a few seconds on a laptop; generous for a loaded CI machine
    statements.clear()
    changed = _province(tmp_path, households=1001)
    with transaction(session_factory(engine)) as session:
        outcome = import_file(session, "units", changed, settings, "test")
    assert (outcome.updated, outcome.unchanged) == (250, 9761)
    assert len(statements) < 60, statements
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 10011
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 10011 + 250
    engine.dispose()
