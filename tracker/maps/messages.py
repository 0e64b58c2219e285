"""What the map's history says to officers, in Vietnamese and English."""

from __future__ import annotations

from tracker.errors import UserError
from tracker.i18n import Catalogue

MESSAGES = Catalogue(
    vi={
        "unit.not_then": "đơn vị {code} ({name}) chỉ có từ {span}, không có vào ngày {day}",
        "team.not_active": "tổ {code} chỉ hoạt động từ {span}, không có vào ngày {day}",
        "team.retired": "tổ {code} đã thôi hoạt động từ {day}",
        "team.retire_before_start": "tổ {code} bắt đầu hoạt động từ {start}: "
        "ngày thôi hoạt động phải sau ngày đó",
        "merge.needs_two": "cần ít nhất một tổ để gộp",
        "merge.into_is_old": "tổ mới {code} không được là một trong các tổ gộp",
        "merge.levels": "các tổ gộp phải cùng cấp: {items}",
        "merge.team_exists": "đã có tổ {code} phủ đơn vị khác ({units}): chọn mã mới",
        "reorg.empty": "tệp {file} không có dòng nào",
        "reorg.title": "Tổ chức lại đơn vị từ {day}",
        "reorg.nothing": "Không có gì thay đổi: tệp đã được áp dụng.",
        "reorg.dry_run": "Chạy thử: chưa ghi gì.",
        "reorg.applied": "Đã áp dụng, ghi nhật ký: {file} ({actor}).",
        "reorg.ends": "Đơn vị kết thúc",
        "reorg.starts": "Đơn vị mới",
        "reorg.renamed": "Đổi tên",
        "reorg.moved": "Chuyển đơn vị cấp trên",
        "reorg.changed": "Đổi cấp hoặc số hộ",
        "reorg.teams": "Tổ chuyển sang đơn vị mới",
        "reorg.quotas": "Chỉ tiêu % tính lại",
        "reorg.chats": "Nhóm chat chuyển sang đơn vị mới",
        "teams.merged": "Đã gộp {items} vào tổ {code} từ {day}.",
        "teams.retired_ok": "Tổ {code} thôi hoạt động từ {day}.",
        "export.wrote": "đã ghi {file}",
        "relink.level": "tổ {code} là tổ cấp {level}: các đơn vị mới phải cùng cấp ({items})",
        "relink.again": "tổ {code} đã phủ {unit} đến {day}: không phủ lại được đơn vị cũ",
        "relink.later": "tổ {code} đã đổi đơn vị từ {day}: chọn ngày từ {day} trở đi",
        "relink.no_units": "tổ {code}: hãy ghi ít nhất một đơn vị",
        "relink.done": "Tổ {code} phủ {units} từ {day}.",
        "relink.nothing": "Tổ {code} đã phủ {units} từ {day}: không có gì thay đổi.",
    },
    en={
        "unit.not_then": "unit {code} ({name}) exists only {span}, not on {day}",
        "team.not_active": "team {code} is active only {span}, not on {day}",
        "team.retired": "team {code} is retired since {day}",
        "team.retire_before_start": "team {code} is active from {start}: "
        "it can only retire after that day",
        "merge.needs_two": "name at least one team to merge",
        "merge.into_is_old": "the new team {code} cannot be one of the teams merged",
        "merge.levels": "the teams merged must be of one level: {items}",
        "merge.team_exists": "team {code} exists and covers other units ({units}): "
        "choose a new code",
        "reorg.empty": "{file} has no rows",
        "reorg.title": "Reorganisation from {day}",
        "reorg.nothing": "Nothing changes: the file is already applied.",
        "reorg.dry_run": "Dry run: nothing written.",
        "reorg.applied": "Applied and audited: {file} ({actor}).",
        "reorg.ends": "Units ending",
        "reorg.starts": "Units starting",
        "reorg.renamed": "Renamed",
        "reorg.moved": "Moved to another parent",
        "reorg.changed": "Level or households changed",
        "reorg.teams": "Teams moved to a new unit",
        "reorg.quotas": "Share quotas re-resolved",
        "reorg.chats": "Chats moved to a new unit",
        "teams.merged": "Merged {items} into team {code} from {day}.",
        "teams.retired_ok": "Team {code} retired from {day}.",
        "export.wrote": "wrote {file}",
        "relink.level": "team {code} is a {level} team: the new units must be of that level "
        "({items})",
        "relink.again": "team {code} covered {unit} until {day}: it cannot cover it again",
        "relink.later": "team {code} changed units on {day}: choose that day or a later one",
        "relink.no_units": "team {code}: name at least one unit",
        "relink.done": "Team {code} covers {units} from {day}.",
        "relink.nothing": "Team {code} covers {units} from {day} already: nothing changes.",
    },
)


class MapRefusal(UserError):
    """A change or a look-up the map's history refuses; reads in the officer's language."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        return MESSAGES(language, self.key, **self.values)
