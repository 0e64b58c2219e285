"""A channel's OAuth token pair, kept in the store (table `channel_tokens`, migration 0003).

Zalo OA tokens are several hundred characters, too long for `channel_cursors`, hence
their own table. Each save writes both tokens in one transaction, so the single-use
refresh token is never stored apart from the access token it came with; on PostgreSQL
the row is locked (SELECT … FOR UPDATE) while it is rewritten. The adapter holds its
own lock around load-refresh-save.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tracker.errors import UserError
from tracker.store.models import ChannelToken


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

    def save(self, access: str, refresh: str) -> None:
        with self._sessions.begin() as session:
            row = session.scalars(
                select(ChannelToken).where(ChannelToken.channel == self._channel).with_for_update()
            ).first()
            if row is None:
                session.add(
                    ChannelToken(channel=self._channel, access_token=access, refresh_token=refresh)
                )
            else:
                row.access_token, row.refresh_token = access, refresh
