"""`tracker import` on workbooks as offices fill them in: each imports, or is refused naming
the row and the column, with nothing written."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from tests.cli.import_support import load_examples, refused, write
from tests.cli.office_workbooks import break_dimension, office_book, save
from tests.conftest import Tracker
from tracker.store.models import Member, Quota, Unit

QUOTAS = ("Mã tổ", "Chỉ số", "Kỳ", "Chỉ tiêu\n(hộ)")


def _quota_rows() -> list[list[object]]:
    return [
        # The team's code is merged down its four rows (B5:B8).
        ["CNCD_PhamLam_DoanTung", "Thanh toán điện tử", datetime(2026, 11, 1), 0.3],
        [None, "Hồ sơ dịch vụ công trực tuyến", "T11/2026", 40],
        [None, "VNEID", "tháng 11/2026", "1.200"],
        [None, "huong dan", "Tháng 11 năm 2026", "60%"],
        # The team named rather than coded, with and without its diacritics.
        ["Tổ CNSCĐ thôn Hàm Hy", "sskdt", "11-2026", 80],
        ["to cnscd thon ham hy", "ttdt", datetime(2026, 12, 1), 50],
        ["TỔNG CỘNG", None, None, 1370],
    ]


def _quotas_book(rows: list[list[object]]) -> Workbook:
    book, sheet = office_book(QUOTAS, rows, numbered_to=30)
    sheet.merge_cells("B5:B8")
    sheet["D5"].number_format = "mm/yyyy"  # how "11/2026" typed in a cell comes back
    sheet["D10"].number_format = "General"  # the same date shown as its serial number
    return book


def test_an_office_quotas_workbook_imports(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "indicators")
    path = save(_quotas_book(_quota_rows()), tmp_path, "chi-tieu-thang-11.xlsx")
    result = tracker.ok("import", "quotas", str(path))
    assert result.stderr == "chỉ tiêu: 6 mới, 0 cập nhật, 0 không đổi\n"
    with tracker.sessions()() as session:
        quotas = {
            (quota.team.code, quota.indicator.code, quota.period): (
                quota.target_kind,
                quota.target_value,
                quota.resolved_target,
            )
            for quota in session.scalars(select(Quota))
        }
    pham_lam, ham_hy = "CNCD_PhamLam_DoanTung", "CNCD_HamHy_DoanTung"
    assert quotas == {
        (pham_lam, "ttdt", "2026-11"): ("share", Decimal(30), 144),  # 0.3 of 480 households
        (pham_lam, "dvc", "2026-11"): ("count", Decimal(40), 40),
        (pham_lam, "vneid", "2026-11"): ("count", Decimal(1200), 1200),
        (pham_lam, "huongdan", "2026-11"): ("share", Decimal(60), 288),
        (ham_hy, "sskdt", "2026-11"): ("count", Decimal(80), 80),
        (ham_hy, "ttdt", "2026-12"): ("count", Decimal(50), 50),
    }


def test_a_bad_cell_in_an_office_workbook_names_sheet_row_and_column(
    tracker: Tracker, tmp_path: Path
) -> None:
    load_examples(tracker, "units", "teams", "indicators")
    rows = _quota_rows()
    rows[2][2] = "tháng mười"
    rows[4][1] = "chỉ số lạ"
    path = save(_quotas_book(rows), tmp_path, "chi-tieu.xlsx")
    stderr = refused(tracker, "quotas", path)
    where = f"{path} (trang Dữ liệu)"
    assert f"{where}: 2 lỗi, không có gì được ghi vào kho:" in stderr
    assert f"{where}:7: cột Kỳ: tháng mười không phải kỳ" in stderr
    assert f"{where}:9: cột Chỉ số: không có chỉ số mã chỉ số lạ" in stderr
    assert "Traceback" not in stderr


MEMBERS = ("Họ và tên", "Mã tổ", "Chức vụ", "Số điện thoại\n(di động)")
PHAM_LAM, HAM_HY = "CNCD_PhamLam_DoanTung", "CNCD_HamHy_DoanTung"


def test_phones_excel_made_numbers_are_given_their_zero_back(
    tracker: Tracker, tmp_path: Path
) -> None:
    load_examples(tracker, "units", "teams")
    rows = [
        ["Nguyễn Văn Hùng", PHAM_LAM, "Tổ trưởng", 912345678],  # a number cell
        ["Phạm Thị Lan", PHAM_LAM, "Tổ phó", "987111202.0"],  # a number pasted as text
        ["Vũ Văn Thành", PHAM_LAM, "Thành viên", "+84 368 220 314"],
        ["Đỗ Thị Hằng", PHAM_LAM, "thành viên", "84394556781"],
        ["Lê Quang Huy", PHAM_LAM, None, "0971.004.225"],
        ["Hoàng Minh Đức", HAM_HY, None, "0888123456"],  # already as stored
        ["Bùi Văn Khánh", HAM_HY, "Tổ trưởng", "(0220) 3812 345"],  # a landline
        ["Trần Thị Mai", HAM_HY, None, None],
    ]
    book, _ = office_book(MEMBERS, rows, sheet_name="Danh sách", numbered_to=20)
    result = tracker.ok("import", "members", str(save(book, tmp_path, "thanh-vien.xlsx")))
    assert result.stderr == (
        "thành viên: 8 mới, 0 cập nhật, 0 không đổi; số điện thoại: 6 đã chuẩn hoá\n"
    )
    with tracker.sessions()() as session:
        phones = {name: phone for name, phone in session.execute(select(Member.name, Member.phone))}
    assert phones == {
        "Nguyễn Văn Hùng": "0912345678",
        "Phạm Thị Lan": "0987111202",
        "Vũ Văn Thành": "0368220314",
        "Đỗ Thị Hằng": "0394556781",
        "Lê Quang Huy": "0971004225",
        "Hoàng Minh Đức": "0888123456",
        "Bùi Văn Khánh": "02203812345",
        "Trần Thị Mai": None,
    }


def test_an_impossible_phone_is_refused_naming_row_and_column(
    tracker: Tracker, tmp_path: Path
) -> None:
    load_examples(tracker, "units", "teams")
    rows = [
        ["Nguyễn Văn Hùng", PHAM_LAM, "Tổ trưởng", 912345678],
        ["Phạm Thị Lan", PHAM_LAM, "Tổ phó", 12345],
    ]
    book, _ = office_book(MEMBERS, rows, instructions=False)
    path = save(book, tmp_path, "thanh-vien.xlsx")
    stderr = refused(tracker, "members", path)
    # One data sheet (the hidden list aside) is still a workbook of two: the sheet is named.
    assert (
        f"{path} (trang Dữ liệu):6: cột Số điện thoại (di động): 12345 không phải số điện thoại"
        in stderr
    )


UNITS = ("Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Số hộ\n(hộ)")


def test_a_workbook_with_a_wrong_dimension_record(tracker: Tracker, tmp_path: Path) -> None:
    rows = [
        ["HD", "Tỉnh Hải Dương", "Tỉnh", None, None],
        ["HD-DT", "Xã Đoàn Tùng", "XÃ", "HD", "2.150"],
        ["HD-DT-PL", "Khu dân cư Phạm Lam", "khu dân cư", "HD-DT", 480],
        ["HD-DT-HH", "Tổ dân phố Hàm Hy", "Tổ  dân phố", "HD-DT", "1.200"],
        ["HD-DT-X1", "Xóm Đông", "xom", "HD-DT", 395.0],
        ["HD-DT-X2", "Phum Tây", "Phum", "HD-DT", None],
        ["HD-DT-X3", "Thôn Nam", "Thôn/Tổ dân phố", "HD-DT", None],
    ]
    book, _ = office_book(UNITS, rows, instructions=False, numbered_to=40)
    path = save(book, tmp_path, "don-vi.xlsx")
    break_dimension(path)
    result = tracker.ok("import", "units", str(path))
    assert result.stderr == "đơn vị: 7 mới, 0 cập nhật, 0 không đổi\n"
    with tracker.sessions()() as session:
        units = {unit.code: unit for unit in session.scalars(select(Unit))}
        found = {
            code: (unit.level, unit.parent.code if unit.parent else None, unit.households)
            for code, unit in units.items()
        }
    assert found == {
        "HD": ("province", None, None),
        "HD-DT": ("commune", "HD", 2150),
        "HD-DT-PL": ("village", "HD-DT", 480),
        "HD-DT-HH": ("village", "HD-DT", 1200),
        "HD-DT-X1": ("village", "HD-DT", 395),
        "HD-DT-X2": ("village", "HD-DT", None),
        "HD-DT-X3": ("village", "HD-DT", None),
    }


def test_a_header_on_two_rows_with_merged_cells(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"])
    sheet.merge_cells("A1:F1")
    sheet.append(["STT", "Họ và tên", "Mã tổ", "Tài khoản", None, "SĐT"])
    sheet.append([None, None, None, "Telegram", "Zalo", None])
    for column in "ABCF":  # merged down over the second header row
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("D2:E2")
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])  # the form numbers its columns
    sheet.append([1, "Nguyễn Văn Hùng", PHAM_LAM, 5012345601, None, 912345678])
    sheet.append([2, "Phạm Thị Lan", PHAM_LAM, None, "7301122002", None])
    sheet.append([3])
    path = save(book, tmp_path, "thanh-vien.xlsx")
    result = tracker.ok("import", "members", str(path))
    assert result.stderr == (
        "thành viên: 2 mới, 0 cập nhật, 0 không đổi; số điện thoại: 1 đã chuẩn hoá\n"
    )
    with tracker.sessions()() as session:
        members = {member.name: member for member in session.scalars(select(Member))}
        assert members["Nguyễn Văn Hùng"].account("telegram") == "5012345601"
        assert members["Nguyễn Văn Hùng"].phone == "0912345678"
        assert members["Phạm Thị Lan"].account("zalo") == "7301122002"


def test_two_sheets_holding_the_table_are_refused_not_half_read(
    tracker: Tracker, tmp_path: Path
) -> None:
    load_examples(tracker, "units", "teams")
    book, _ = office_book(MEMBERS, [["Nguyễn Văn Hùng", PHAM_LAM, "Tổ trưởng", 912345678]])
    second = book.create_sheet("Thôn Hàm Hy")
    second.append(["Họ và tên", "Mã tổ"])
    second.append(["Bùi Văn Khánh", HAM_HY])
    path = save(book, tmp_path, "thanh-vien.xlsx")
    stderr = refused(tracker, "members", path)
    assert stderr == (
        f"Error: {path}: các trang Dữ liệu, Thôn Hàm Hy đều có bảng dữ liệu; hãy để dữ liệu "
        "trong một trang (ẩn hoặc xoá trang mẫu), không có gì được ghi vào kho\n"
    )


def test_a_workbook_openpyxl_cannot_parse_is_refused_in_one_line(
    sqlite_tracker: Tracker, tmp_path: Path
) -> None:
    import zipfile

    book, _ = office_book(UNITS, [["HD", "Tỉnh Hải Dương", "Tỉnh", None, None]])
    path = save(book, tmp_path, "don-vi.xlsx")
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/styles.xml"] = b"<styleSheet><numFmts count='1'><numFmt"  # cut short
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    stderr = refused(sqlite_tracker, "units", path)
    assert stderr.startswith(f"Error: {path}: không đọc được tệp Excel (")
    assert stderr.count("\n") == 1


def test_a_target_column_headed_in_percent_holds_shares(tracker: Tracker, tmp_path: Path) -> None:
    load_examples(tracker, "units", "teams", "indicators")
    path = write(
        tmp_path,
        "chi-tieu.csv",
        "Tổ;Chỉ số;Kỳ;Chỉ tiêu (%)\n"
        "CNCD_PhamLam_DoanTung;ttdt;2026-11;30\n"
        "CNCD_PhamLam_DoanTung;huongdan;2026-11;60%\n"
        "CNCD_HamHy_DoanTung;ttdt;2026-11;30,5\n",
    )
    tracker.ok("import", "quotas", str(path))
    with tracker.sessions()() as session:
        shares = {
            (quota.team.code, quota.indicator.code): (quota.target_kind, quota.resolved_target)
            for quota in session.scalars(select(Quota))
        }
    assert shares == {
        (PHAM_LAM, "ttdt"): ("share", 144),  # 30% of 480
        (PHAM_LAM, "huongdan"): ("share", 288),
        (HAM_HY, "ttdt"): ("share", 121),  # 30.5% of 395
    }
