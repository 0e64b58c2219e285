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


# What a header may carry besides its name: a unit `(hộ)`, a note `[bắt buộc]`, a star.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def header_keys(text: str) -> list[str]:
    """The keys a header is looked up by: as written, then without what is in brackets."""
    found = [key(text)]
    bare = key(_BRACKETED.sub(" ", text))
    if bare and bare != found[0]:
        found.append(bare)
    return found


# Headers every kind understands, then what a header means for one kind only:
# "đơn vị" is the organization of a member, the units of a team, the unit of a chat, and
# the counting unit of an indicator.
_COMMON: dict[str, tuple[str, ...]] = {
    "code": ("mã", "mã số", "ký hiệu"),
    "name": ("tên", "họ tên", "họ và tên", "tên gọi", "tên tổ", "tên đơn vị", "tên chỉ số"),
    "level": ("cấp", "cấp hành chính", "loại", "loại đơn vị"),
    "parent": ("đơn vị cha", "cấp trên", "đơn vị cấp trên", "trực thuộc", "thuộc"),
    "households": ("số hộ", "hộ", "số hộ gia đình", "tổng số hộ", "số hộ dân"),
    "team": (
        "tổ",
        "mã tổ",
        "tổ cncđ",
        "mã tổ cncđ",
        "tổ công nghệ số",
        "tổ công nghệ số cộng đồng",
        "mã tổ công nghệ số",
    ),
    "role": ("vai trò", "chức vụ", "chức danh"),
    "phone": ("số điện thoại", "sđt", "điện thoại", "dt"),
    "organization": ("tổ chức", "cơ quan", "đơn vị công tác"),
    "telegram_id": ("telegram", "id telegram", "mã telegram"),
    "zalo_id": ("zalo", "id zalo", "mã zalo"),
    "zalo_oa_id": ("zalo oa", "id zalo oa", "mã zalo oa"),
    "indicator": ("chỉ số", "mã chỉ số", "tên chỉ số", "nội dung chỉ số"),
    "period": ("kỳ", "kỳ báo cáo", "thời kỳ", "kỳ giao", "tháng", "tháng năm", "thời gian"),
    "target": ("chỉ tiêu", "mục tiêu", "chỉ tiêu giao", "số chỉ tiêu", "kế hoạch"),
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
    "units": {
        "code": ("mã đơn vị", "mã địa bàn", "mã đvhc", "mã đơn vị hành chính"),
        "name": ("tên đơn vị", "tên địa bàn", "tên đvhc", "tên đơn vị hành chính"),
        "level": ("cấp", "cấp hành chính", "cấp đơn vị"),
        "parent": ("mã đơn vị cha", "mã cấp trên", "mã đơn vị cấp trên"),
    },
    "teams": {
        "code": ("mã tổ", "mã tổ cncđ", "mã tổ công nghệ số"),
        "name": ("tên tổ", "tên tổ cncđ", "tên tổ công nghệ số"),
        "units": (
            "đơn vị",
            "các đơn vị",
            "địa bàn",
            "phụ trách",
            "mã đơn vị",
            "đơn vị phụ trách",
            "địa bàn phụ trách",
            "mã địa bàn",
        ),
        "active_from": ("hoạt động từ", "ngày bắt đầu", "ngày thành lập", "từ ngày"),
    },
    # A team may be named rather than coded in these (found by its name).
    "members": {"organization": ("đơn vị",), "team": ("tên tổ", "tên tổ cncđ")},
    "quotas": {"team": ("tên tổ", "tên tổ cncđ")},
    "indicators": {
        "code": ("mã chỉ số", "mã chỉ tiêu"),
        "name": ("tên chỉ số", "tên chỉ tiêu"),
        "unit": ("đơn vị tính", "đvt", "đơn vị"),
    },
    "chats": {"unit": ("đơn vị", "mã đơn vị")},
    # `tracker reorganize`: one row per old unit, what it becomes from the effective date.
    "reorganize": {
        "old_code": ("mã cũ", "mã đơn vị cũ", "mã đvhc cũ", "đơn vị cũ", "mã trước sắp xếp"),
        "new_code": ("mã mới", "mã đơn vị mới", "mã đvhc mới", "đơn vị mới", "mã sau sắp xếp"),
        "new_name": ("tên mới", "tên đơn vị mới", "tên sau sắp xếp"),
        "new_level": ("cấp mới", "cấp sau sắp xếp"),
        "new_parent": (
            "cấp trên mới",
            "mã cấp trên mới",
            "đơn vị cấp trên mới",
            "mã đơn vị cha mới",
            "trực thuộc mới",
        ),
    },
    "tasks": {
        "code": ("mã nhiệm vụ", "mã công việc"),
        "title": ("tên nhiệm vụ", "nhiệm vụ", "công việc"),
    },
}


def headers(kind: str, columns: tuple[str, ...]) -> dict[str, str]:
    """Folded header -> column, for the columns of `kind`.

    The words of the kind come last, so they win where a common word means another
    column: "mã đơn vị" is a unit's own code, but the unit a chat belongs to.
    """
    table: dict[str, str] = {}
    for column in columns:
        for word in (column, *_COMMON.get(column, ())):
            table[key(word)] = column
    for column in columns:
        for word in _BY_KIND.get(kind, {}).get(column, ()):
            table[key(word)] = column
    return table


def hint_words(kind: str, column: str) -> tuple[str, ...]:
    """The headers known for `column` of `kind`, the kind's own words first."""
    return (*_BY_KIND.get(kind, {}).get(column, ()), *_COMMON.get(column, ()))


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
        "khu dân cư",
        "kdc",
        "khu",
        "khu vực",  # the wards of Cần Thơ
        "tổ",
        "tổ dân cư",
        "cụm dân cư",
        "phum",
        "bon",
        "plei",
        "plây",
        "hamlet",
        "residential group",
    ),
}
_LEVELS = {key(word): level for level, words in _LEVEL_WORDS.items() for word in words}
_CITY = {key("thành phố"), "tp", "city"}
# Said before a level word and adding nothing: "cấp xã", "đơn vị hành chính cấp huyện".
_LEVEL_PREFIXES = ("don vi hanh chinh ", "dvhc ", "cap ")
# A template's level cell often lists the words of one level: "Thôn/Tổ dân phố".
_LEVEL_LIST = re.compile(r"\s*(?:[/,;]|\s(?:va|hoac)\s)\s*")


def level(text: str, has_parent: bool) -> str | None:
    found = _one_level(key(text), has_parent)
    if found is None:
        words = {_one_level(key(part), has_parent) for part in _LEVEL_LIST.split(fold(text))}
        if len(words) == 1:
            found = words.pop()
    return found


def _one_level(word: str, has_parent: bool) -> str | None:
    for prefix in _LEVEL_PREFIXES:
        word = word.removeprefix(prefix)
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
