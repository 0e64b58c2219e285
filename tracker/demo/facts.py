"""The real place names the demo is built on, from the fact file shipped beside this module."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from tracker.text import fold

FACT_FILE = "hai_duong.json"

# The commune-level kinds a name in the fact file starts with.
COMMUNE_KINDS = ("thị trấn", "phường", "xã")


@dataclass(frozen=True, slots=True)
class Commune:
    kind: str  # xã, phường or thị trấn
    name: str  # without the kind: "Ngũ Hùng"

    @property
    def full_name(self) -> str:
        return f"{self.kind.capitalize()} {self.name}"


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name: str  # "Huyện Thanh Miện"
    short: str  # "Thanh Miện"
    communes: tuple[Commune, ...]


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    short: str
    districts: tuple[District, ...]


@cache
def province() -> Province:
    """The province of the fact file, read once."""
    text = resources.files("tracker.demo").joinpath(FACT_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    districts = tuple(
        District(
            code=item["code"],
            name=item["name"],
            short=item["short"],
            communes=tuple(_commune(name) for name in item["communes"]),
        )
        for item in data["districts"]
    )
    top = data["province"]
    return Province(code=top["code"], name=top["name"], short=top["short"], districts=districts)


def _commune(text: str) -> Commune:
    for kind in COMMUNE_KINDS:
        if text.startswith(kind + " "):
            return Commune(kind=kind, name=text[len(kind) + 1 :])
    raise ValueError(f"{FACT_FILE}: '{text}' does not start with xã, phường or thị trấn")


def code_part(name: str) -> str:
    """A name as it appears inside a code: "Ngũ Hùng" -> "NguHung", "KDC số 3" -> "KDCSo3"."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return "".join(word if word.isdigit() else word.capitalize() for word in words)
