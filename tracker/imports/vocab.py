"""The words officers use in import files: column headers, levels, roles and pillars.

Everything is matched after folding (case, diacritics, đ→d), so `Cấp`, `CAP` and `cấp`
are the same header, and `Tổ trưởng` matches `to truong`.
"""

from __future__ import annotations

import re

from tracker.store.models import LEVELS
from tracker.text import fold

_SPACES = re.compile(r"[\s_\-./]+")
_DROP = re.compile(r"[^\w ]+")


def key(text: str) -> str:
    """A header or a word reduced for lookup: folded, punctuation gone, spaces single."""
    return _SPACES.sub(" ", _DROP.sub(" ", fold(text))).strip()


# Headers every kind understands, then what a header means for one kind only:
# "đơn vị" is the organization of a member, the units of a team, the unit of a chat, and
# the counting unit of an indicator.
_COMMON: dict[str, tuple[str, ...]] = {
    "code": ("mã", "mã số", "ký hiệu"),
    "name": ("tên", "họ tên", "họ và tên", "tên gọi", "tên tổ", "tên đơn vị", "tên chỉ số"),
    "level": ("cấp", "cấp hành chính", "loại", "loại đơn vị"),
    "parent": ("đơn vị cha", "cấp trên", "đơn vị cấp trên", "trực thuộc", "thuộc"),
    "households": ("số hộ", "hộ", "số hộ gia đình", "tổng số hộ"),
    "team": ("tổ", "mã tổ", "tổ cncđ", "tổ công nghệ số"),
    "role": ("vai trò", "chức vụ", "chức danh"),
    "phone": ("số điện thoại", "sđt", "điện thoại", "dt"),
    "organization": ("tổ chức", "cơ quan", "đơn vị công tác"),
    "telegram_id": ("telegram", "id telegram", "mã telegram"),
    "zalo_id": ("zalo", "id zalo", "mã zalo"),
    "zalo_oa_id": ("zalo oa", "id zalo oa", "mã zalo oa"),
    "indicator": ("chỉ số", "mã chỉ số"),
    "period": ("kỳ", "kỳ báo cáo", "thời kỳ"),
    "target": ("chỉ tiêu", "mục tiêu"),
    "pillar": ("trụ cột", "lĩnh vực"),
    "aliases": ("bí danh", "từ khóa", "tên gọi khác", "tên khác"),
    "name_en": ("tên tiếng anh",),
    "max_per_report": ("tối đa mỗi báo cáo", "tối đa một báo cáo"),
    "channel": ("kênh", "nền tảng"),
    "chat_id": ("mã nhóm", "id nhóm", "mã chat"),
    "title": ("tiêu đề", "tên nhóm", "tên nhiệm vụ"),
    "due": ("hạn", "hạn chót", "thời hạn", "hạn hoàn thành"),
    "assignees": ("giao cho", "người thực hiện", "tổ thực hiện", "đơn vị thực hiện"),
    "description": ("mô tả", "nội dung", "ghi chú"),
}
_BY_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    "teams": {"units": ("đơn vị", "các đơn vị", "địa bàn", "phụ trách")},
    "members": {"organization": ("đơn vị",)},
    "indicators": {"unit": ("đơn vị tính", "đvt", "đơn vị")},
    "chats": {"unit": ("đơn vị",)},
}


def headers(kind: str, columns: tuple[str, ...]) -> dict[str, str]:
    """Folded header -> column, for the columns of `kind`."""
    table: dict[str, str] = {}
    for column in columns:
        words = (column, *_COMMON.get(column, ()), *_BY_KIND.get(kind, {}).get(column, ()))
        for word in words:
            table[key(word)] = column
    return table


def hints(kind: str, column: str) -> str:
    """The Vietnamese headers for `column`, for the message about a missing column."""
    words = (*_BY_KIND.get(kind, {}).get(column, ()), *_COMMON.get(column, ()))
    return ", ".join(words[:3]) or column


# "thành phố" is a province (Hà Nội, Huế) when it has no parent and a district-level city
# otherwise, so it is resolved with the parent in mind (see `level`).
_LEVEL_WORDS = {
    "province": ("province", "tỉnh", "thành phố trực thuộc trung ương"),
    "district": ("district", "huyện", "quận", "thị xã", "thành phố thuộc tỉnh"),
    "commune": ("commune", "xã", "phường", "thị trấn", "đặc khu", "ward", "town"),
    "village": (
        "village",
        "thôn",
        "ấp",
        "bản",
        "buôn",
        "sóc",
        "khóm",
        "khu phố",
        "tổ dân phố",
        "làng",
        "xóm",
        "tdp",
    ),
}
_LEVELS = {key(word): level for level, words in _LEVEL_WORDS.items() for word in words}
_CITY = {key("thành phố"), "tp", "city"}


def level(text: str, has_parent: bool) -> str | None:
    word = key(text)
    word = word.removeprefix("cap ")  # "cấp xã"
    if word in _CITY:
        return "district" if has_parent else "province"
    return _LEVELS.get(word)


def depth(level_name: str) -> int:
    return LEVELS.index(level_name)


_ROLE_WORDS = {
    "leader": ("leader", "tổ trưởng", "trưởng", "trưởng nhóm", "tt"),
    "deputy": ("deputy", "tổ phó", "phó", "phó nhóm", "tp"),
    "member": ("member", "thành viên", "tv", "tổ viên"),
}
_ROLES = {key(word): role for role, words in _ROLE_WORDS.items() for word in words}


def role(text: str) -> str | None:
    return _ROLES.get(key(text))


_PILLAR_WORDS = {
    "government": ("government", "chính quyền số", "chính quyền", "cqs"),
    "economy": ("economy", "kinh tế số", "kinh tế", "kts"),
    "society": ("society", "xã hội số", "xã hội", "xhs"),
    "training": (
        "training",
        "đào tạo",
        "tuyên truyền",
        "đào tạo tuyên truyền",
        "đào tạo, tuyên truyền",
        "tập huấn",
    ),
}
_PILLARS = {key(word): pillar for pillar, words in _PILLAR_WORDS.items() for word in words}


def pillar(text: str) -> str | None:
    return _PILLARS.get(key(text))
