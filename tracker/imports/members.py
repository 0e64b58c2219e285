"""`tracker import members`: who is in each team, their role and their chat accounts.

A member is identified by (team, name). A `<adapter>_id` column for every installed
adapter (`telegram_id`, `zalo_id`, `zalo_oa_id`, `gapo_id` once a `gapo` adapter is
installed...) becomes the member's account on that channel: that is how a report is tied
to its sender's team. Which ids are valid is the adapter's to say (`valid_user_id`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from tracker.imports import vocab
from tracker.imports.base import ImportRun, by_code_or_name, duplicates, pairs
from tracker.imports.messages import MESSAGES
from tracker.imports.reading import Row, Spec
from tracker.phones import normalise_phone
from tracker.store.models import Member, MemberAccount, Team
from tracker.text import fold, squash_spaces

_COLUMNS = ("team", "name", "role", "phone")


def accounts() -> dict[str, str]:
    """`<adapter>_id` column -> channel, for every installed adapter."""
    from adapters.registry import adapter_names

    return {f"{name}_id": name for name in adapter_names()}


def spec() -> Spec:
    """The columns as the installed adapters make them (an adapter installed later adds
    its column; `organization` stays where files have long had it)."""
    ids = list(accounts())
    return Spec("members", (*_COLUMNS, *ids[:2], "organization", *ids[2:]), ("team", "name"))


def __getattr__(name: str) -> object:
    # `tracker.imports` reads each kind's `SPEC`; this one depends on what is installed.
    if name == "SPEC":
        return spec()
    if name == "ACCOUNTS":
        return accounts()
    raise AttributeError(name)


def valid_user_id(channel: str, user: str) -> bool:
    """Whether `user` can be an account on `channel`, as its adapter says; for a channel
    with no adapter installed, one printable word that fits the column."""
    return bool(user_id_check(channel)(user))


def user_id_check(channel: str) -> Callable[[str], bool]:
    from adapters.registry import UnknownAdapter, load_adapter, part

    try:
        adapter = load_adapter(channel)
    except (UnknownAdapter, ImportError, AttributeError):
        adapter = None
    check: Callable[[str], bool] = part(adapter, "valid_user_id")
    return check


def run(job: ImportRun) -> None:
    rows = [
        row for row in job.table.rows if job.required(row, "team") and job.required(row, "name")
    ]
    teams = by_code_or_name(job, Team, rows, "team")
    rows = duplicates(job, rows, "name", _identity)
    roles: dict[int, str] = {}
    columns = accounts()  # read once: each row is checked against the same adapters
    checks = {channel: user_id_check(channel) for channel in columns.values()}
    for row in rows:
        if row["team"] not in teams:
            job.problem(row, "team", "import.unknown_team", value=row["team"])
        roles[row.number] = _role(job, row)
        _check_cells(job, row, columns, checks)
    known = [row for row in rows if row["team"] in teams]
    existing = _existing(job, teams)
    _check_caps(job, known, teams, existing)
    _check_accounts(job, known, existing, columns)
    job.check()
    _write(job, known, teams, existing, roles, columns)


def _identity(row: Row) -> tuple[str, str]:
    # "Nguyễn Văn An" and "nguyễn văn  an" are one person in one team.
    return row["team"], _name_key(row["name"])


@cache
def _name_key(name: str) -> str:
    return squash_spaces(fold(name))


def _role(job: ImportRun, row: Row) -> str:
    if not row["role"]:
        return "member"
    role = vocab.role(row["role"])
    if role is None:
        job.problem(row, "role", "import.unknown_role", value=row["role"])
        return "member"
    return role


def _check_cells(
    job: ImportRun, row: Row, columns: dict[str, str], checks: dict[str, Callable[[str], bool]]
) -> None:
    if row["phone"]:
        phone = normalise_phone(row["phone"])
        if phone is None:
            job.problem(row, "phone", "import.bad_phone", value=row["phone"])
        elif phone != row["phone"]:
            row.cells["phone"] = phone  # what is stored and compared from here on
            job.outcome.note_rewritten("import.phones_normalised")
    for column, channel in columns.items():
        if row[column] and not checks[channel](row[column]):
            job.problem(row, column, "import.bad_account", value=row[column], channel=channel)
    for column, limit in (("name", 200), ("organization", 200)):
        if len(row[column]) > limit:
            job.problem(row, column, "import.too_long", limit=limit)


def _existing(job: ImportRun, teams: dict[str, Team]) -> dict[tuple[str, str], Member]:
    ids = {team.id: code for code, team in teams.items()}
    if not ids:
        return {}
    query = (
        select(Member).where(Member.team_id.in_(list(ids))).options(selectinload(Member.accounts))
    )
    return {
        (ids[member.team_id], _name_key(member.name)): member
        for member in job.session.scalars(query)
    }


def _check_caps(
    job: ImportRun,
    rows: list[Row],
    teams: dict[str, Team],
    existing: dict[tuple[str, str], Member],
) -> None:
    """Members already in the store plus new ones from the file, against the level's cap."""
    ids = [team.id for team in teams.values()]
    stored = pairs(
        job.session.execute(
            select(Member.team_id, func.count())
            .where(Member.team_id.in_(ids))
            .group_by(Member.team_id)
        )
    )
    counts = Counter({code: stored.get(team.id, 0) for code, team in teams.items()})
    for row in rows:
        if _identity(row) in existing:
            continue
        team = teams[row["team"]]
        counts[team.code] += 1
        cap = job.settings.member_caps.get(team.level)
        if cap is not None and counts[team.code] == cap + 1:
            job.problem(
                row,
                "team",
                "import.over_cap",
                team=team.code,
                level=MESSAGES(job.language, f"level.{team.level}"),
                cap=cap,
                count=_final_count(rows, existing, stored.get(team.id, 0), team.code),
            )


