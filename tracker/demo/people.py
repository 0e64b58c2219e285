"""Plausible Vietnamese people and the organisations they come from, drawn from a seeded RNG."""

from __future__ import annotations

import random
from dataclasses import dataclass

FAMILY = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 8), ("Vũ", 6), ("Hoàng", 5),
    ("Đặng", 4), ("Bùi", 4), ("Đỗ", 4), ("Ngô", 3), ("Dương", 2), ("Đinh", 2),
    ("Phan", 2), ("Đào", 2), ("Mạc", 2), ("Lương", 1), ("Tạ", 1), ("Nhữ", 1),
)  # fmt: skip
MIDDLE = {
    "m": ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Công", "Thanh"),
    "f": ("Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Phương", "Minh", "Hồng"),
}
GIVEN = {
    "m": (
        "Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Thắng", "Cường", "Phong", "Sơn",
        "Trung", "Hiếu", "Khánh", "Toàn", "Bình", "Quân", "Đạt", "Huy", "Vinh", "Thành",
        "Tùng", "Kiên", "Mạnh", "Quyết", "Lâm", "Tiến",
    ),
    "f": (
        "Lan", "Hương", "Hoa", "Mai", "Hằng", "Nga", "Thảo", "Trang", "Linh", "Yến",
        "Huyền", "Dung", "Hạnh", "Thúy", "Loan", "Nhung", "Phượng", "Vân", "Hà", "Oanh",
    ),
}  # fmt: skip

# Who sits on a team besides its leader and deputy (seeds/001: farmers' and women's
# unions, police, teachers, post and telecom staff).
VILLAGE_MEMBERS = (
    "Chi hội Nông dân",
    "Chi hội Phụ nữ",
    "Công an viên",
    "Giáo viên",
    "Bưu điện",
    "VNPT",
    "Viettel",
    "Chi hội Cựu chiến binh",
)
COMMUNE_MEMBERS = (
    "Hội Nông dân",
    "Hội LHPN",
    "Công an xã",
    "Công chức Văn phòng - Thống kê",
    "Trường THCS",
    "Bưu điện",
    "VNPT",
    "Viettel",
    "Trạm Y tế",
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    phone: str
    telegram_id: str
    zalo_id: str


class People:
    """Hands out people with distinct names within a team and ids unique in the demo."""

    def __init__(self, rng: random.Random, first_serial: int = 0) -> None:
        self._rng = rng
        self._serial = first_serial
        self._families = [name for name, _ in FAMILY]
        self._weights = [weight for _, weight in FAMILY]

    def name(self) -> str:
        sex = self._rng.choice("mf")
        family = self._rng.choices(self._families, self._weights)[0]
        return f"{family} {self._rng.choice(MIDDLE[sex])} {self._rng.choice(GIVEN[sex])}"

    def person(self, taken: set[str]) -> Person:
        name = self.name()
        while name in taken:
            name = self.name()
        taken.add(name)
        self._serial += 1
        prefix = self._rng.choice(("091", "094", "096", "097", "098", "086", "034", "035"))
        return Person(
            name=name,
            phone=f"{prefix}{self._rng.randrange(10**7):07d}",
            telegram_id=str(5_100_000_000 + self._serial * 7919),
            zalo_id=f"{3_000_000_000_000_000 + self._serial * 104_729}",
        )
