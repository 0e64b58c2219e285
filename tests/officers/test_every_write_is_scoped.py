"""The write services that the terminal UI calls without a command line in front of them
(units, teams, review decisions, a quota file) and the rest that only checked the role
before: each, called as the face calls it, refuses the same write one scope over in one
line, audits the refused attempt and leaves the store as it was, and makes the write
inside the scope. `tracker.services.WRITE_SERVICES` names this test, by its case, as the
proof of their scope check.

Accounts (tests/officers/conftest.py, plus one): `xa_nh` edits commune NH, `huyen` is
the admin of district TM (which holds NH, not its neighbour DT), `tinh` the province's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import Tracker
from tests.officers.conftest import AsUser
from tests.pipeline_helpers import msg, send
from tracker.config import Settings, load_settings
from tracker.officers.errors import NotAllowed
from tracker.officers.refusals import record_refusal
from tracker.store.models import (
    AuditEntry,
    ChannelToken,
    OutboxMessage,
    Quota,
    ReportEntry,
    ReviewItem,
    Team,
    Unit,
)


@dataclass
class World:
    """What a case's write needs: the store, its settings, and the items it acts on."""

    sessions: sessionmaker[Session]
    settings: Settings
    folder: Path
    items: dict[str, int]  # review items and outbox messages by the place they belong to

    def quota_file(self, name: str, team: str) -> Path:
        path = self.folder / name
        path.write_text(f"team,indicator,period,target\n{team},ttdt,2026-12,40\n", "utf-8")
        return path


Write = Callable[[Session, World], Any]


@dataclass(frozen=True)
class Case:
    login: str  # who is refused
    theirs: Write  # the write one scope over
    line: str  # the one line the refusal reads
    ours: Write  # the same write inside the scope (by `login`, or an admin where it is theirs)


def _unit_form(code: str, parent: str) -> Any:
    from tracker.units import UnitForm

    return UnitForm(code=code, name="Thôn Mới", level="thôn", parent=parent)


def _save_unit(code: str, parent: str, actor: str) -> Write:
    from tracker.units import save_unit

    return lambda s, w: save_unit(s, w.settings, _unit_form(code, parent), actor)


def _remove_unit(code: str, actor: str) -> Write:
    from tracker.units import remove_unit

    return lambda s, w: remove_unit(s, code, actor)


def _save_team(code: str, unit: str, actor: str) -> Write:
    from tracker.teams import save_team

    return lambda s, w: save_team(s, w.settings, code, "Tổ mới", [unit], actor)


def _remove_team(code: str, actor: str) -> Write:
    from tracker.teams import remove_team

    return lambda s, w: remove_team(s, code, actor)


def _accept(item: str, actor: str) -> Write:
    from tracker.review import accept

    return lambda s, w: accept(s, w.items[item], officer=actor, value=2)


def _reject(item: str, actor: str) -> Write:
    from tracker.review import reject

    return lambda s, w: reject(s, w.items[item], officer=actor, reason="sai")


def _link(team: str, member: str, actor: str) -> Write:
    from tracker.review import link_sender

    return lambda s, w: link_sender(s, w.items["stranger"], team=team, member=member, officer=actor)


def _import(name: str, team: str, actor: str) -> Write:
    from tracker.imports import import_file

    # No `check`: the terminal UI's quota import, which leaves the scope to the service.
    return lambda s, w: import_file(s, "quotas", w.quota_file(name, team), w.settings, actor)


def _retry(chat: str, actor: str) -> Write:
    from tracker.sync.outbox import retry_messages

    return lambda s, w: retry_messages(s, [w.items[chat]], actor)


def _set_token(actor: str) -> Write:
    from tracker.oa_tokens import set_first_pair

    return lambda s, w: set_first_pair(w.sessions, "access-1", "refresh-1", 3600, actor)


def _merge(codes: list[str], into: str, actor: str) -> Write:
    from tracker.maps.teams import merge_teams

    return lambda s, w: merge_teams(s, codes, into, date(2026, 12, 1), actor)


def _retire(code: str, actor: str) -> Write:
    from tracker.maps.teams import retire_team

    return lambda s, w: retire_team(s, code, date(2026, 12, 1), actor)


