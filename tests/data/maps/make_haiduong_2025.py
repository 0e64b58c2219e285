"""Make the Hải Dương fixtures from the `vietnamadminunits` dataset (MIT), offline.

    .venv/bin/pip install vietnamadminunits==1.0.4
    .venv/bin/python tests/data/maps/make_haiduong_2025.py

Writes, next to this script:
- haiduong_2024_units.csv: Tỉnh Hải Dương before 1 July 2025 (province 30, its 12
  districts, its 207 communes), real names and GSO codes; households are made up
  (deterministic from the code), since the dataset has none;
- haiduong_2025_reorganize.csv: the real mapping of 1 July 2025 from the dataset's
  converter: the province into Thành phố Hải Phòng (31), every district ended, every
  commune into its new commune (one row per part where the converter splits it, the
  made-up households shared out).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import vietnamadminunits

HERE = Path(__file__).parent
DATA = Path(vietnamadminunits.__file__).parent / "data"
OLD, NEW = "tinhhaiduong", "thanhphohaiphong"


def households(code: str) -> int:
    return 800 + int(code) * 7919 % 3200


def level_word(kind: str) -> str:
    return {"Xã": "xã", "Phường": "phường", "Thị trấn": "thị trấn", "Đặc khu": "đặc khu"}[kind]


def main() -> None:
    db = sqlite3.connect(DATA / "dataset.db")
    old = db.execute(
        "SELECT province, provinceCode, district, districtCode, ward, wardCode, provinceKey,"
        " districtKey, wardKey FROM admin_units_legacy WHERE provinceKey = ?"
        " ORDER BY districtCode, wardCode",
        (OLD,),
    ).fetchall()
    new = {
        key: (code, name, kind)
        for key, code, name, kind in db.execute(
            "SELECT wardKey, wardCode, ward, wardType FROM admin_units WHERE provinceKey = ?",
            (NEW,),
        )
    }
    converter = json.loads((DATA / "converter_2025.json").read_text(encoding="utf-8"))
    whole = {
        old_key: new_key
        for new_key, old_keys in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][NEW].items()
        for old_key in old_keys
    }
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get(NEW, {})

    province, province_code = old[0][0], old[0][1]
    units = [("code", "name", "level", "parent", "households")]
    units.append((province_code, province, "tỉnh", "", ""))
    districts = sorted({(row[3], row[2]) for row in old})
    units += [(code, name, "huyện", province_code, "") for code, name in districts]
    mapping = [("old_code", "new_code", "new_name", "new_level", "new_parent", "households")]
    mapping.append((province_code, "31", "Thành phố Hải Phòng", "tỉnh", "", ""))
    mapping += [(code, "", "", "", "", "") for code, _ in districts]
    for *_, district_code, ward, ward_code, province_key, district_key, ward_key in old:
        units.append((ward_code, ward, "xã", district_code, str(households(ward_code))))
        key = f"{province_key}_{district_key}_{ward_key}"
        if key in whole:
            code, name, kind = new[whole[key]]
            mapping.append((ward_code, code, name, level_word(kind), "31", ""))
            continue
        parts = [new[part["newWardKey"]] for part in divided[key]]
        total = households(ward_code)
        shares = [total // len(parts)] * len(parts)
        shares[0] += total - sum(shares)
        for (code, name, kind), share in zip(parts, shares, strict=True):
            mapping.append((ward_code, code, name, level_word(kind), "31", str(share)))
    files = {"haiduong_2024_units.csv": units, "haiduong_2025_reorganize.csv": mapping}
    for name, rows in files.items():
        with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    main()
