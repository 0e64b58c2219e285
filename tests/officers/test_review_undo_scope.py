"""Undoing a review decision is a decision like it: the editor of commune NH cannot undo a
reject of DT's item, nor can a viewer anywhere (refused in one line, audited, nothing
undone); in NH the item is open again with an `undo` entry of its own."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import Tracker
from tests.officers.conftest import AsUser
from tests.officers.test_service_scopes import _refusals, _refused
from tests.pipeline_helpers import msg, send
from tracker.review import reject
from tracker.review_undo import ReviewDecision, decide, undo_decision
from tracker.store.models import AuditEntry, ReviewItem


def test_undo_decision_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    items: dict[str, int] = {}
    # "hai" is not a number: an item for each commune's team.
    for number, (place, sender) in enumerate((("DT", "1004"), ("NH", "1001")), start=1):
        send(sessions, msg(number, "/bc dvc hai", sender=sender))
        with sessions() as session:
            items[place] = max(session.scalars(select(ReviewItem.id)))

    def rejected(place: str, actor: str) -> ReviewDecision:
        item = items[place]
        with sessions.begin() as session:
            _, decision = decide(
                session, "reject", [item], lambda: reject(session, item, officer=actor)
            )
            return decision

    def statuses() -> dict[int, str]:
        with sessions() as session:
            rows = session.execute(select(ReviewItem.id, ReviewItem.status))
            return {item: status for item, status in rows}

    theirs = rejected("DT", "tinh")
    line = _refused(sessions, lambda s: undo_decision(s, theirs, "xa_nh"))
    assert line == f"từ chối review undo {items['DT']}: DT-1 nằm ngoài phạm vi NH của xa_nh"
    mine = rejected("NH", "xa_nh")
    line = _refused(sessions, lambda s: undo_decision(s, mine, "so"))
    assert line.startswith(f"từ chối review undo {items['NH']}")
    assert statuses() == {items["DT"]: "rejected", items["NH"]: "rejected"}
    assert [actor for actor, _ in _refusals(sessions)] == ["xa_nh", "so"]

    with sessions.begin() as session:
        undo_decision(session, mine, "xa_nh")
    assert statuses() == {items["DT"]: "rejected", items["NH"]: "open"}
    with sessions() as session:
        undos = session.execute(
            select(AuditEntry.actor, AuditEntry.entity_key, AuditEntry.after).where(
                AuditEntry.action == "undo"
            )
        ).all()
    assert [(actor, key, after["status"]) for actor, key, after in undos] == [
        ("xa_nh", str(items["NH"]), "open")
    ]