def _reorganize(old: str, new_name: str, actor: str) -> Write:
    from tracker.maps.reorganize import reorganize

    def write(session: Session, world: World) -> Any:
        path = world.folder / f"sap-xep-{old}.csv"
        path.write_text(
            f"old_code,new_code,new_name,new_level,new_parent\n{old},{old},{new_name},,\n",
            encoding="utf-8",
        )
        return reorganize(
            session, world.settings, path, date(2026, 12, 1), actor, display=path.name
        )

    return write


DT_TEAM, NH_TEAM = "CNCD_DongTao_DoanTung", "CNCD_HoiYen_NguHung"
OUTSIDE = "nằm ngoài phạm vi"

# service (as WRITE_SERVICES names it) -> its case
CASES: dict[str, Case] = {
    "tracker.units:save_unit": Case(
        "xa_nh",
        _save_unit("DT-3", "DT", "xa_nh"),
        f"từ chối unit save DT-3: DT {OUTSIDE} NH của xa_nh",
        _save_unit("NH-4", "NH", "xa_nh"),
    ),
    "tracker.units:remove_unit": Case(
        "xa_nh",
        _remove_unit("DT-2", "xa_nh"),
        f"từ chối unit remove DT-2: DT-2 {OUTSIDE} NH của xa_nh",
        _remove_unit("NH-3", "xa_nh"),
    ),
    "tracker.teams:save_team": Case(
        "xa_nh",
        _save_team("CNCD_Moi_DoanTung", "DT-1", "xa_nh"),
        f"từ chối team save CNCD_Moi_DoanTung: DT-1 {OUTSIDE} NH của xa_nh",
        _save_team("CNCD_Moi_NguHung", "NH-1", "xa_nh"),
    ),
    "tracker.teams:remove_team": Case(
        "xa_nh",
        _remove_team("CNCD_Thu_DoanTung", "xa_nh"),
        f"từ chối team remove CNCD_Thu_DoanTung: DT-1 {OUTSIDE} NH của xa_nh",
        _remove_team("CNCD_Thu_NguHung", "xa_nh"),
    ),
    "tracker.review:accept": Case(
        "xa_nh",
        _accept("DT", "xa_nh"),
        f"từ chối review accept {{DT}}: DT-1 {OUTSIDE} NH của xa_nh",
        _accept("NH", "xa_nh"),
    ),
    "tracker.review:reject": Case(
        "xa_nh",
        _reject("DT", "xa_nh"),
        f"từ chối review reject {{DT}}: DT-1 {OUTSIDE} NH của xa_nh",
        _reject("NH", "xa_nh"),
    ),
    "tracker.review:link_sender": Case(
        "xa_nh",
        _link(DT_TEAM, "Phạm Thị Dung", "xa_nh"),
        f"từ chối review link {{stranger}}: DT-1 {OUTSIDE} NH của xa_nh",
        _link("CNCD_PhuKhe_NguHung", "Ngô Văn Mới", "xa_nh"),
    ),
    "tracker.imports:import_file": Case(
        "xa_nh",
        _import("dt.csv", DT_TEAM, "xa_nh"),
        f"từ chối import quotas {{folder}}/dt.csv, row 2: DT-1 {OUTSIDE} NH của xa_nh",
        _import("nh.csv", NH_TEAM, "xa_nh"),
    ),
    "tracker.sync.outbox:retry_messages": Case(
        "xa_nh",
        _retry("outbox_DT", "xa_nh"),
        f"từ chối outbox retry {{outbox_DT}}: DT {OUTSIDE} NH của xa_nh",
        _retry("outbox_NH", "xa_nh"),
    ),
    "tracker.oa_tokens:set_first_pair": Case(
        "huyen",
        _set_token("huyen"),
        "từ chối channels zalo_oa set-token: việc này áp dụng cho cả kho dữ liệu, "
        "ngoài phạm vi TM của huyen",
        _set_token("tinh"),
    ),
    "tracker.maps.teams:merge_teams": Case(
        "huyen",
        _merge([DT_TEAM], "CNCD_Gop_DoanTung", "huyen"),
        f"từ chối teams merge {DT_TEAM}: DT-1 {OUTSIDE} TM của huyen",
        _merge([NH_TEAM, "CNCD_PhuKhe_NguHung"], "CNCD_Gop_NguHung", "huyen"),
    ),
    "tracker.maps.teams:retire_team": Case(
        "huyen",
        _retire(DT_TEAM, "huyen"),
        f"từ chối teams retire {DT_TEAM}: DT-1 {OUTSIDE} TM của huyen",
        _retire(NH_TEAM, "huyen"),
    ),
    "tracker.maps.reorganize:reorganize": Case(
        "huyen",
        _reorganize("DT", "Xã Đoàn Tùng mới", "huyen"),
        f"từ chối reorganize sap-xep-DT.csv, row 2: DT {OUTSIDE} TM của huyen",
        _reorganize("NH", "Xã Ngũ Hùng mới", "huyen"),
    ),
}


