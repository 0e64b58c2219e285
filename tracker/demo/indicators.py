"""The demo's indicator set (seeds/001, 002, 004) with the words people use for each one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    code: str
    name: str
    name_en: str
    pillar: str
    unit: str
    aliases: tuple[str, ...]
    # How a team writes the indicator in a report: "Thanh toán điện tử: 12 hộ".
    label: str
    label_ascii: str


INDICATORS = (
    IndicatorSpec(
        "ttdt",
        "Hộ có tài khoản thanh toán điện tử, ví điện tử",
        "Households with an e-payment account or e-wallet",
        "economy",
        "hộ",
        ("thanh toán điện tử", "tài khoản thanh toán", "ví điện tử", "ttđt", "tktt"),
        "Thanh toán điện tử",
        "thanh toan dien tu",
    ),
    IndicatorSpec(
        "dvc",
        "Hồ sơ dịch vụ công trực tuyến",
        "Online public-service filings",
        "government",
        "hồ sơ",
        ("dịch vụ công", "dvc trực tuyến", "dvctt", "hồ sơ trực tuyến"),
        "Dịch vụ công",
        "dich vu cong",
    ),
    IndicatorSpec(
        "vneid",
        "Người dân kích hoạt tài khoản định danh điện tử VNeID",
        "Residents with VNeID activated",
        "government",
        "người",
        ("VNeID", "định danh điện tử", "kích hoạt VNeID", "định danh mức 2"),
        "Kích hoạt VNeID",
        "kich hoat vneid",
    ),
    IndicatorSpec(
        "ocop",
        "Sản phẩm OCOP lên sàn thương mại điện tử",
        "OCOP products on e-commerce platforms",
        "economy",
        "sản phẩm",
        ("sản phẩm OCOP", "OCOP lên sàn", "ocop"),
        "Sản phẩm OCOP lên sàn",
        "san pham ocop len san",
    ),
    IndicatorSpec(
        "gianhang",
        "Gian hàng số mở mới",
        "Digital shops opened",
        "economy",
        "gian hàng",
        ("gian hàng số", "gian hàng", "mở gian hàng", "gian hàng trên sàn"),
        "Gian hàng số",
        "gian hang so",
    ),
    IndicatorSpec(
        "taphuan",
        "Buổi tập huấn, tuyên truyền kỹ năng số",
        "Training and outreach sessions held",
        "training",
        "buổi",
        ("tập huấn", "buổi tập huấn", "tuyên truyền", "lớp tập huấn"),
        "Buổi tập huấn",
        "buoi tap huan",
    ),
    IndicatorSpec(
        "huongdan",
        "Hộ gia đình được hướng dẫn kỹ năng số",
        "Households guided in digital skills",
        "society",
        "hộ",
        ("hướng dẫn", "hộ được hướng dẫn", "hướng dẫn kỹ năng số", "hd kỹ năng số"),
        "Hướng dẫn kỹ năng số",
        "huong dan ky nang so",
    ),
    IndicatorSpec(
        "sskdt",
        "Người dân cài Sổ sức khỏe điện tử",
        "Residents with the electronic health book",
        "society",
        "người",
        ("sổ sức khỏe điện tử", "sổ sức khoẻ điện tử", "sskđt", "sổ sức khỏe"),
        "Sổ sức khỏe điện tử",
        "so suc khoe dien tu",
    ),
)

BY_CODE = {spec.code: spec for spec in INDICATORS}
