"""How team members write: reports in several styles, monthly reports and everyday chatter."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.demo.indicators import BY_CODE


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    value: int
    total: bool = False  # "=45": the period's total so far rather than new work


PROSE = {
    "ttdt": "hỗ trợ {n} hộ mở tài khoản thanh toán",
    "dvc": "{n} hồ sơ dịch vụ công",
    "vneid": "kích hoạt VNeID cho {n} người",
    "ocop": "đưa {n} sản phẩm OCOP lên sàn",
    "gianhang": "mở {n} gian hàng số",
    "taphuan": "tổ chức {n} buổi tập huấn",
    "huongdan": "hướng dẫn {n} hộ dùng điện thoại thông minh",
    "sskdt": "cài sổ sức khỏe điện tử cho {n} người",
}


def report(rng: random.Random, items: Sequence[Item], channel: str) -> str:
    """One progress report in a style drawn at random (CONTRACTS §4)."""
    styles = ["codes", "lines", "ascii", "prose", "value_first"]
    weights = [30, 25, 15, 20, 10]
    if channel == "telegram":
        styles.append("bot")
        weights.append(10)
    style = rng.choices(styles, weights)[0]
    if style == "codes" or style == "bot":
        keyword = "/bc@CNCD_HaiDuong_bot" if style == "bot" else rng.choice(_KEYWORDS)
        sep = rng.choice([", ", "; ", ",  "])
        return f"{keyword} " + sep.join(_code_item(item) for item in items)
    if style == "lines":
        head = rng.choice(["Báo cáo:", "BÁO CÁO:", "/baocao", "#baocao"])
        return head + "\n" + "\n".join(_line_item(item) for item in items)
    if style == "ascii":
        parts = [f"{BY_CODE[i.code].label_ascii} {'=' if i.total else ''}{i.value}" for i in items]
        return rng.choice(["bc ", "Bc ", "bao cao "]) + ", ".join(parts)
    if style == "prose":
        parts = [_prose_item(item) for item in items]
        return rng.choice(["#bc hôm nay ", "/bc Thôn em ", "Báo cáo: "]) + ", ".join(parts)
    return rng.choice(_KEYWORDS) + " " + "; ".join(_value_first(item) for item in items)


_KEYWORDS = ("/bc", "/bc", "/BC", "#bc", "/baocao", "bc")


def _number(item: Item) -> str:
    return f"={item.value}" if item.total else str(item.value)


def _code_item(item: Item) -> str:
    return f"{item.code} {_number(item)}"


def _line_item(item: Item) -> str:
    spec = BY_CODE[item.code]
    if item.total:
        return f"{spec.label}: tổng {item.value} {spec.unit}"
    return f"{spec.label}: {item.value} {spec.unit}"


def _prose_item(item: Item) -> str:
    if item.total:
        return f"{BY_CODE[item.code].label.lower()} tổng {item.value}"
    return PROSE[item.code].format(n=item.value)


def _value_first(item: Item) -> str:
    sign = "+" if not item.total and item.value % 3 == 0 else ""
    return f"{sign}{_number(item)} {item.code}"


# Reports the tracker must not count on its own: they go to the review inbox.
MALFORMED = (
    "/bc ttdt 12 15",
    "/bc cài app Hải Dương số 20",
    "/bc dvc",
    "/bc ttdt 2,5",
    "/bc ttdt -3",
    "/bc ttdt và dvc 7",
    "/bc ttdt 5000",
    "bc hôm nay hỗ trợ được 8",
)

CHATTER = (
    "Mọi người nhớ gửi số liệu trước ngày 18 nhé.",
    "Tối nay 19h30 họp tổ tại nhà văn hóa, mọi người thu xếp đến đủ.",
    "Em đã nhận, cảm ơn anh.",
    "Bà con nào cần cài VNeID thì liên hệ công an viên nhé.",
    "Sáng mai Viettel xuống hỗ trợ mở tài khoản Viettel Money tại nhà văn hóa.",
    "Đã gửi file hướng dẫn cài Sổ sức khỏe điện tử lên nhóm, mọi người xem giúp.",
    "👍",
    "Ok anh",
    "Vâng ạ",
    "Hôm nay mất điện cả buổi chiều nên chưa đi hộ được.",
    "Chiều nay em đi hỗ trợ bên xóm trên, có gì gọi em.",
    "Anh chị nhắc bà con cảnh giác cuộc gọi giả danh công an đòi cài app nhé!",
    "Tuần sau bưu điện huyện về tập huấn đăng sản phẩm lên postmart.vn.",
    "Cả tổ cố gắng về đích chỉ tiêu tháng này nhé.",
)
RESIDENT_CHATTER = (
    "Cháu ơi bác cài được rồi nhé, cảm ơn cháu.",
    "Cho hỏi nộp hồ sơ cấp đổi giấy phép lái xe trên mạng thì làm thế nào ạ?",
    "Chợ phiên sáng mai có nhận chuyển khoản không mọi người?",
    "Nhà em muốn đăng bán vải thiều lên mạng thì nhờ ai hướng dẫn ạ?",
    "Mã QR nộp tiền điện ở đâu vậy ạ",
    "Em cảm ơn tổ đã hỗ trợ mở tài khoản cho mẹ em.",
)
DIFFICULTIES = (
    "Nhiều hộ người cao tuổi chưa có điện thoại thông minh.",
    "Sóng 4G yếu ở khu đồng, khó hướng dẫn cài đặt.",
    "Người dân còn e ngại mở tài khoản thanh toán vì sợ lừa đảo.",
    "Thành viên tổ kiêm nhiệm nhiều việc, ít thời gian.",
    "Một số hộ đi làm ăn xa, chưa liên hệ được.",
    "Hộ kinh doanh chưa quen chụp ảnh, đăng sản phẩm lên sàn.",
)
PROPOSALS = (
    "Đề nghị xã hỗ trợ kinh phí in tờ rơi hướng dẫn.",
    "Đề nghị Viettel, VNPT cử cán bộ xuống hỗ trợ vào buổi tối.",
    "Đề nghị tổ chức thêm lớp tập huấn cho tổ viên về VNeID mức 2.",
    "Đề nghị có hình thức khen thưởng cho tổ làm tốt.",
)
PRACTICES = (
    "Lập nhóm Zalo theo từng xóm, mỗi thành viên phụ trách khoảng 30 hộ.",
    "Hướng dẫn vào buổi tối và cuối tuần khi bà con ở nhà.",
    "Nhờ học sinh hướng dẫn ông bà, bố mẹ cài đặt ứng dụng.",
    "Treo mã QR thanh toán tại chợ và cửa hàng tạp hóa trong thôn.",
)
DONE_NOTES = ("", "đã hoàn thành", "nhóm đã có {n} thành viên", "xong, gửi ảnh kèm theo")


def monthly(rng: random.Random, month: int, year: int, totals: dict[str, int]) -> str:
    head = rng.choice(
        [f"/bcthang tháng {month}", f"#bcthang tháng {month}/{year}", f"Báo cáo tháng {month}"]
    )
    lines = [head]
    if totals:
        lines.append("Kết quả: " + ", ".join(f"{code} {n}" for code, n in totals.items()))
    lines.append("Khó khăn: " + rng.choice(DIFFICULTIES))
    if rng.random() < 0.8:
        lines.append("Đề xuất: " + rng.choice(PROPOSALS))
    if rng.random() < 0.6:
        lines.append("Cách làm hay: " + rng.choice(PRACTICES))
    return "\n".join(lines)


def task_done(rng: random.Random, code: str) -> str:
    note = rng.choice(DONE_NOTES).format(n=rng.randint(80, 420))
    return f"{rng.choice(['/xong', '/xong', '#xong'])} {code} {note}".rstrip()