def _world(province: AsUser, tracker: Tracker, folder: Path) -> World:
    """The province of conftest, with what the cases act on on both sides of the line."""
    from tracker.members import MemberForm, add_member
    from tracker.units import save_unit

    province.ok(
        "tinh",
        "officer",
        "add",
        "huyen",
        "--name",
        "Vũ Văn Huyện",
        "--scope",
        "TM",
        "--role",
        "admin",
    )
    sessions = tracker.sessions()
    settings = load_settings(tracker.db_url, environ={})
    world = World(sessions, settings, folder, {})
    with sessions.begin() as session:
        for code, parent in (("DT-2", "DT"), ("NH-3", "NH")):  # units nothing hangs on
            save_unit(session, settings, _unit_form(code, parent), "tinh")
        for code, unit in (("CNCD_Thu_DoanTung", "DT-1"), ("CNCD_Thu_NguHung", "NH-1")):
            _save_team(code, unit, "tinh")(session, world)
        # a member with no chat account yet, for the stranger's item to be linked to
        form = MemberForm(name="Ngô Văn Mới", phone="0912000222")
        add_member(session, "CNCD_PhuKhe_NguHung", form, {}, "tinh")
        chats = (("DT", "zalo", "zg-1"), ("NH", "telegram", "-1001000000001"))
        for place, channel, chat_id in chats:
            message = OutboxMessage(
                idempotency_key=f"digest:{channel}:{chat_id}:2026-11-20",
                kind="digest",
                channel=channel,
                chat_id=chat_id,
                text="Bản tin",
                status="failed",
            )
            session.add(message)
            session.flush()
            world.items[f"outbox_{place}"] = message.id
    # "hai" is not a number: an item for each commune's team, and one from a stranger.
    for number, (place, sender) in enumerate(
        (("DT", "1004"), ("NH", "1001"), ("stranger", "5555")), start=1
    ):
        send(sessions, msg(number, "/bc dvc hai", sender=sender))
        with sessions() as session:
            world.items[place] = session.scalars(
                select(ReviewItem.id).order_by(ReviewItem.id.desc())
            ).first()  # type: ignore[assignment]
    return world


def _store(sessions: sessionmaker[Session]) -> list[Any]:
    """What any of the cases would change, and the audit entries of changes made."""
    with sessions() as session:
        return [
            sorted(session.execute(select(Unit.code, Unit.name, Unit.parent_id)).all()),
            sorted(session.execute(select(Team.code, Team.name, Team.retired_on)).all()),
            sorted(session.execute(select(Quota.team_id, Quota.indicator_id, Quota.period)).all()),
            session.scalar(select(ReportEntry.id.is_not(None)).limit(1)),
            sorted(session.execute(select(ReviewItem.id, ReviewItem.status)).all()),
            sorted(session.execute(select(OutboxMessage.id, OutboxMessage.status)).all()),
            session.scalars(select(ChannelToken.channel)).all(),
            session.scalars(select(AuditEntry.id).where(AuditEntry.refused.is_(False))).all(),
        ]


def _refused(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(AuditEntry.actor).where(AuditEntry.refused)))


@pytest.mark.parametrize("service", sorted(CASES))
def test_a_write_outside_the_scope_is_refused(
    service: str, province: AsUser, sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    case = CASES[service]
    world = _world(province, sqlite_tracker, tmp_path)
    sessions = world.sessions
    before, refused_before = _store(sessions), _refused(sessions)

    # As a face calls it: one transaction, the refusal audited at the boundary.
    with pytest.raises(NotAllowed) as caught, sessions.begin() as session:
        case.theirs(session, world)
    record_refusal(sessions, caught.value)
    names = {key: str(value) for key, value in world.items.items()}
    assert caught.value.text("vi") == case.line.format(folder=tmp_path, **names)
    assert _store(sessions) == before
    assert _refused(sessions) == [*refused_before, case.login]

    with sessions.begin() as session:
        case.ours(session, world)
    assert _store(sessions) != before
