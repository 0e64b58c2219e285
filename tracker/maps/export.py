"""`tracker export KIND`: the store's rows in exactly the columns `tracker import KIND` reads.

Officers edit in Excel and import back, so importing an export changes nothing: the
columns are the importer's, the headers are Vietnamese words the importer maps back to
them (English with language "en"), levels, roles and pillars are written as words it
reads, and lists are `|`-separated. Units and teams are those of the map on `as_of`.
"""

from __future__ import annotations

import csv
import importlib
import io
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.imports import KINDS, vocab
from tracker.imports.reading import LIST_SEPARATOR, Spec
from tracker.maps.history import open_at, team_active, units_at
from tracker.store.models import (
    Chat,
    Indicator,
    Member,
    Quota,
    Task,
    TaskAssignment,
    Team,
    TeamUnit,
    Unit,
)
from tracker.store.models.indicators import target_text

Rows = list[list[str]]

# The word written for a stored value, in each language; each is one the importer reads.
_WORDS = {
    "vi": {
        "province": "tỉnh",
        "district": "huyện",
        "commune": "xã",
        "village": "thôn",
        "leader": "tổ trưởng",
        "deputy": "tổ phó",
        "member": "thành viên",
        "government": "chính quyền số",
        "economy": "kinh tế số",
        "society": "xã hội số",
    },
    "en": {},
}


def spec_of(kind: str) -> Spec:
    spec: Spec = importlib.import_module(KINDS[kind]).SPEC
    return spec


def headers(kind: str, language: str) -> list[str]:
    """The header of each column: in Vietnamese the first word the importer maps back to
    exactly that column, else the column's own name."""
    spec = spec_of(kind)
    if language != "vi":
        return list(spec.columns)
    known = vocab.headers(kind, spec.columns)
    found = []
    for column in spec.columns:
        words = vocab.hint_words(kind, column)
        word = next((w for w in words if known.get(vocab.key(w)) == column), column)
        found.append(word[:1].upper() + word[1:])
    return found


def export_rows(session: Session, kind: str, as_of: date, language: str) -> Rows:
    """The data rows of `kind` (no header), as the importer reads them."""
    word = _WORDS.get(language, {})

    def say(value: str) -> str:
        return word.get(value, value)

    return _ROWS[kind](session, as_of, say)


def _units(session: Session, as_of: date, say: Callable[[str], str]) -> Rows:
    table = units_at(as_of)
    found = session.execute(select(table).order_by(table.c.code)).all()
    code_of = {row.id: row.code for row in found}
    depth = {row.id: vocab.depth(row.level) for row in found}
    rows = sorted(found, key=lambda row: (depth[row.id], row.code))
    return [
        [
            row.code,
            row.name,
            say(row.level),
            code_of.get(row.parent_id, "") if row.parent_id else "",
            "" if row.households is None else str(row.households),
        ]
        for row in rows
    ]


def _teams(session: Session, as_of: date, say: Callable[[str], str]) -> Rows:
    links = session.execute(
        select(TeamUnit.team_id, Unit.code)
        .join(Unit, Unit.id == TeamUnit.unit_id)
        .where(open_at(TeamUnit.__table__, as_of))
        .order_by(Unit.code)
    )
    covered: dict[int, list[str]] = defaultdict(list)
    for team_id, code in links:
        covered[team_id].append(code)
    teams = session.scalars(select(Team).where(team_active(as_of, as_of)).order_by(Team.code)).all()
    return [
        [
            team.code,
            team.name,
            LIST_SEPARATOR.join(covered.get(team.id, [])),
            team.active_from.isoformat() if team.active_from else "",
        ]
        for team in teams
    ]


def _members(session: Session, as_of: date, say: Callable[[str], str]) -> Rows:
    members = session.scalars(
        select(Member).join(Team).where(team_active(as_of, as_of)).order_by(Team.code, Member.id)
    ).all()
    # The columns follow the installed adapters (`<adapter>_id`), in the importer's order.
    columns = spec_of("members").columns

    def cell(member: Member, column: str) -> str:
        if column == "team":
            return member.team.code
        if column == "role":
            return say(member.role)
        if column in ("name", "phone", "organization"):
            return str(getattr(member, column) or "")
        return member.account(column.removesuffix("_id")) or ""

    return [[cell(member, column) for column in columns] for member in members]


def _indicators(session: Session, as_of: date, say: Callable[[str], str]) -> Rows:
    return [
        [
            item.code,
            item.name,
            say(item.pillar),
            item.unit or "",
            LIST_SEPARATOR.join(item.aliases or []),
            item.name_en or "",
            "" if item.max_per_report is None else str(item.max_per_report),
        ]
        for item in session.scalars(select(Indicator).order_by(Indicator.code))
    ]


def _quotas(session: Session, as_of: date, say: Callable[[str], str]) -> Rows:
    rows = session.execute(
        select(Team.code, Indicator.code, Quota.period, Quota.target_kind, Quota.target_value)
        .join(Team, Team.id == Quota.team_id)
        .join(Indicator, Indicator.id == Quota.indicator_id)
        .order_by(Team.code, Quota.period, Indicator.code)
    )
    return [
        [team, indicator, period, target_text(kind, value)]
        for team, indicator, period, kind, value in rows
    ]


def _chats(session: Session, as_of: date, say: Callable[[str], str]) -> Rows:
    chats = session.scalars(
        select(Chat).where(Chat.active.is_(True)).order_by(Chat.channel, Chat.chat_id)
    ).all()
    return [
        [
            chat.channel,
            chat.chat_id,
            chat.title or "",
            chat.unit.code if chat.unit else "",
            chat.team.code if chat.team else "",
        ]
        for chat in chats
    ]


def _tasks(session: Session, as_of: date, say: Callable[[str], str]) -> Rows:
    tasks = session.scalars(select(Task).order_by(Task.due, Task.code)).all()
    rows = []
    for task in tasks:
        assignees: list[str] = []
        for assignment in sorted(task.assignments, key=_assignment_order):
            code = assignment.via_unit.code if assignment.via_unit else assignment.team.code
            if code not in assignees:
                assignees.append(code)
        rows.append(
            [
                task.code,
                task.title,
                task.due.isoformat(),
                LIST_SEPARATOR.join(assignees),
                task.description or "",
            ]
        )
    return rows


def _assignment_order(assignment: TaskAssignment) -> tuple[str, str]:
    via = assignment.via_unit.code if assignment.via_unit else ""
    return via, assignment.team.code


_ROWS: dict[str, Callable[[Session, date, Callable[[str], str]], Rows]] = {
    "units": _units,
    "teams": _teams,
    "members": _members,
    "indicators": _indicators,
    "quotas": _quotas,
    "chats": _chats,
    "tasks": _tasks,
}


def write_csv(head: list[str], rows: Rows, handle: IO[bytes]) -> None:
    """UTF-8 with a BOM, as Excel opens it with the diacritics right."""
    from tracker.tables import safe_cell

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(head)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    handle.write(("\ufeff" + text.getvalue()).encode("utf-8"))


def write_xlsx(kind: str, head: list[str], rows: Rows, handle: IO[bytes]) -> None:
    """Every cell as text, so a code like 00100 keeps its zeros and `=…` is no formula."""
    from openpyxl import Workbook

    book = Workbook()
    sheet: Any = book.active
    sheet.title = kind
    for r, row in enumerate([head, *rows], 1):
        for c, value in enumerate(row, 1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"
            cell.number_format = "@"
    book.save(handle)
