"""The real map the demo is built on, from the fact files shipped beside this module.

hai_phong.json holds the map before 1 July 2025 (Tỉnh Hải Dương and the old Thành phố
Hải Phòng, with districts) and after it (Thành phố Hải Phòng, province > communes);
hai_phong_2025.csv is the real mapping between them, in the columns `tracker reorganize`
reads. Both are written from the `vietnamadminunits` dataset (MIT) by
tests/data/maps/make_demo_haiphong.py, so the package does not need the dataset.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from tracker.text import fold

FACT_FILE = "hai_phong.json"
MAPPING_FILE = "hai_phong_2025.csv"

# The commune-level kinds a name in the fact file starts with.
COMMUNE_KINDS = ("thị trấn", "phường", "xã", "đặc khu")


@dataclass(frozen=True, slots=True)
class Commune:
    code: str  # the GSO code: "10507"
    kind: str  # xã, phường, thị trấn or đặc khu
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
    """A province before 2025, with its districts."""

    code: str
    name: str
    short: str
    districts: tuple[District, ...]


@dataclass(frozen=True, slots=True)
class NewProvince:
    """The province from 1 July 2025: communes right under it."""

    code: str
    name: str
    short: str
    communes: tuple[Commune, ...]


@dataclass(frozen=True, slots=True)
class Facts:
    effective: date  # the day the new map starts
    before: tuple[Province, ...]  # the demo's own province first
    after: NewProvince


@cache
def facts() -> Facts:
    """The fact file, read once."""
    data = json.loads(_read(FACT_FILE))
    before = tuple(
        Province(
            code=item["code"],
            name=item["name"],
            short=item["short"],
            districts=tuple(
                District(
                    code=district["code"],
                    name=district["name"],
                    short=district["short"],
                    communes=tuple(_commune(*pair) for pair in district["communes"]),
                )
                for district in item["districts"]
            ),
        )
        for item in data["before"]
    )
    top = data["after"]
    after = NewProvince(
        code=top["code"],
        name=top["name"],
        short=top["short"],
        communes=tuple(_commune(*pair) for pair in top["communes"]),
    )
    return Facts(date.fromisoformat(data["effective"]), before, after)


@cache
def mapping() -> tuple[dict[str, str], ...]:
    """The rows of the mapping of 1 July 2025, as `tracker reorganize` reads them."""
    return tuple(csv.DictReader(io.StringIO(_read(MAPPING_FILE))))


def _read(name: str) -> str:
    return resources.files("tracker.demo").joinpath(name).read_text(encoding="utf-8")


def _commune(code: str, text: str) -> Commune:
    for kind in COMMUNE_KINDS:
        if text.lower().startswith(kind + " "):
            return Commune(code=code, kind=kind, name=text[len(kind) + 1 :])
    raise ValueError(f"{FACT_FILE}: '{text}' does not start with xã, phường, thị trấn or đặc khu")


def code_part(name: str) -> str:
    """A name as it appears inside a code: "Ngũ Hùng" -> "NguHung", "KDC số 3" -> "KDCSo3"."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return "".join(word if word.isdigit() else word.capitalize() for word in words)
