"""Build the demo's map before 1 July 2025 in the store: units, teams, members, indicators
and chats."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from tracker.demo.facts import Commune, District, Province, code_part, facts
from tracker.demo.indicators import INDICATORS
from tracker.demo.people import COMMUNE_MEMBERS, VILLAGE_MEMBERS, People
from tracker.demo.plan import ChatPlan, MemberPlan, TeamPlan
from tracker.store.models import Chat, Indicator, Member, MemberAccount, Team, Unit

VILLAGE_NAMES = (
    "Đông", "Đoài", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "An Lạc", "Phú Lộc", "Tiền Phong",
    "Đại Đồng", "Hòa Bình", "Tân Lập", "Bình An", "Phú Xá", "Lạc Thị", "Cao Xá", "Đồng Lạc",
    "Mỹ Xá", "Vạn Tải", "Kim Đôi", "Hội Yên", "Phú Khê", "An Dương", "Thọ Xuân", "Quảng Bá",
    "Lương Xá", "Mai Động", "Tranh Xuyên", "Hà Liễu", "Văn Thai", "Thanh Liễu", "Lê Xá",
    "Đông Tảo", "Hoàng Xá", "Vân Dương", "Kim Lai", "Phương Quan", "Ngọc Lâm", "Tháp Dương",
)  # fmt: skip
# The teams were founded before the month of history the demo gives the old map.
TEAMS_FROM = date(2025, 6, 1)
# In a ward (phường) a team serves one residential area of 450+ households, or two smaller
# ones together (seeds/003).
WARD_TEAM_HOUSEHOLDS = 450


@dataclass(frozen=True, slots=True)
class Size:
    districts: int
    communes: int | None  # per district; None for all of them
    villages: tuple[int, int]


SIZES = {
    "small": Size(1, 2, (3, 4)),
    "medium": Size(3, 5, (4, 8)),
    "large": Size(12, None, (4, 8)),
}


@dataclass
class Built:
    province: Unit
    districts: list[Unit]
    communes: list[Unit]
    teams: dict[str, Team]
    plans: list[TeamPlan]
    indicators: dict[str, Indicator]
    # Every unit of the old map, held so that the session keeps them: its identity map
    # holds objects weakly, and each one dropped would be read back (with a flush of the
    # whole world) when the reorganisation looks it up.
    units: list[Unit] = field(default_factory=list)


class WorldBuilder:
    """Adds the world to a session. Every choice comes from one seeded RNG, in a fixed order."""

    def __init__(self, session: Session, rng: random.Random, caps: dict[str, int]) -> None:
        self.session = session
        self.rng = rng
        self.caps = caps
        self.people = People(rng)
        self.codes: set[str] = set()

    def build(self, size: Size) -> Built:
        """The map before 1 July 2025, whole, with teams in the chosen communes of the
        demo's province; `tracker.demo.reorganize` then brings it to today's map."""
        known = facts()
        tops = [self._old_province(item) for item in known.before]
        top, own = tops[0], known.before[0]
        built = Built(top, [], [], {}, [], self._indicators())
        self._chat("telegram", f"CNCĐ_{own.short}", unit=top)
        districts = {unit.code: unit for unit in top.children}
        picks = sorted(self.rng.sample(range(len(own.districts)), size.districts))
        for index in picks:
            district = own.districts[index]
            unit = districts[district.code]
            built.districts.append(unit)
            self._chat("telegram", f"CNCĐ_{district.short}", unit=unit)
            communes = {child.code: child for child in unit.children}
            count = size.communes or len(district.communes)
            chosen = sorted(self.rng.sample(range(len(district.communes)), count))
            for position in chosen:
                commune = district.communes[position]
                self._commune(built, district, communes[commune.code], commune, size)
        for item in tops:
            built.units.append(item)
            for below in item.children:
                built.units.append(below)
                built.units += [
                    unit for commune in below.children for unit in (commune, *commune.children)
                ]
                below.households = sum(c.households or 0 for c in below.children) or (
                    made_up_households(below.code)
                )
            item.households = sum(d.households or 0 for d in item.children)
        return built

    def _old_province(self, item: Province) -> Unit:
        top = Unit(code=item.code, name=item.name, level="province")
        self.session.add(top)
        for district in item.districts:
            unit = Unit(code=district.code, name=district.name, level="district", parent=top)
            self.session.add(unit)
            for commune in district.communes:
                commune_unit = Unit(
                    code=commune.code,
                    name=commune.full_name,
                    level="commune",
                    parent=unit,
                    households=made_up_households(commune.code),
                )
                self.session.add(commune_unit)
        return top

    def _indicators(self) -> dict[str, Indicator]:
        rows = {
            spec.code: Indicator(
                code=spec.code,
                name=spec.name,
                name_en=spec.name_en,
                pillar=spec.pillar,
                unit=spec.unit,
                aliases=list(spec.aliases),
            )
            for spec in INDICATORS
        }
        self.session.add_all(rows.values())
        return rows

    def _commune(
        self, built: Built, district: District, unit: Unit, commune: Commune, size: Size
    ) -> None:
        built.communes.append(unit)
        villages = self._villages(unit, commune, self.rng.randint(*size.villages))
        unit.households = sum(v.households or 0 for v in villages)
        chat = self._chat("zalo", f"CNCĐ_{commune.name}_{district.short}", unit=unit)
        team = self._team(
            built,
            code=f"CNCD_{code_part(commune.name)}_{code_part(district.short)}",
            name=f"CNCĐ_{commune.name}_{district.short}",
            level="commune",
            units=[unit],
            commune=commune,
        )
        built.plans.append(self._plan(team, chat, chat))
        for group in self._groups(commune, villages):
            label = _village_label(group)
            team = self._team(
                built,
                code=f"CNCD_{code_part(label)}_{code_part(commune.name)}",
                name=f"CNCĐ_{label}_{commune.name}",
                level="village",
                units=group,
                commune=commune,
            )
            own = chat
            if self.rng.random() < 0.5:
                channel = "zalo" if self.rng.random() < 0.7 else "telegram"
                own = self._chat(channel, team.name, team=team)
            built.plans.append(self._plan(team, own, chat))

    def _villages(self, commune_unit: Unit, commune: Commune, count: int) -> list[Unit]:
        if commune.kind == "phường":
            names = [f"Khu dân cư số {n}" for n in range(1, count + 1)]
            low, high = 220, 700
        else:
            prefix = "Thôn" if commune.kind == "xã" else "Khu"
            names = [f"{prefix} {n}" for n in self.rng.sample(VILLAGE_NAMES, count)]
            low, high = 150, 600
        villages = [
            Unit(
                code=f"{commune_unit.code}.{number:02d}",
                name=name,
                level="village",
                parent=commune_unit,
                households=self.rng.randint(low, high),
            )
            for number, name in enumerate(names, start=1)
        ]
        self.session.add_all(villages)
        return villages

    @staticmethod
    def _groups(commune: Commune, villages: list[Unit]) -> list[list[Unit]]:
        if commune.kind != "phường":
            return [[village] for village in villages]
        groups: list[list[Unit]] = []
        waiting: Unit | None = None
        for village in villages:
            if (village.households or 0) >= WARD_TEAM_HOUSEHOLDS:
                groups.append([village])
            elif waiting is None:
                waiting = village
            else:
                groups.append([waiting, village])
                waiting = None
        if waiting is not None:
            groups.append([waiting])
        return groups

    def _team(
        self,
        built: Built,
        code: str,
        name: str,
        level: str,
        units: list[Unit],
        commune: Commune,
    ) -> Team:
        team = Team(
            code=self._unique(code), name=name, level=level, units=units, active_from=TEAMS_FROM
        )
        self.session.add(team)
        built.teams[team.code] = team
        room = max(self.caps.get(level, 7) - 2, 0)  # besides the leader and the deputy
        pool: tuple[str, ...]
        if level == "commune":
            head = "Chủ tịch UBND" if self.rng.random() < 0.3 else "Phó Chủ tịch UBND"
            roles = [
                ("leader", f"{head} {commune.kind}"),
                ("deputy", f"Bí thư Đoàn {commune.kind}"),
            ]
            pool, extra = COMMUNE_MEMBERS, self.rng.randint(min(3, room), room)
        else:
            head = "Trưởng thôn" if units[0].name.startswith("Thôn") else "Trưởng khu dân cư"
            roles = [("leader", head), ("deputy", "Bí thư Chi đoàn")]
            pool, extra = VILLAGE_MEMBERS, self.rng.randint(min(2, room), room)
        roles += [("member", org) for org in self.rng.sample(pool, min(extra, len(pool)))]
        taken: set[str] = set()
        for role, organization in roles:
            person = self.people.person(taken)
            member = Member(
                team=team,
                name=person.name,
                role=role,
                organization=organization,
                phone=person.phone,
            )
            member.accounts = [
                MemberAccount(channel="telegram", user_id=person.telegram_id),
                MemberAccount(channel="zalo", user_id=person.zalo_id),
            ]
            self.session.add(member)
        return team

    def _plan(self, team: Team, chat: ChatPlan, commune_chat: ChatPlan) -> TeamPlan:
        members = [
            MemberPlan(m.name, m.role, {a.channel: a.user_id for a in m.accounts})
            for m in team.members
        ]
        households = sum(unit.households or 0 for unit in team.units)
        diligence = round(self.rng.triangular(0.2, 1.3, 0.85), 2)
        return TeamPlan(
            team.code, team.name, team.level, households, members, chat, commune_chat, {}, diligence
        )

    def _chat(
        self, channel: str, title: str, unit: Unit | None = None, team: Team | None = None
    ) -> ChatPlan:
        if channel == "telegram":
            chat_id = f"-100{self.rng.randrange(10**9, 10**10)}"
        else:
            chat_id = str(self.rng.randrange(10**18, 10**19))
        self.session.add(Chat(channel=channel, chat_id=chat_id, title=title, unit=unit, team=team))
        return ChatPlan(channel, chat_id, title)

    def _unique(self, code: str) -> str:
        candidate, number = code, 2
        while candidate in self.codes:
            candidate, number = f"{code}{number}", number + 1
        self.codes.add(candidate)
        return candidate


def made_up_households(code: str) -> int:
    """A commune without villages in the demo still has households, made up from its code
    (the dataset has none), as in tests/data/maps/make_haiduong_2025.py."""
    return 800 + int(code) * 7919 % 3200


def _village_label(group: list[Unit]) -> str:
    """The village part of a team's name: "An Lạc", "KDC số 3" or "KDC số 3 và 4"."""
    names = [unit.name for unit in group]
    if names[0].startswith("Khu dân cư số "):
        numbers = " và ".join(name.removeprefix("Khu dân cư số ") for name in names)
        return f"KDC số {numbers}"
    return " - ".join(name.removeprefix("Thôn ") for name in names)
