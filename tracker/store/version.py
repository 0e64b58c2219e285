"""The store's data version: how a screen notices that sync or an officer changed something.

A version is the largest id of the tables every change adds a row to: the journal (every
message, so every report and every edit), the counted entries (accepted review items),
the monthly reports and the audit log (every officer's edit). Each is the end of a primary
key index, so reading the version costs four index lookups, cheap enough to poll.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.store.models import AuditEntry, InboundMessage, MonthlyReport, ReportEntry

Version = tuple[int, ...]

_TABLES = (InboundMessage, ReportEntry, MonthlyReport, AuditEntry)


def data_version(session: Session) -> Version:
    columns = [select(func.max(table.id)).scalar_subquery() for table in _TABLES]
    row = session.execute(select(*columns)).one()
    return tuple(int(value or 0) for value in row)
