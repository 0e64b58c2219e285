"""No reply, notice or digest text shows a whole phone number from the roster, whatever
the number and however the member writes it."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import Tracker
from tests.factories import build_world
from tests.pipeline_helpers import msg, send
from tracker.store.models import Member, OutboxMessage

DAY = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
_IDS = itertools.count(1)

mobiles = st.builds(
    lambda prefix, rest: f"0{prefix}{rest:08d}",
    st.sampled_from("35789"),
    st.integers(0, 99_999_999),
)
spellings = st.sampled_from(
    [
        lambda p: p,
        lambda p: f"{p[:4]}.{p[4:7]}.{p[7:]}",
        lambda p: f"{p[:4]} {p[4:7]} {p[7:]}",
        lambda p: f"+84 {p[1:4]} {p[4:7]} {p[7:]}",
        lambda p: "84" + p[1:],
    ]
)


def _forms(phone: str) -> list[str]:
    """How a whole number could show: as stored, without its 0, with the country code."""
    return [phone, phone[1:], "84" + phone[1:]]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(phone=mobiles, spelling=spellings, known=st.booleans(), twice=st.booleans())
def test_no_text_shows_a_whole_roster_phone(
    sqlite_tracker: Tracker,
    phone: str,
    spelling,
    known: bool,
    twice: bool,  # type: ignore[no-untyped-def]
) -> None:
    sessions = sqlite_tracker.sessions()
    with sessions.begin() as session:
        if session.scalar(select(Member.id).limit(1)) is None:
            build_world(session)
        # Every member has the number: several match (review), or one does (linked),
        # or, when it is not `known`, nobody does.
        members = session.scalars(select(Member)).all()
        for index, member in enumerate(members):
            member.phone = phone if known and (twice or index == 0) else None
    first = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
    user = f"u{next(_IDS)}"
    send(
        sessions,
        msg(f"{user}-1", "/bc ttdt 3", sender=user, chat=user, at=DAY),
        msg(f"{user}-2", f"/dangky {spelling(phone)}", sender=user, chat=user, at=DAY),
        msg(f"{user}-3", f"đăng ký {spelling(phone)}", sender=f"{user}x", chat=user, at=DAY),
    )
    with sessions() as session:
        texts = session.scalars(
            select(OutboxMessage.text).where(OutboxMessage.id > (first or 0))
        ).all()
    assert texts
    digest = sqlite_tracker.ok("digest", "--scope", "NH", "--date", "2026-11-20").output
    for text in [*texts, digest]:
        squeezed = re.sub(r"(?<=\d)[ .\-+()](?=\d)", "", text)
        assert not any(form in squeezed for form in _forms(phone)), text
