"""A channel's OAuth token pair, kept in the store (table `channel_tokens`, migration 0003).

Zalo OA tokens are several hundred characters, too long for `channel_cursors`, hence
their own table. Each save writes both tokens in one transaction, so the single-use
refresh token is never stored apart from the access token it came with; on PostgreSQL
the row is locked (SELECT … FOR UPDATE) while it is rewritten. The adapter holds its
own lock around load-refresh-save.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tracker import audit
from tracker.clock import utcnow
from tracker.errors import UserError
from tracker.store.models import ChannelToken


@dataclass(frozen=True)
class TokenState:
    """What may be shown about a stored pair: when, never what."""

    updated_at: datetime
    expires_at: datetime | None


class StoredTokens:
    """The `TokenKeeper` of `adapters.zalo_oa_api`, backed by the store."""

    def __init__(self, sessions: sessionmaker[Session], channel: str = "zalo_oa") -> None:
        self._sessions = sessions
        self._channel = channel

    def load(self) -> tuple[str, str]:
        with self._sessions() as session:
            row = session.get(ChannelToken, self._channel)
            if row is None:
                raise UserError(f"no {self._channel} tokens stored: save a pair first")
            return row.access_token, row.refresh_token

    def stored(self) -> bool:
        return self.state() is not None

    def state(self) -> TokenState | None:
        with self._sessions() as session:
            row = session.get(ChannelToken, self._channel)
            return None if row is None else TokenState(row.updated_at, row.expires_at)

    def save(self, access: str, refresh: str, expires_in: float | None = None) -> None:
        with self._sessions.begin() as session:
            save_pair(session, self._channel, access, refresh, expires_in)


def save_pair(
    session: Session, channel: str, access: str, refresh: str, expires_in: float | None
) -> None:
    """Write the pair in the caller's transaction (the row locked on PostgreSQL)."""
    now = utcnow()
    expires_at = now + timedelta(seconds=expires_in) if expires_in else None
    row = session.scalars(
        select(ChannelToken).where(ChannelToken.channel == channel).with_for_update()
    ).first()
    if row is None:
        session.add(
            ChannelToken(
                channel=channel,
                access_token=access,
                refresh_token=refresh,
                updated_at=now,
                expires_at=expires_at,
            )
        )
    else:
        row.access_token, row.refresh_token = access, refresh
        row.updated_at, row.expires_at = now, expires_at


def set_first_pair(
    sessions: sessionmaker[Session],
    access: str,
    refresh: str,
    expires_in: float | None,
    actor: str,
    channel: str = "zalo_oa",
) -> TokenState:
    """Store a pair got by hand (the OA's first authorisation, or a new one after the
    refresh token was lost), with an audit entry that says when, never what."""
    if not access.strip() or not refresh.strip():
        raise UserError("both the access token and the refresh token are needed")
    if any(c.isspace() for c in access.strip() + refresh.strip()):
        raise UserError("a token has no spaces in it: check what was pasted")
    from tracker.officers.service_scope import check_units

    with sessions.begin() as session:
        # One token serves every chat of the channel: a write for the whole store.
        what = f"channels {channel} set-token"
        check_units(session, actor, "write", [None], what=what, entity="channel", key=channel)
        row = session.get(ChannelToken, channel)
        before = None if row is None else _described(row.updated_at, row.expires_at)
        save_pair(session, channel, access.strip(), refresh.strip(), expires_in)
        session.flush()
        row = session.get(ChannelToken, channel)
        assert row is not None
        after = _described(row.updated_at, row.expires_at)
        audit.record(session, actor, "set-token", "channel", channel, before, after)
        return TokenState(row.updated_at, row.expires_at)


def _described(updated_at: datetime, expires_at: datetime | None) -> dict[str, str | None]:
    return {
        "updated_at": updated_at.isoformat(),
        "expires_at": expires_at.isoformat() if expires_at else None,
    }