def _final_count(
    rows: list[Row], existing: dict[tuple[str, str], Member], stored: int, team: str
) -> int:
    added = sum(1 for row in rows if row["team"] == team and _identity(row) not in existing)
    return stored + added


def _check_accounts(
    job: ImportRun,
    rows: list[Row],
    existing: dict[tuple[str, str], Member],
    columns: dict[str, str],
) -> None:
    """One chat account cannot be two people of the same team: reports would be ambiguous."""
    for column, channel in columns.items():
        if not job.table.has(column):
            continue
        owners: dict[tuple[str, str], str] = {}
        in_file = {_identity(row) for row in rows}
        for identity, member in existing.items():
            user = member.account(channel)
            if user and identity not in in_file:
                owners[(identity[0], user)] = member.name
        for row in rows:
            user = row[column]
            if not user:
                continue
            other = owners.get((row["team"], user))
            if other is not None and other != row["name"]:
                job.problem(
                    row, column, "import.same_account", channel=channel, value=user, other=other
                )
            owners[(row["team"], user)] = row["name"]


def _snapshot(
    team: str, row: Row, role: str, member: Member | None, table: Any, columns: dict[str, str]
) -> dict[str, Any]:
    def keep(column: str, old: str | None) -> str | None:
        if table.has(column):
            return row[column] or None
        return old

    snapshot: dict[str, Any] = {
        "team": team,
        "name": row["name"],
        "role": role if table.has("role") or member is None else member.role,
        "phone": keep("phone", member.phone if member else None),
        "organization": keep("organization", member.organization if member else None),
    }
    for column, channel in columns.items():
        snapshot[column] = keep(column, member.account(channel) if member else None)
    return snapshot


def _current(team: str, member: Member, columns: dict[str, str]) -> dict[str, Any]:
    snapshot: dict[str, Any] = {
        "team": team,
        "name": member.name,
        "role": member.role,
        "phone": member.phone,
        "organization": member.organization,
    }
    for column, channel in columns.items():
        snapshot[column] = member.account(channel)
    return snapshot


def _write(
    job: ImportRun,
    rows: list[Row],
    teams: dict[str, Team],
    existing: dict[tuple[str, str], Member],
    roles: dict[int, str],
    columns: dict[str, str],
) -> None:
    new: list[dict[str, Any]] = []
    for row in rows:
        member = existing.get(_identity(row))
        before = None if member is None else _current(row["team"], member, columns)
        after = _snapshot(row["team"], row, roles[row.number], member, job.table, columns)
        if member is None:
            new.append(after)
        elif before != after:
            member.name = after["name"]
            member.role = after["role"]
            member.phone = after["phone"]
            member.organization = after["organization"]
            _set_accounts(member, after, columns)
        job.record("member", f"{row['team']}/{row['name']}", before, after)
    job.session.flush()
    _insert(job, new, teams, columns)
    job.write_audit()


def _insert(
    job: ImportRun, new: list[dict[str, Any]], teams: dict[str, Team], columns: dict[str, str]
) -> None:
    """New members and their accounts in bulk: a province enrols thousands at once."""
    if not new:
        return
    rows = [
        {
            "team_id": teams[after["team"]].id,
            "name": after["name"],
            "role": after["role"],
            "phone": after["phone"],
            "organization": after["organization"],
        }
        for after in new
    ]
    query = insert(Member).returning(
        Member.id, Member.team_id, Member.name, sort_by_parameter_order=True
    )
    ids = [member_id for member_id, _, _ in job.session.execute(query, rows)]
    accounts = [
        {"member_id": member_id, "channel": channel, "user_id": after[column]}
        for member_id, after in zip(ids, new, strict=True)
        for column, channel in columns.items()
        if after[column]
    ]
    if accounts:
        job.session.execute(insert(MemberAccount), accounts)


def _set_accounts(member: Member, after: dict[str, Any], columns: dict[str, str]) -> None:
    by_channel = {account.channel: account for account in member.accounts}
    for column, channel in columns.items():
        user = after[column]
        account = by_channel.get(channel)
        if user is None and account is not None:
            member.accounts.remove(account)
        elif user is not None and account is None:
            member.accounts.append(MemberAccount(channel=channel, user_id=user))
        elif user is not None and account is not None:
            account.user_id = user
