"""`tracker members unlinked`: members with no account on any channel, phones masked."""

from __future__ import annotations

import json

from tests.conftest import Tracker
from tests.factories import build_world
from tracker.store.models import Member


def _world(tracker: Tracker) -> None:
    with tracker.sessions().begin() as session:
        world = build_world(session)
        session.add_all(
            [
                Member(
                    team=world.teams["CNCD_HoiYen_NguHung"], name="Đỗ Thị Hoa", phone="0987654321"
                ),
                Member(
                    team=world.teams["CNCD_DongTao_DoanTung"], name="Vũ Văn Khánh", role="deputy"
                ),
            ]
        )


def test_unlinked_members_in_every_format(tracker: Tracker) -> None:
    _world(tracker)
    table = tracker.ok("members", "unlinked").output
    assert table.splitlines()[2:] == [
        "CNCD_DongTao_DoanTung  CNCĐ_Đông Tảo_Đoàn Tùng  Vũ Văn Khánh  deputy",
        "CNCD_HoiYen_NguHung    CNCĐ_Hội Yên_Ngũ Hùng    Đỗ Thị Hoa    member  09xx xxx 321",
    ]
    csv = tracker.ok("members", "unlinked", "--scope", "NH", "--format", "csv").output
    assert csv == (
        "team,team_name,member,role,phone\n"
        "CNCD_HoiYen_NguHung,CNCĐ_Hội Yên_Ngũ Hùng,Đỗ Thị Hoa,member,09xx xxx 321\n"
    )
    document = json.loads(tracker.ok("members", "unlinked", "--format", "json").output)
    assert [m["member"] for m in document["members"]] == ["Vũ Văn Khánh", "Đỗ Thị Hoa"]
    assert "0987654321" not in table + csv
    bad = tracker("members", "unlinked", "--scope", "XX")
    assert bad.exit_code == 1 and "Traceback" not in bad.output
