"""What `tracker import` tells people, in Vietnamese (the default) and English."""

from __future__ import annotations

from tracker.i18n import Catalogue

MESSAGES = Catalogue(
    vi={
        "kind.units": "đơn vị",
        "kind.teams": "tổ",
        "kind.members": "thành viên",
        "kind.indicators": "chỉ số",
        "kind.quotas": "chỉ tiêu",
        "kind.chats": "nhóm chat",
        "kind.tasks": "nhiệm vụ",
        "import.summary": "{kind}: {created} mới, {updated} cập nhật, {unchanged} không đổi",
        "import.failed": "{file}: {count} lỗi, không có gì được ghi vào kho:",
        "import.more": "... và {count} lỗi khác",
        "import.at_column": "{where}: cột {column}: {reason}",
        "import.no_file": "không mở được tệp {file}: {reason}",
        "import.in_sheet": "{file} (trang {sheet})",
        "import.many_sheets": "{file}: các trang {sheets} đều có bảng dữ liệu; hãy để dữ liệu "
        "trong một trang (ẩn hoặc xoá trang mẫu), không có gì được ghi vào kho",
        "import.bad_suffix": "{file}: chỉ nhận tệp .csv hoặc .xlsx",
        "import.bad_xlsx": "{file}: không đọc được tệp Excel ({reason})",
        "import.sealed_xlsx": (
            "{file}: tệp Excel có mật khẩu hoặc dạng .xls cũ: hãy mở bằng Excel, "
            "bỏ mật khẩu và lưu dạng Excel Workbook (.xlsx)"
        ),
        "import.text_as_xlsx": (
            "{file}: đây là tệp văn bản, không phải Excel: nếu là CSV, hãy đổi đuôi thành .csv"
        ),
        "import.empty_file": "tệp trống, thiếu dòng tiêu đề",
        "import.not_utf8": "không phải UTF-8: hãy lưu tệp dạng CSV UTF-8",
        "import.uncomputed_formula": (
            "công thức chưa được tính (tệp do chương trình tạo): "
            "hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại"
        ),
        "import.missing_column": "thiếu cột (tiếng Việt: {hints})",
        "import.duplicate_column": "trùng với cột {other}",
        "import.unknown_column": "cột lạ, các cột được nhận: {columns}",
        "import.required": "không được để trống",
        "import.duplicate": "{value} đã có ở dòng {line}",
        "import.not_integer": "{value} không phải số nguyên không âm",
        "import.not_positive": "{value} phải là số nguyên dương",
        "import.too_large": "{value} lớn quá, tối đa {limit}",
        "import.unknown_level": "không rõ cấp {value} (tỉnh, huyện, xã, thôn...)",
        "import.unknown_parent": "không có đơn vị mã {value} trong tệp hay trong kho",
        "import.own_parent": "đơn vị không thể là cấp trên của chính nó",
        "import.cycle": "vòng lặp cấp trên: {path}",
        "import.level_under": "{level} không thể trực thuộc {parent_level} {parent}",
        "import.level_children": "không thể đổi thành {level}: {child} ({child_level}) trực thuộc",
        "import.level_teams": "không thể đổi cấp: tổ {team} phụ trách đơn vị này",
        "import.households_needed": "tổ {team} có chỉ tiêu theo % nên cần số hộ",
        "import.unknown_unit": "không có đơn vị mã {value}",
        "import.mixed_levels": "các đơn vị của một tổ phải cùng cấp: {units}",
        "import.unknown_team": "không có tổ mã {value}",
        "import.unknown_role": "không rõ vai trò {value} (tổ trưởng, tổ phó, thành viên)",
        "import.over_cap": "tổ {team} cấp {level} tối đa {cap} thành viên, tệp và kho có {count}",
        "import.bad_phone": "{value} không phải số điện thoại (di động 10 số, cố định 11 số, "
        "bắt đầu bằng 0)",
        "import.phones_normalised": "số điện thoại: {count} đã chuẩn hoá",
        "import.bad_account": "{value} không phải mã người dùng {channel}",
        "import.same_account": "{channel} {value} đã dùng cho {other} trong tổ này",
        "import.unknown_pillar": "không rõ trụ cột {value} (chính quyền số, kinh tế số, "
        "xã hội số, đào tạo)",
        "import.alias_taken": "{value} đã là tên gọi của chỉ số {other}",
        "import.unknown_indicator": "không có chỉ số mã {value}",
        "import.bad_period": "{value} không phải kỳ: dùng YYYY-MM (hay 11/2026, tháng 11/2026), "
        "YYYY-Qn (hay quý 4/2026) hoặc YYYY",
        "import.bad_target": "{value} không phải chỉ tiêu: số như 120 hoặc tỷ lệ như 30%",
        "import.share_too_big": "{value} vượt quá 100%",
        "import.no_households": "chỉ tiêu theo % cần số hộ của mọi đơn vị của tổ, thiếu ở {units}",
        "import.bad_channel": "{value} không phải tên kênh (telegram, zalo...)",
        "import.bind_once": "nhóm phải gắn với đúng một đơn vị hoặc một tổ",
        "import.bad_date": "{value} không phải ngày: dùng YYYY-MM-DD hoặc DD/MM/YYYY",
        "import.unknown_assignee": "không có tổ hay đơn vị mã {value}",
        "import.no_team_under": "không có tổ nào thuộc đơn vị {value}",
        "import.too_long": "dài quá {limit} ký tự",
        "import.has_history": "đơn vị {code} đã có số liệu báo cáo: đổi tên, cấp hay cấp trên "
        "từ một ngày bằng `tracker reorganize TỆP --effective NGÀY` để giữ nguyên số liệu cũ",
        "import.ended_unit": "đơn vị {code} đã kết thúc từ {day}",
        "kind.reorganize": "tổ chức lại",
        "reorg.unknown_old": "không có đơn vị mã {value} vào ngày {day}",
        "reorg.end_and_map": "đơn vị {value} vừa kết thúc (mã mới trống) vừa có mã mới",
        "reorg.split_households": "đơn vị {value} tách thành nhiều đơn vị: mỗi dòng cần số hộ",
        "reorg.conflict": "mã mới {value} có {header} khác nhau ở các dòng {rows}",
        "reorg.needs_name": "đơn vị mới {value} cần tên",
        "reorg.needs_level": "đơn vị mới {value} cần cấp (các đơn vị gộp khác cấp)",
        "reorg.needs_parent": "đơn vị {value} cần đơn vị cấp trên mới: {parent} kết thúc",
        "reorg.unknown_parent": "không có đơn vị mã {value} từ ngày {day}, trong tệp hay trong kho",
        "reorg.unmapped_children": "đơn vị {value} kết thúc hoặc tách, nhưng các đơn vị "
        "trực thuộc chưa có dòng: {items}",
        "reorg.code_taken": "mã mới {value} đang là đơn vị {name} mà tệp không nhắc tới: "
        "thêm dòng {value},{value} để gộp vào đó",
        "reorg.later_change": "đơn vị {value} đã thay đổi từ {since}: tổ chức lại theo thứ tự ngày",
        "reorg.ends_with_teams": "đơn vị {value} kết thúc nhưng còn tổ {items}: gộp "
        "(tracker teams merge) hoặc cho thôi hoạt động (tracker teams retire) trước",
        "reorg.cycle": "cấp trên mới tạo vòng lặp: {path}",
        "level.province": "tỉnh",
        "level.district": "huyện",
        "level.commune": "xã",
        "level.village": "thôn",
    },
    en={
        "kind.units": "units",
        "kind.teams": "teams",
        "kind.members": "members",
        "kind.indicators": "indicators",
        "kind.quotas": "quotas",
        "kind.chats": "chats",
        "kind.tasks": "tasks",
        "import.summary": "{kind}: {created} created, {updated} updated, {unchanged} unchanged",
        "import.failed": "{file}: {count} problems, nothing was written to the store:",
        "import.more": "... and {count} more",
        "import.at_column": "{where}: column {column}: {reason}",
        "import.no_file": "cannot open {file}: {reason}",
        "import.in_sheet": "{file} (sheet {sheet})",
        "import.many_sheets": "{file}: the sheets {sheets} all hold a table; keep the data on "
        "one sheet (hide or delete an example sheet); nothing was written to the store",
        "import.bad_suffix": "{file}: only .csv and .xlsx files can be imported",
        "import.bad_xlsx": "{file}: not a readable Excel file ({reason})",
        "import.sealed_xlsx": (
            "{file}: a password-protected or old .xls workbook: open it in Excel, remove "
            "the password and save it as Excel Workbook (.xlsx)"
        ),
        "import.text_as_xlsx": (
            "{file}: a text file, not an Excel workbook: if it is CSV, rename it to .csv"
        ),
        "import.empty_file": "the file is empty: no header row",
        "import.not_utf8": "not UTF-8: save the file as CSV UTF-8",
        "import.uncomputed_formula": (
            "a formula never computed (the file was written by a program): "
            "open it in Excel or LibreOffice and save it again"
        ),
        "import.missing_column": "missing column (in Vietnamese: {hints})",
        "import.duplicate_column": "same column as {other}",
        "import.unknown_column": "unknown column; the columns are {columns}",
        "import.required": "must not be empty",
        "import.duplicate": "{value} is already on row {line}",
        "import.not_integer": "{value} is not a non-negative whole number",
        "import.not_positive": "{value} must be a positive whole number",
        "import.too_large": "{value} is too large, at most {limit}",
        "import.unknown_level": "unknown level {value} (province, district, commune, village)",
        "import.unknown_parent": "no unit with code {value} in the file or the store",
        "import.own_parent": "a unit cannot be its own parent",
        "import.cycle": "the parents form a cycle: {path}",
        "import.level_under": "a {level} cannot be under the {parent_level} {parent}",
        "import.level_children": "cannot become a {level}: {child} ({child_level}) is under it",
        "import.level_teams": "cannot change level: team {team} covers this unit",
        "import.households_needed": "team {team} has a percentage quota, so households are needed",
        "import.unknown_unit": "no unit with code {value}",
        "import.mixed_levels": "a team's units must share one level: {units}",
        "import.unknown_team": "no team with code {value}",
        "import.unknown_role": "unknown role {value} (leader, deputy, member)",
        "import.over_cap": "team {team} ({level}) may have {cap} members, the file and store "
        "give it {count}",
        "import.bad_phone": "{value} is not a phone number (a mobile has 10 digits, a landline "
        "11, starting with 0)",
        "import.phones_normalised": "phone numbers: {count} normalised",
        "import.bad_account": "{value} is not a {channel} user id",
        "import.same_account": "{channel} {value} already belongs to {other} in this team",
        "import.unknown_pillar": "unknown pillar {value} (government, economy, society, training)",
        "import.alias_taken": "{value} already names indicator {other}",
        "import.unknown_indicator": "no indicator with code {value}",
        "import.bad_period": "{value} is not a period: use YYYY-MM (or 11/2026), YYYY-Qn (or "
        "Q4/2026) or YYYY",
        "import.bad_target": "{value} is not a target: a count like 120 or a share like 30%",
        "import.share_too_big": "{value} is more than 100%",
        "import.no_households": "a percentage quota needs households on every unit of the "
        "team, missing on {units}",
        "import.bad_channel": "{value} is not a channel name (telegram, zalo...)",
        "import.bind_once": "a chat is bound to exactly one unit or one team",
        "import.bad_date": "{value} is not a date: use YYYY-MM-DD or DD/MM/YYYY",
        "import.unknown_assignee": "no team or unit with code {value}",
        "import.no_team_under": "no team under unit {value}",
        "import.too_long": "longer than {limit} characters",
        "import.has_history": "unit {code} has reported figures: rename, re-level or move it "
        "from a date with `tracker reorganize FILE --effective DATE` to keep them as they were",
        "import.ended_unit": "unit {code} ended on {day}",
        "kind.reorganize": "reorganisation",
        "reorg.unknown_old": "no unit with code {value} on {day}",
        "reorg.end_and_map": "unit {value} both ends (empty new code) and has a new code",
        "reorg.split_households": "unit {value} splits into several: each row needs households",
        "reorg.conflict": "new code {value} has different {header} on rows {rows}",
        "reorg.needs_name": "new unit {value} needs a name",
        "reorg.needs_level": "new unit {value} needs a level (the units merged differ)",
        "reorg.needs_parent": "unit {value} needs a new parent: {parent} ends",
        "reorg.unknown_parent": "no unit with code {value} from {day}, in the file or the store",
        "reorg.unmapped_children": "unit {value} ends or splits, but the units under it "
        "have no row: {items}",
        "reorg.code_taken": "new code {value} is unit {name}, which the file does not name: "
        "add a row {value},{value} to merge into it",
        "reorg.later_change": "unit {value} changed from {since}: reorganise in date order",
        "reorg.ends_with_teams": "unit {value} ends but teams {items} cover it: merge them "
        "(tracker teams merge) or retire them (tracker teams retire) first",
        "reorg.cycle": "the new parents make a cycle: {path}",
        "level.province": "province",
        "level.district": "district",
        "level.commune": "commune",
        "level.village": "village",
    },
)
