"""A small, realistic world for tests: one province, a 4-level branch and a 3-level branch.

    HD  Tỉnh Hải Dương (province)
    ├── TM  Huyện Thanh Miện (district)
    │   └── NH  Xã Ngũ Hùng (commune, 900 households)     team CNCD_NH
    │       ├── NH-1 Thôn Hội Yên (300 hh)                 team CNCD_HoiYen_NguHung
    │       └── NH-2 Thôn Phú Khê (250 hh)                 team CNCD_PhuKhe_NguHung
    └── DT  Xã Đoàn Tùng (commune, directly under the province: the 2025 shape)
        └── DT-1 Thôn Đông Tảo (400 hh)                    team CNCD_DongTao_DoanTung

Telegram user ids: 1001.. for members; 1001 (Nguyễn Văn An) leads two teams.
Chats: -1001000000001 bound to commune NH (its digest), -1001000000002 bound to team
CNCD_HoiYen_NguHung, zalo "zg-1" bound to DT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from tracker.periods import Period
from tracker.store.models import (
    Chat,
    Indicator,
    Member,
    MemberAccount,
    Quota,
    Task,
    TaskAssignment,
    Team,
    Unit,
)

INDICATORS = {
    "ttdt": (
        "Hộ có tài khoản thanh toán điện tử",
        "Households with e-payment",
        "economy",
        "hộ",
        ["thanh toán điện tử", "tài khoản thanh toán", "ví điện tử", "ttđt"],
    ),
    "dvc": (
        "Hồ sơ dịch vụ công trực tuyến",
        "Online public-service filings",
        "government",
        "hồ sơ",
        ["dịch vụ công", "dvc trực tuyến", "hồ sơ trực tuyến"],
    ),
    "vneid": (
        "Hộ kích hoạt VNeID",
        "Households with VNeID activated",
        "government",
        "hộ",
        ["VNeID", "định danh điện tử", "kích hoạt VNeID"],
    ),
    "ocop": (
        "Sản phẩm OCOP lên sàn",
        "OCOP products online",
        "economy",
        "sản phẩm",
        ["sản phẩm OCOP", "ocop lên sàn"],
    ),
}


@dataclass
class World:
    period: Period
    province: Unit
    commune: Unit
    teams: dict[str, Team]
    indicators: dict[str, Indicator]


def build_world(session: Session, period: str = "2026-11") -> World:
    """Add the world above to the session and flush it; the caller commits."""
    hd = Unit(code="HD", name="Tỉnh Hải Dương", level="province")
    tm = Unit(code="TM", name="Huyện Thanh Miện", level="district", parent=hd)
    nh = Unit(code="NH", name="Xã Ngũ Hùng", level="commune", parent=tm, households=900)
    nh1 = Unit(code="NH-1", name="Thôn Hội Yên", level="village", parent=nh, households=300)
    nh2 = Unit(code="NH-2", name="Thôn Phú Khê", level="village", parent=nh, households=250)
    dt = Unit(code="DT", name="Xã Đoàn Tùng", level="commune", parent=hd, households=700)
    dt1 = Unit(code="DT-1", name="Thôn Đông Tảo", level="village", parent=dt, households=400)
    session.add_all([hd, tm, nh, nh1, nh2, dt, dt1])

    teams = {
        "CNCD_NH": Team(code="CNCD_NH", name="Tổ CNSCĐ xã Ngũ Hùng", level="commune", units=[nh]),
        "CNCD_HoiYen_NguHung": Team(
            code="CNCD_HoiYen_NguHung", name="CNCĐ_Hội Yên_Ngũ Hùng", level="village", units=[nh1]
        ),
        "CNCD_PhuKhe_NguHung": Team(
            code="CNCD_PhuKhe_NguHung", name="CNCĐ_Phú Khê_Ngũ Hùng", level="village", units=[nh2]
        ),
        "CNCD_DongTao_DoanTung": Team(
            code="CNCD_DongTao_DoanTung",
            name="CNCĐ_Đông Tảo_Đoàn Tùng",
            level="village",
            units=[dt1],
        ),
    }
    session.add_all(teams.values())

    people = [
        ("CNCD_HoiYen_NguHung", "Nguyễn Văn An", "leader", "1001", "z1001"),
        ("CNCD_HoiYen_NguHung", "Trần Thị Bình", "deputy", "1002", None),
        ("CNCD_PhuKhe_NguHung", "Lê Văn Cường", "leader", "1003", None),
        ("CNCD_DongTao_DoanTung", "Phạm Thị Dung", "leader", "1004", "z1004"),
        ("CNCD_NH", "Nguyễn Văn An", "member", "1001", "z1001"),
        ("CNCD_NH", "Hoàng Văn Em", "leader", "1005", None),
    ]
    for team_code, name, role, telegram_id, zalo_id in people:
        member = Member(team=teams[team_code], name=name, role=role, phone="0912345678")
        member.accounts.append(MemberAccount(channel="telegram", user_id=telegram_id))
        if zalo_id:
            member.accounts.append(MemberAccount(channel="zalo", user_id=zalo_id))
        session.add(member)

    indicators = {
        code: Indicator(code=code, name=vi, name_en=en, pillar=pillar, unit=unit, aliases=aliases)
        for code, (vi, en, pillar, unit, aliases) in INDICATORS.items()
    }
    session.add_all(indicators.values())

    span = Period.parse(period)
    village_households = {
        "CNCD_HoiYen_NguHung": 300,
        "CNCD_PhuKhe_NguHung": 250,
        "CNCD_DongTao_DoanTung": 400,
    }
    for team_code, households in village_households.items():
        session.add_all(
            [
                Quota(
                    team=teams[team_code],
                    indicator=indicators["ttdt"],
                    period=str(span),
                    starts_on=span.start,
                    ends_on=span.end,
                    target_kind="share",
                    target_value=Decimal(30),
                    resolved_target=-(-households * 30 // 100),
                ),
                Quota(
                    team=teams[team_code],
                    indicator=indicators["dvc"],
                    period=str(span),
                    starts_on=span.start,
                    ends_on=span.end,
                    target_kind="count",
                    target_value=Decimal(20),
                    resolved_target=20,
                ),
            ]
        )

    session.add_all(
        [
            Chat(
                channel="telegram",
                chat_id="-1001000000001",
                title="CNCĐ_Ngũ Hùng_Thanh Miện",
                unit=nh,
            ),
            Chat(
                channel="telegram",
                chat_id="-1001000000002",
                title="CNCĐ_Hội Yên_Ngũ Hùng",
                team=teams["CNCD_HoiYen_NguHung"],
            ),
            Chat(channel="zalo", chat_id="zg-1", title="CNCĐ_Đoàn Tùng", unit=dt),
        ]
    )

    task = Task(
        code="ZALO1", title="Lập nhóm Zalo thôn", due=date(span.start.year, span.start.month, 15)
    )
    task.assignments = [TaskAssignment(team=teams[code]) for code in village_households]
    session.add(task)
    session.flush()
    return World(period=span, province=hd, commune=nh, teams=teams, indicators=indicators)
