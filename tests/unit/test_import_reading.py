"""Reading import files and the words in them, without a store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tracker.imports import values, vocab
from tracker.imports.errors import ImportFailed
from tracker.imports.reading import Spec, read_table

SPEC = Spec("units", ("code", "name", "level", "parent", "households"), ("code", "name", "level"))


def _read(tmp_path: Path, data: bytes, name: str = "u.csv") -> list[dict[str, str]]:
    path = tmp_path / name
    path.write_bytes(data)
    table = read_table(path, SPEC, "en")
    return [dict(row.cells, row=str(row.number)) for row in table.rows]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_bom_and_delimiters(tmp_path: Path, bom: bytes, delimiter: str) -> None:
    text = (
        delimiter.join(["Mã", "Tên", "Cấp"])
        + "\n"
        + delimiter.join(["HD", "Hải Dương, tỉnh", "tỉnh"])
    )
    if delimiter == ",":
        text = 'Mã,Tên,Cấp\nHD,"Hải Dương, tỉnh",tỉnh'
    rows = _read(tmp_path, bom + text.encode())
    assert rows == [{"code": "HD", "name": "Hải Dương, tỉnh", "level": "tỉnh", "row": "2"}]


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    data = 'code,name,level\r\nA,"Two\r\nlines",xã\r\n\r\nB,b,thôn\r\n'.encode()
    rows = _read(tmp_path, data)
    assert [(row["code"], row["row"]) for row in rows] == [("A", "2"), ("B", "4")]
    assert rows[0]["name"] == "Two\r\nlines"


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Mã", "code"),
        ("MA", "code"),
        ("Tên đơn vị", "name"),
        ("cap", "level"),
        ("Đơn vị cha", "parent"),
        ("Cấp trên", "parent"),
        ("don vi cap tren", "parent"),
        ("Số hộ", "households"),
        ("SO HO", "households"),
        ("  households ", "households"),
    ],
)
def test_vietnamese_headers_with_or_without_diacritics(header: str, column: str) -> None:
    assert vocab.headers("units", SPEC.columns)[vocab.key(header)] == column


def test_same_word_means_what_the_kind_needs() -> None:
    assert vocab.headers("members", ("organization",))[vocab.key("Đơn vị")] == "organization"
    assert vocab.headers("teams", ("units",))[vocab.key("Đơn vị")] == "units"
    assert vocab.headers("indicators", ("unit",))[vocab.key("Đơn vị tính")] == "unit"
    assert vocab.headers("chats", ("unit",))[vocab.key("đơn vị")] == "unit"
    members = ("team", "name", "role", "phone", "telegram_id", "zalo_id", "organization")
    table = vocab.headers("members", members)
    assert table[vocab.key("SĐT")] == "phone"
    assert table[vocab.key("Chức vụ")] == "role"
    assert table[vocab.key("telegram_id")] == "telegram_id"


@pytest.mark.parametrize(
    ("word", "has_parent", "level"),
    [
        ("tỉnh", False, "province"),
        ("Thành phố", False, "province"),
        ("thành phố", True, "district"),
        ("TP", True, "district"),
        ("huyện", True, "district"),
        ("Quận", True, "district"),
        ("thị xã", True, "district"),
        ("xã", True, "commune"),
        ("Phường", True, "commune"),
        ("thi tran", True, "commune"),
        ("đặc khu", True, "commune"),
        ("cấp xã", True, "commune"),
        ("thôn", True, "village"),
        ("ấp", True, "village"),
        ("bản", True, "village"),
        ("buôn", True, "village"),
        ("sóc", True, "village"),
        ("khóm", True, "village"),
        ("khu phố", True, "village"),
        ("Tổ dân phố", True, "village"),
        ("village", True, "village"),
        ("vùng", True, None),
    ],
)
def test_levels(word: str, has_parent: bool, level: str | None) -> None:
    assert vocab.level(word, has_parent) == level


def test_roles_and_pillars() -> None:
    assert vocab.role("Tổ trưởng") == "leader"
    assert vocab.role("to pho") == "deputy"
    assert vocab.role("Thành viên") == "member"
    assert vocab.role("thủ quỹ") is None
    assert vocab.pillar("Chính quyền số") == "government"
    assert vocab.pillar("kinh te so") == "economy"
    assert vocab.pillar("Xã hội số") == "society"
    assert vocab.pillar("Đào tạo (tuyên truyền)") == "training"
    assert vocab.pillar("đào tạo, tuyên truyền") == "training"


def test_header_keys_ignore_case_marks_and_punctuation() -> None:
    assert vocab.key("Đơn vị  cấp_trên (*)") == "don vi cap tren"
    assert vocab.key("SỐ HỘ") == vocab.key("so-ho") == "so ho"


def test_counts_shares_and_dates() -> None:
    assert values.count("1.200") == 1200
    assert values.count("1,200") == 1200
    assert values.count("480") == 480
    assert values.count("12.5") is None
    assert values.count("-5") is None
    assert values.share("30%") == Decimal(30)
    assert values.share("30,5 %") == Decimal("30.5")
    assert values.share("30") is None
    assert values.day("2026-06-30") == date(2026, 6, 30)
    assert values.day("30/6/2026") == date(2026, 6, 30)
    assert values.day("31/02/2026") is None
    assert values.day("6/30/2026") is None


def test_xlsx_cells(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "name", "level", "households"])
    sheet.append(["HD", "Hải Dương", "tỉnh", 1200.0])
    sheet.append([None] * 4)
    sheet.append([42, datetime(2026, 6, 30), "xã", 7])
    path = tmp_path / "u.xlsx"
    book.save(path)
    rows = _read(tmp_path, path.read_bytes(), "u.xlsx")
    assert rows[0] == {
        "code": "HD",
        "name": "Hải Dương",
        "level": "tỉnh",
        "households": "1200",
        "row": "2",
    }
    assert rows[1]["row"] == "4"
    assert (rows[1]["code"], rows[1]["name"]) == ("42", "2026-06-30")


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"u\.csv:1: the file is empty"):
        _read(tmp_path, b"")


@pytest.mark.parametrize(
    "text",
    [
        "2026-11",
        "11/2026",
        "T11/2026",
        "t11/2026",
        "tháng 11/2026",
        "Tháng 11 năm 2026",
        "THANG 11 NAM 2026",
        "11-2026",
        "11.2026",
        "2026/11",
        "2026-11-01",  # a date cell, as the reader gives it
        "01/11/2026",
        "46327",  # the same date in a cell formatted "General": its serial number
    ],
)
def test_periods_as_offices_write_them(text: str) -> None:
    period = values.period(text)
    assert period is not None and str(period) == "2026-11"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2026-Q4", "2026-Q4"),
        ("Quý IV/2026", "2026-Q4"),
        ("quý 4 năm 2026", "2026-Q4"),
        ("Q4/2026", "2026-Q4"),
        ("2026", "2026"),
        ("năm 2026", "2026"),
    ],
)
def test_quarters_and_years(text: str, shown: str) -> None:
    assert str(values.period(text)) == shown


@pytest.mark.parametrize("text", ["13/2026", "tháng mười", "2026-13", "11", "12345", ""])
def test_not_periods(text: str) -> None:
    assert values.period(text) is None


def test_a_fraction_is_a_share_and_a_serial_is_a_due_date() -> None:
    assert values.cell_share("0.6") == Decimal(60)
    assert values.cell_share("0,305") == Decimal("30.5")
    assert values.cell_share("60%") == Decimal(60)
    assert values.cell_share("1.5") is None
    assert values.share("0.6") is None  # typed in a form, 0.6 is not taken for 60%
    assert values.day("46357") == date(2026, 12, 1)
    assert values.day("12345") is None  # 1933: not a due date anyone types


@pytest.mark.parametrize(
    ("kind", "columns", "header", "column"),
    [
        ("units", SPEC.columns, "Mã đơn vị", "code"),
        ("units", SPEC.columns, "Số hộ (hộ)", "households"),
        ("units", SPEC.columns, "Số hộ\n(hộ)", "households"),
        ("units", SPEC.columns, "  SỐ   HỘ [bắt buộc] ", "households"),
        ("units", SPEC.columns, "Mã đơn vị cấp trên", "parent"),
        ("teams", ("code", "name", "units"), "Mã tổ", "code"),
        ("teams", ("code", "name", "units"), "Địa bàn phụ trách", "units"),
        ("members", ("team", "name", "phone"), "Mã tổ", "team"),
        ("members", ("team", "name", "phone"), "Tên tổ", "team"),
        ("teams", ("code", "name", "units"), "Tên tổ", "name"),
        ("members", ("team", "name", "phone"), "Số điện thoại\n(di động)", "phone"),
        ("quotas", ("team", "indicator", "period", "target"), "Tên chỉ số", "indicator"),
        ("quotas", ("team", "indicator", "period", "target"), "Tháng", "period"),
        ("chats", ("channel", "chat_id", "unit"), "Mã đơn vị", "unit"),
    ],
)
def test_office_headers(kind: str, columns: tuple[str, ...], header: str, column: str) -> None:
    known = vocab.headers(kind, columns)
    assert next(known[word] for word in vocab.header_keys(header) if word in known) == column


@pytest.mark.parametrize(
    "word",
    [
        "khu dân cư",
        "Khu dan cu",
        "tổ dân phố",
        "thôn",
        "ấp",
        "bản",
        "xóm",
        "buôn",
        "làng",
        "phum",
        "sóc",
        "Thôn/Tổ dân phố",
        "thôn, xóm",
        "cấp thôn",
    ],
)
def test_village_words(word: str) -> None:
    assert vocab.level(word, has_parent=True) == "village"


def test_a_list_of_two_levels_is_no_level() -> None:
    assert vocab.level("thôn, xã", has_parent=True) is None


def _book(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "u.xlsx") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_the_header_is_found_below_titles_and_after_an_instructions_sheet(
    tmp_path: Path,
) -> None:
    path = _book(
        tmp_path,
        {
            "Hướng dẫn": [["Điền mỗi đơn vị một dòng"], ["Cột Mã: mã đơn vị"], ["Mã", "Ý nghĩa"]],
            "Đơn vị": [
                ["DANH SÁCH ĐƠN VỊ HÀNH CHÍNH"],
                [],
                ["STT", "Mã", "Tên", "Cấp"],
                [1, "HD", "Hải Dương", "tỉnh"],
                [2],  # STT filled down below the data
                [3, "", "   ", None],
            ],
        },
    )
    table = read_table(path, SPEC, "en")
    assert table.file == f"{path} (sheet Đơn vị)"
    assert [(row.number, row.cells) for row in table.rows] == [
        (4, {"code": "HD", "name": "Hải Dương", "level": "tỉnh"})
    ]


def test_a_wrong_dimension_record_is_not_trusted(tmp_path: Path) -> None:
    from tests.cli.office_workbooks import break_dimension

    path = _book(tmp_path, {"Sheet": [["code", "name", "level"], ["HD", "Hải Dương", "tỉnh"]]})
    break_dimension(path)
    table = read_table(path, SPEC, "en")
    assert table.file == str(path)  # one sheet: no sheet name in the messages
    assert [row.cells for row in table.rows] == [
        {"code": "HD", "name": "Hải Dương", "level": "tỉnh"}
    ]


def test_a_merged_heading_row_is_skipped_and_a_merged_code_fills_its_rows(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã", "Tên", "Cấp", "Cấp trên"])
    sheet.append(["Xã Đoàn Tùng"])  # a heading across the table
    sheet.merge_cells("A2:D2")
    sheet.append(["HD-1", "Thôn Một", "thôn", "HD"])
    sheet.append(["HD-2", "Thôn Hai", None, "HD"])
    sheet.merge_cells("C3:C4")  # one level for both
    path = tmp_path / "u.xlsx"
    book.save(path)
    rows = _read(tmp_path, path.read_bytes(), "u.xlsx")
    assert [(row["row"], row["code"], row["level"]) for row in rows] == [
        ("3", "HD-1", "thôn"),
        ("4", "HD-2", "thôn"),
    ]


def test_a_sheet_showing_the_header_without_data_gives_way_to_the_data(
    tmp_path: Path,
) -> None:
    path = _book(
        tmp_path,
        {
            "Mẫu": [["Mã", "Tên", "Cấp"]],  # the template's header, shown but left empty
            "Nhập liệu": [
                ["Mã", "Tên", "Cấp"],
                ["HD", "Hải Dương", "tỉnh"],
                ["#N/A", "", "#REF!"],  # formulas prepared below the data
                ["", "Tổng cộng:", "1.200"],  # a totals row
            ],
        },
    )
    table = read_table(path, SPEC, "vi")
    assert table.file == f"{path} (trang Nhập liệu)"
    assert [row.number for row in table.rows] == [2]
