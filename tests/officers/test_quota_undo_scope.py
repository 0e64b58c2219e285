"""Undoing a quota change is a write like the change: the editor of commune NH cannot undo
in DT (refused in one line, audited, nothing undone); in NH the targets come back, with an
`undo` entry per quota, and a quota changed since is not undone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import Tracker
from tests.officers.conftest import AsUser
from tests.officers.test_service_scopes import MONTH, _quotas, _refusals, _refused
from tracker.hierarchy import find_unit
from tracker.quota_undo import QuotaEdit, edits_of, undo_quota_edits
from tracker.quotas import QuotaError, set_quota
from tracker.store.models import AuditEntry


def test_undo_quota_edits_is_scope_checked(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    with sessions.begin() as session:
        theirs = edits_of([set_quota(session, "CNCD_DongTao_DoanTung", "ttdt", MONTH, "8", "tinh")])
    line = _refused(sessions, lambda s: undo_quota_edits(s, find_unit(s, "DT"), theirs, "xa_nh"))
    assert line == "từ chối quota undo DT: DT nằm ngoài phạm vi NH của xa_nh"
    # Their own scope does not let them reach a team outside it either.
    line = _refused(sessions, lambda s: undo_quota_edits(s, find_unit(s, "NH"), theirs, "xa_nh"))
    assert line.endswith("DT-1 nằm ngoài phạm vi NH của xa_nh")
    assert _quotas(sessions) == {"CNCD_DongTao_DoanTung": 8}
    assert [actor for actor, _ in _refusals(sessions)] == ["xa_nh", "xa_nh"]

    with sessions.begin() as session:
        first = set_quota(session, "CNCD_HoiYen_NguHung", "ttdt", MONTH, "7", "xa_nh")
        second = set_quota(session, "CNCD_HoiYen_NguHung", "ttdt", MONTH, "30%", "xa_nh")
    assert (first.previous, second.previous) == (None, "7")
    with sessions.begin() as session:
        undone = undo_quota_edits(session, find_unit(session, "NH"), edits_of([second]), "xa_nh")
    assert undone == 1
    assert _quotas(sessions)["CNCD_HoiYen_NguHung"] == 7
    with sessions.begin() as session:
        undo_quota_edits(session, find_unit(session, "NH"), edits_of([first]), "xa_nh")
    assert "CNCD_HoiYen_NguHung" not in _quotas(sessions)
    with sessions() as session:
        undos = session.execute(
            select(AuditEntry.actor, AuditEntry.entity_key, AuditEntry.before, AuditEntry.after)
            .where(AuditEntry.action == "undo")
            .order_by(AuditEntry.id)
        ).all()
    key = "CNCD_HoiYen_NguHung/ttdt/2026-12"
    assert [(a, k) for a, k, _, _ in undos] == [("xa_nh", key), ("xa_nh", key)]
    assert [(b["target"], a and a["target"]) for _, _, b, a in undos] == [
        ("30%", "7"),
        ("7", None),
    ]


def test_a_quota_changed_since_is_not_undone(province: AsUser, sqlite_tracker: Tracker) -> None:
    sessions = sqlite_tracker.sessions()
    with sessions.begin() as session:
        mine = set_quota(session, "CNCD_HoiYen_NguHung", "dvc", MONTH, "10", "xa_nh")
        set_quota(session, "CNCD_PhuKhe_NguHung", "dvc", MONTH, "12", "xa_nh")
        set_quota(session, "CNCD_HoiYen_NguHung", "dvc", MONTH, "11", "tinh")
    edits = [*edits_of([mine]), QuotaEdit("CNCD_PhuKhe_NguHung", "dvc", str(MONTH), None, "12")]
    with pytest.raises(QuotaError) as refused, sessions.begin() as session:
        undo_quota_edits(session, find_unit(session, "NH"), edits, "xa_nh")
    assert refused.value.text("vi") == (
        "không hoàn tác được: CNCD_HoiYen_NguHung/dvc/2026-12 đã đổi thành 11 sau thay đổi này"
    )
    assert _quotas(sessions, "dvc") == {"CNCD_HoiYen_NguHung": 11, "CNCD_PhuKhe_NguHung": 12}
