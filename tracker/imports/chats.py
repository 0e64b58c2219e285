"""`tracker import chats`: the chat groups the tracker reads and posts to.

A chat bound to a unit gets that unit's digest; a chat bound to a team is the team's own
group. Exactly one of the two, as the store's `bound_once` constraint also insists.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from tracker.chats import canonical_chat_id, chat_id_variants, chat_snapshot
from tracker.imports import vocab
from tracker.imports.base import ImportRun, by_code, duplicates
from tracker.imports.reading import Row, Spec
from tracker.store.models import Chat, Team, Unit

SPEC = Spec("chats", ("channel", "chat_id", "title", "unit", "team"), ("channel", "chat_id"))
# Adapters are plugins (Gapo...), so any plain name is a channel.
_CHANNEL = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def channel_name(text: str) -> str | None:
    """The channel `text` names (`Telegram`, `zalo oa` -> `zalo_oa`), or None."""
    channel = vocab.key(text).replace(" ", "_")
    return channel if _CHANNEL.match(channel) else None


def run(job: ImportRun) -> None:
    rows = [r for r in job.table.rows if job.required(r, "channel") and job.required(r, "chat_id")]
    channels: dict[int, str] = {}
    for row in rows:
        channel = channel_name(row["channel"])
        if channel is not None:
            channels[row.number] = channel
        else:
            job.problem(row, "channel", "import.bad_channel", value=row["channel"])
    rows = duplicates(job, rows, "chat_id", lambda row: _identity(row, channels))
    units = by_code(job.session, Unit, (row["unit"] for row in rows if row["unit"]))
    teams = by_code(job.session, Team, (row["team"] for row in rows if row["team"]))
    for row in rows:
        if bool(row["unit"]) == bool(row["team"]):
            job.problem(row, "unit" if job.table.has("unit") else "team", "import.bind_once")
        elif row["unit"] and row["unit"] not in units:
            job.problem(row, "unit", "import.unknown_unit", value=row["unit"])
        elif row["team"] and row["team"] not in teams:
            job.problem(row, "team", "import.unknown_team", value=row["team"])
        if len(row["chat_id"]) > 64:
            job.problem(row, "chat_id", "import.too_long", limit=64)
        if len(row["title"]) > 200:
            job.problem(row, "title", "import.too_long", limit=200)
    job.check()
    existing = _existing(job, rows, channels)
    for row in rows:
        # A bound chat is a group: stored (and sent to) as the platform's API spells it.
        key = (channels[row.number], canonical_chat_id(channels[row.number], row["chat_id"]))
        chat = next(
            (existing[(key[0], v)] for v in chat_id_variants(*key) if (key[0], v) in existing),
            None,
        )
        before = None if chat is None else chat_snapshot(chat)
        if chat is None:
            chat = Chat(channel=key[0], chat_id=key[1])
            job.session.add(chat)
        elif chat.chat_id != key[1]:
            chat.chat_id = key[1]  # stored before ids were canonical: corrected now
        if job.table.has("title") or before is None:
            chat.title = row["title"]
        unit = units.get(row["unit"])
        team = teams.get(row["team"])
        chat.unit, chat.team = unit, team
        chat.unit_id = unit.id if unit else None
        chat.team_id = team.id if team else None
        job.record("chat", f"{chat.channel}:{chat.chat_id}", before, chat_snapshot(chat))
    job.session.flush()
    job.write_audit()


def _existing(
    job: ImportRun, rows: list[Row], channels: dict[int, str]
) -> dict[tuple[str, str], Chat]:
    found: dict[tuple[str, str], Chat] = {}
    for channel in sorted(set(channels.values())):
        ids = [
            variant
            for row in rows
            if channels[row.number] == channel
            for variant in chat_id_variants(channel, canonical_chat_id(channel, row["chat_id"]))
        ]
        for start in range(0, len(ids), 500):
            query = select(Chat).where(
                Chat.channel == channel, Chat.chat_id.in_(ids[start : start + 500])
            )
            for chat in job.session.scalars(query):
                found[(chat.channel, chat.chat_id)] = chat
    return found


def _identity(row: Row, channels: dict[int, str]) -> tuple[str | None, str]:
    """One key for every spelling of a chat's id (Telegram's 123 and -100123)."""
    channel = channels.get(row.number)
    return channel, min(chat_id_variants(channel or "", row["chat_id"]))
