"""Make the demo's fact files from the `vietnamadminunits` dataset (MIT), offline.

    .venv/bin/pip install vietnamadminunits==1.0.4
    .venv/bin/python tests/data/maps/make_demo_haiphong.py

The package never imports the dataset: this script writes, into tracker/demo/,
- hai_phong.json: the map before 1 July 2025 (Tỉnh Hải Dương (30) and the old Thành phố
  Hải Phòng (31), their districts and communes) and after it (Thành phố Hải Phòng (31)
  and its 114 communes), real names and GSO codes;
- hai_phong_2025.csv: the real mapping of 1 July 2025 from the dataset's converter, in the
  columns `tracker reorganize` reads: both provinces into 31, every district ended (Bạch
  Long Vĩ, a district with no commune, becomes the đặc khu), every commune into its new
  commune, one row per part where the converter splits it. The households of a split's
  parts are made up (the dataset has none); the demo replaces them with the households of
  the villages it hands to each part.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import vietnamadminunits

OUT = Path(__file__).parents[3] / "tracker" / "demo"
DATA = Path(vietnamadminunits.__file__).parent / "data"
OLD = ("tinhhaiduong", "thanhphohaiphong")  # the demo's own province first
NEW = "thanhphohaiphong"
SOURCE = (
    "vietnamadminunits 1.0.4 (MIT licence, https://github.com/tranngocminhhieu/"
    "vietnamadminunits): tables admin_units_legacy and admin_units, converter_2025.json; "
    "written by tests/data/maps/make_demo_haiphong.py"
)


def households(code: str) -> int:
    """Made up, deterministic from the code: the dataset has no households."""
    return 800 + int(code) * 7919 % 3200


def level_word(kind: str) -> str:
    return {"Xã": "xã", "Phường": "phường", "Thị trấn": "thị trấn", "Đặc khu": "đặc khu"}[kind]


def main() -> None:
    db = sqlite3.connect(DATA / "dataset.db")
    converter = json.loads((DATA / "converter_2025.json").read_text(encoding="utf-8"))
    new_rows = db.execute(
        "SELECT wardKey, wardCode, ward, wardType, province, provinceCode, provinceShort"
        " FROM admin_units WHERE provinceKey = ? ORDER BY wardCode",
        (NEW,),
    ).fetchall()
    new = {key: (code, name, kind) for key, code, name, kind, *_ in new_rows}
    _, _, _, _, new_province, new_province_code, new_short = new_rows[0]
    whole = {
        old_key: new_key
        for new_key, old_keys in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW].items()
        for old_key in old_keys
    }
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get(NEW, {})
    before = []
    mapping = [("old_code", "new_code", "new_name", "new_level", "new_parent", "households")]
    for province_key in OLD:
        rows = db.execute(
            "SELECT province, provinceCode, provinceShort, district, districtCode,"
            " districtShort, ward, wardCode, districtKey, wardKey FROM admin_units_legacy"
            " WHERE provinceKey = ? ORDER BY districtCode, wardCode",
            (province_key,),
        ).fetchall()
        province, province_code, province_short = rows[0][:3]
        mapping.append((province_code, new_province_code, new_province, "tỉnh", "", ""))
        districts: dict[str, dict[str, object]] = {}
        for _, _, _, district, district_code, short, ward, ward_code, dkey, wkey in rows:
            item = districts.setdefault(
                district_code,
                {"code": district_code, "name": district, "short": short, "communes": []},
            )
            key = f"{province_key}_{dkey}_{wkey or ''}"
            if not ward_code:  # a district with no commune (Bạch Long Vĩ): it goes on
                code, name, kind = new[whole[key]]
                mapping.append((district_code, code, name, level_word(kind), "31", ""))
                continue
            item["communes"].append([ward_code, ward])  # type: ignore[union-attr]
            if key in whole:
                code, name, kind = new[whole[key]]
                mapping.append((ward_code, code, name, level_word(kind), "31", ""))
                continue
            # The converter's default part first: the one teams and chats follow.
            parts = sorted(divided[key], key=lambda part: not part["isDefaultNewWard"])
            total = households(ward_code)
            shares = [total // len(parts)] * len(parts)
            shares[0] += total - sum(shares)
            for part, share in zip(parts, shares, strict=True):
                code, name, kind = new[part["newWardKey"]]
                mapping.append((ward_code, code, name, level_word(kind), "31", str(share)))
        for district_code, item in districts.items():
            if item["communes"]:
                mapping.append((district_code, "", "", "", "", ""))
        before.append(
            {
                "code": province_code,
                "name": province,
                "short": province_short,
                "districts": list(districts.values()),
            }
        )
    facts = {
        "source": SOURCE,
        "effective": "2025-07-01",
        "before": before,
        "after": {
            "code": new_province_code,
            "name": new_province,
            "short": new_short,
            "communes": [[code, name] for _, code, name, *_ in new_rows],
        },
    }
    text = json.dumps(facts, ensure_ascii=False, indent=1)
    # One [code, name] pair a line, so that a diff of the file reads as a list of units.
    text = re.sub(r'\[\s+("\d+"),\s+("[^"]+")\s+\]', r"[\1, \2]", text)
    (OUT / "hai_phong.json").write_text(text + "\n", encoding="utf-8")
    with (OUT / "hai_phong_2025.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(mapping)


if __name__ == "__main__":
    main()
