"""What the rules say when they refuse an officer's change, in Vietnamese and English.

A `Refusal` keeps its key and values, so the terminal UI and the CLI show it in the
officer's language, while logs and tracebacks read the English text.
"""

from __future__ import annotations

from contextlib import suppress

from tracker.i18n import Catalogue

REFUSALS = Catalogue(
    vi={
        "level.province": "tỉnh",
        "level.district": "huyện",
        "level.commune": "xã",
        "level.village": "thôn",
        "status.accepted": "đã nhận",
        "status.rejected": "đã bác",
        "status.open": "mở lại",
        "status.review": "chờ duyệt",
        "status.counted": "đã tính",
        "status.ignored": "không tính",
        "status.approved": "đã duyệt",
        "status.returned": "đã trả lại",
        "status.sent": "đã gửi",
        "status.pending": "chờ gửi",
        "status.failed": "gửi lỗi",
        "status.expired": "quá hạn gửi",
        "status.unknown": "không rõ đã gửi chưa",
        "field.team": "tổ",
        "field.indicator": "chỉ số",
        "field.value": "số lượng",
        "field.code": "mã",
        "field.name": "tên",
        "field.level": "cấp",
        "field.parent": "đơn vị cấp trên",
        "field.households": "số hộ",
        "field.units": "đơn vị phụ trách",
        "field.role": "vai trò",
        "field.organization": "tổ chức",
        "field.phone": "số điện thoại",
        "field.accounts": "tài khoản",
        "field.title": "tên nhóm",
        "field.unit": "đơn vị",
        "field.chat_id": "mã nhóm",
        "field.status": "trạng thái",
        "field.done_at": "thời điểm hoàn thành",
        "field.note": "ghi chú",
        "unit.unknown": "không có đơn vị mã '{code}'",
        "team.unknown": "không có tổ mã '{code}'",
        "unit.code_taken": "đã có đơn vị mã {code}",
        "team.code_taken": "đã có tổ mã {code}",
        "unit.needs_code": "đơn vị {code} cần có mã",
        "team.needs_code": "tổ {code} cần có mã",
        "code.too_long": "mã {code} dài quá 64 ký tự",
        "unit.has_children": "đơn vị {code} vẫn còn đơn vị trực thuộc: {items}",
        "unit.has_teams": "đơn vị {code} vẫn có tổ phụ trách: {items}",
        "unit.has_chats": "đơn vị {code} vẫn có nhóm chat gắn vào: {items}",
        "unit.has_tasks": "đơn vị {code} vẫn được giao {count} nhiệm vụ",
        "team.has_reports": "tổ {code} đã có {count} số liệu báo cáo: không xoá được tổ "
        "đã báo cáo, vì mọi con số phải truy được về tổ",
        "team.has_monthly": "tổ {code} đã nộp {count} báo cáo tháng: không xoá được",
        "team.has_done_tasks": "tổ {code} đã hoàn thành {count} nhiệm vụ: không xoá được",
        "team.has_chats": "tổ {code} vẫn có nhóm chat gắn vào: {items}",
        "member.over_cap": "tổ {team} đã có {count} thành viên, tối đa của tổ cấp {level} là {cap}",
        "member.unknown": "không có thành viên mã {id}",
        "member.needs_name": "thành viên cần có họ tên",
        "member.bad_role": "'{role}' không phải vai trò: tổ trưởng, tổ phó hoặc thành viên",
        "member.same_name": "tổ {team} đã có thành viên tên {name}",
        "member.second_leader": "tổ {team} đã có tổ trưởng: {name}",
        "member.bad_account": "'{user}' không phải mã người dùng {channel}",
        "member.bad_phone": "'{phone}' không phải số điện thoại (di động 10 số, cố định 11 số)",
        "member.account_taken": "{channel} {user} đã là của {name} trong tổ {team}",
        "quota.bad_target": "'{text}' không phải chỉ tiêu: viết số như 120 hoặc tỷ lệ như 30%",
        "indicator.unknown": "không có chỉ số mã '{code}'",
        "indicator.ambiguous": "'{text}' là tên của nhiều chỉ số: {codes}; hãy ghi mã",
        "quota.no_households": "tổ {team} phụ trách đơn vị chưa có số hộ: không đặt được "
        "chỉ tiêu theo %",
        "quota.negative_total": "không phân bổ được tổng âm ({total})",
        "quota.negative_households": "số hộ không thể âm",
        "quota.zero_households": "không có hộ nào để phân bổ theo tỷ lệ",
        "quota.no_team_under": "không có tổ nào thuộc {name}",
        "quota.teams_without_households": "các tổ phụ trách đơn vị chưa có số hộ: {items}",
        "quota.shares_exceed_total": "các chỉ tiêu theo % được giữ đã là {kept}, vượt tổng "
        "{total}: chọn thay cả chỉ tiêu %",
        "quota.plan_stale": "chỉ tiêu đã đổi từ lúc xem trước ({item}): hãy xem lại",
        "quota.undo_stale": "không hoàn tác được: {item} đã đổi thành {now} sau thay đổi này",
        "quota.nothing_to_undo": "không có thay đổi nào để hoàn tác",
        "undo.stale": "không hoàn tác được: {field} của {item} đã đổi thành {now} sau thay đổi này",
        "undo.gone": "không hoàn tác được: {item} đã bị xoá hoặc đổi mã sau thay đổi này",
        "undo.back": "không hoàn tác được: {item} đã có lại sau thay đổi này",
        "undo.team_removed": "không hoàn tác được việc xoá tổ {code}: hãy thêm lại tổ (thành "
        "viên, chỉ tiêu của tổ có trong nhật ký)",
        "undo.team_has_members": "không hoàn tác được: tổ {code} đã có {count} thành viên",
        "undo.team_has_quotas": "không hoàn tác được: tổ {code} đã có {count} chỉ tiêu",
        "undo.team_has_tasks": "không hoàn tác được: tổ {code} đã được giao {count} nhiệm vụ",
        "undo.task_created": "không hoàn tác được việc giao nhiệm vụ {code}: thông báo đã "
        "xếp gửi cho các tổ",
        "undo.review_stale": "không hoàn tác được: mục chờ duyệt {item} đã được xử lý lại sau "
        "thay đổi này ({status}, {by})",
        "undo.review_message": "không hoàn tác được: tin của mục {item} đã đổi sau thay đổi này "
        "({status})",
        "undo.review_edited": "không hoàn tác được: tin của mục {item} đã được sửa sau thay đổi "
        "này",
        "undo.review_held": "không hoàn tác được: mục {item} thuộc tháng đã duyệt và đang chờ "
        "duyệt sau khi đã duyệt; chưa có số nào được tính",
        "undo.review_demoted": "không hoàn tác được: việc duyệt mục {item} đã chuyển {count} số "
        "cộng dồn gửi sau đó sang chờ duyệt",
        "undo.review_entry": "không hoàn tác được: số đã tính của mục {item} (bản ghi {entry}) "
        "đã đổi hoặc bị thay sau thay đổi này",
        "undo.review_approved": "không hoàn tác được: tháng {month} của tổ {team} đã được duyệt",
        "undo.review_lowers": "không hoàn tác được: bỏ số của mục {item} làm {count} số cộng dồn "
        "gửi sau đó thấp hơn số đã báo trước",
        "undo.monthly_stale": "không hoàn tác được: báo cáo tháng {item} đã được quyết định lại "
        "sau thay đổi này ({status}, {by})",
        "undo.monthly_held": "không hoàn tác được việc duyệt {item}: {count} mục chờ duyệt sau "
        "khi đã duyệt dựa vào lần duyệt này (đang chờ, hoặc đã nhận sau đó)",
        "undo.monthly_told": "không hoàn tác được việc trả lại {item}: thông báo cho tổ không còn "
        "chờ gửi ({status})",
        "undo.digest_sent": "không hoàn tác được: bản tin {item} không còn chờ gửi ({status})",
        "period.bad": "'{text}' không phải kỳ: dùng YYYY-MM, YYYY-Qn hoặc YYYY",
        "task.exists": "đã có nhiệm vụ '{code}'",
        "task.no_assignee": "nhiệm vụ cần giao cho ít nhất một tổ hoặc đơn vị (--to TỔ hoặc "
        "ĐƠN_VỊ)",
        "task.no_team_under": "không có tổ nào thuộc {items}",
        "code.unknown_team_or_unit": "không có tổ hay đơn vị mã '{code}'",
        "task.not_assigned": "nhiệm vụ '{code}' không giao cho tổ '{team}'",
        "task.already_done": "tổ '{team}' đã hoàn thành nhiệm vụ '{code}' ngày {day}",
        "review.stated_total": "mục {id} là số cộng dồn: hãy nhập số cần cộng thêm (--value)",
        "review.missing": "mục {id} còn thiếu {field}: hãy nhập --{flag}",
        "review.too_large": "mục {id}: {value} quá lớn cho chỉ số {indicator} (tối đa {bound} "
        "một lần): hãy nhập --value",
        "review.unknown": "không có mục chờ duyệt {id}",
        "review.closed": "mục chờ duyệt {id} đã được xử lý: {status}",
        "review.no_sender": "mục {id} không có người gửi để liên kết",
        "review.no_member": "tổ {team} không có thành viên tên {name}",
        "review.two_members": "tổ {team} có nhiều thành viên tên {name}: {names}",
        "review.member_linked": "{name} ({team}) đã có tài khoản {channel} khác; "
        "hãy sửa thành viên trước",
        "monthly.not_reported": "tổ {team} chưa gửi báo cáo tháng {month}: chưa duyệt hay trả "
        "lại được",
        "monthly.already_approved": "báo cáo tháng {month} của tổ {team} đã được duyệt",
        "monthly.already_returned": "báo cáo tháng {month} của tổ {team} đã bị trả lại, chờ tổ "
        "gửi lại",
        "monthly.needs_reason": "trả lại báo cáo cần ghi lý do (--reason)",
        "monthly.not_month": "'{text}' không phải tháng: dùng YYYY-MM",
        "chat.unknown": "không có nhóm {channel} {chat_id} nào được gắn",
        "chat.gone": "nhóm chat (dòng {id}) vừa được bỏ gắn: không còn gì để gửi",
        "chat.not_bound": "nhóm {channel} {chat_id} chưa được gắn: gắn bằng "
        "`tracker import chats` trước",
        # In a form (the terminal UI), the field says where: no CLI flag in the sentence.
        "form.review.stated_total": "mục {id} là số cộng dồn: hãy nhập số cần cộng thêm",
        "form.review.missing": "mục {id} còn thiếu {field}",
        "form.review.too_large": "mục {id}: {value} quá lớn cho chỉ số {indicator} (tối đa "
        "{bound} một lần): hãy nhập số nhỏ hơn",
        "form.task.no_assignee": "nhiệm vụ cần giao cho ít nhất một tổ hoặc đơn vị",
        "form.monthly.needs_reason": "trả lại báo cáo cần ghi lý do",
        "form.chat.not_bound": "nhóm {channel} {chat_id} chưa được gắn",
    },
    en={
        "level.province": "province",
        "level.district": "district",
        "level.commune": "commune",
        "level.village": "village",
        "status.accepted": "accepted",
        "status.rejected": "rejected",
        "status.open": "open again",
        "status.review": "waiting for review",
        "status.counted": "counted",
        "status.ignored": "not counted",
        "status.approved": "approved",
        "status.returned": "returned",
        "status.sent": "sent",
        "status.pending": "waiting to be sent",
        "status.failed": "failed",
        "status.expired": "expired",
        "status.unknown": "perhaps sent",
        "field.team": "team",
        "field.indicator": "indicator",
        "field.value": "value",
        "field.code": "code",
        "field.name": "name",
        "field.level": "level",
        "field.parent": "parent",
        "field.households": "households",
        "field.units": "units",
        "field.role": "role",
        "field.organization": "organisation",
        "field.phone": "phone",
        "field.accounts": "accounts",
        "field.title": "title",
        "field.unit": "unit",
        "field.chat_id": "chat id",
        "field.status": "status",
        "field.done_at": "completion time",
        "field.note": "note",
        "unit.unknown": "unknown unit '{code}'",
        "team.unknown": "unknown team '{code}'",
        "unit.code_taken": "a unit with code {code} already exists",
        "team.code_taken": "a team with code {code} already exists",
        "unit.needs_code": "unit {code} needs a code",
        "team.needs_code": "team {code} needs a code",
        "code.too_long": "code {code} is longer than 64 characters",
        "unit.has_children": "unit {code} still has units under it: {items}",
        "unit.has_teams": "unit {code} is still covered by teams: {items}",
        "unit.has_chats": "unit {code} still has chats bound to it: {items}",
        "unit.has_tasks": "unit {code} is named by {count} task assignments",
        "team.has_reports": "team {code} has {count} reported figures: a team that has "
        "reported cannot be removed, as every number must lead back to its team",
        "team.has_monthly": "team {code} has filed {count} monthly reports: it cannot be removed",
        "team.has_done_tasks": "team {code} has done {count} tasks: it cannot be removed",
        "team.has_chats": "team {code} still has chats bound to it: {items}",
        "member.over_cap": "team {team} already has {count} members, the most a {level} team "
        "may have ({cap})",
        "member.unknown": "no member with id {id}",
        "member.needs_name": "a member needs a name",
        "member.bad_role": "'{role}' is not a role: use leader, deputy or member",
        "member.same_name": "team {team} already has a member named {name}",
        "member.second_leader": "team {team} already has a leader: {name}",
        "member.bad_account": "'{user}' is not a {channel} user id",
        "member.bad_phone": "'{phone}' is not a phone number (10 digits for a mobile, 11 for "
        "a landline)",
        "member.account_taken": "{channel} {user} is already {name}'s in team {team}",
        "quota.bad_target": "'{text}' is not a target: write a count like 120 or a share like 30%",
        "indicator.unknown": "unknown indicator '{code}'",
        "indicator.ambiguous": "'{text}' names several indicators: {codes}; give the code",
        "quota.no_households": "team {team} covers a unit without households: no % target",
        "quota.negative_total": "cannot allocate a negative total ({total})",
        "quota.negative_households": "households cannot be negative",
        "quota.zero_households": "no households to allocate in proportion to",
        "quota.no_team_under": "no team under {name}",
        "quota.teams_without_households": "teams covering a unit without households: {items}",
        "quota.shares_exceed_total": "the % targets kept already come to {kept}, more than "
        "the total {total}: choose to replace % targets too",
        "quota.plan_stale": "the quotas changed since the preview ({item}): look again",
        "quota.undo_stale": "cannot undo: {item} was changed to {now} after this change",
        "quota.nothing_to_undo": "no change to undo",
        "undo.stale": "cannot undo: the {field} of {item} was changed to {now} after this change",
        "undo.gone": "cannot undo: {item} was removed or recoded after this change",
        "undo.back": "cannot undo: {item} exists again since this change",
        "undo.team_removed": "cannot undo removing team {code}: add the team again (its "
        "members and quotas are in the audit log)",
        "undo.team_has_members": "cannot undo: team {code} has {count} members now",
        "undo.team_has_quotas": "cannot undo: team {code} has {count} quotas now",
        "undo.team_has_tasks": "cannot undo: team {code} has {count} task assignments now",
        "undo.task_created": "cannot undo assigning task {code}: its notices are already "
        "queued for the teams",
        "undo.review_stale": "cannot undo: review item {item} was decided again after this "
        "change ({status}, {by})",
        "undo.review_message": "cannot undo: the message of item {item} changed after this "
        "change ({status})",
        "undo.review_edited": "cannot undo: the message of item {item} was edited after this "
        "change",
        "undo.review_held": "cannot undo: item {item} is for an approved month and waits again "
        "as after approval; nothing was counted",
        "undo.review_demoted": "cannot undo: accepting item {item} sent {count} later stated "
        "totals to review",
        "undo.review_entry": "cannot undo: the count of item {item} (entry {entry}) was changed "
        "or replaced after this change",
        "undo.review_approved": "cannot undo: team {team}'s month {month} has been approved",
        "undo.review_lowers": "cannot undo: taking item {item}'s count away leaves {count} later "
        "stated totals lower than what was reported before them",
        "undo.monthly_stale": "cannot undo: the monthly report {item} was decided again after "
        "this change ({status}, {by})",
        "undo.monthly_held": "cannot undo approving {item}: {count} after-approval review items "
        "rest on it (waiting, or accepted since)",
        "undo.monthly_told": "cannot undo returning {item}: its notice to the team is no longer "
        "waiting to be sent ({status})",
        "undo.digest_sent": "cannot undo: digest {item} is no longer waiting to be sent ({status})",
        "period.bad": "'{text}' is not a period: use YYYY-MM, YYYY-Qn or YYYY",
        "task.exists": "task '{code}' already exists",
        "task.no_assignee": "a task needs at least one assignee (--to TEAM or UNIT)",
        "task.no_team_under": "no team under {items}",
        "code.unknown_team_or_unit": "unknown team or unit '{code}'",
        "task.not_assigned": "task '{code}' is not assigned to team '{team}'",
        "task.already_done": "task '{code}' was already done by '{team}' on {day}",
        "review.stated_total": "review item {id} is a stated total: give --value (the count "
        "to add)",
        "review.missing": "review item {id} has no {field}: give --{flag}",
        "review.too_large": "review item {id}: {value} is too large for {indicator} (at most "
        "{bound} at a time): give --value",
        "review.unknown": "there is no review item {id}",
        "review.closed": "review item {id} is already {status}",
        "review.no_sender": "review item {id} has no sender to link",
        "review.no_member": "team {team} has no member named {name}",
        "review.two_members": "team {team} has several members named {name}: {names}",
        "review.member_linked": "{name} ({team}) already has another {channel} account; "
        "edit the member first",
        "monthly.not_reported": "team {team} has not sent its report for {month}: it cannot "
        "be approved or returned",
        "monthly.already_approved": "the {month} report of team {team} is already approved",
        "monthly.already_returned": "the {month} report of team {team} is already returned, "
        "waiting for the team to send it again",
        "monthly.needs_reason": "returning a report needs a reason (--reason)",
        "monthly.not_month": "'{text}' is not a month: use YYYY-MM",
        "chat.unknown": "no chat {channel} {chat_id} is bound",
        "chat.gone": "the chat (row {id}) was unbound meanwhile: nothing to post to",
        "chat.not_bound": "no bound chat {channel} {chat_id}: bind it with "
        "`tracker import chats` first",
        # In a form (the terminal UI), the field says where: no CLI flag in the sentence.
        "form.review.stated_total": "review item {id} is a stated total: give the count to add",
        "form.review.missing": "review item {id} has no {field}",
        "form.review.too_large": "review item {id}: {value} is too large for {indicator} (at "
        "most {bound} at a time): give a smaller count",
        "form.task.no_assignee": "a task needs at least one team or unit to assign it to",
        "form.monthly.needs_reason": "returning a report needs a reason",
        "form.chat.not_bound": "no bound chat {channel} {chat_id}",
    },
)


# Values under these names are stored words ("commune", "rejected"), shown translated.
_WORDS = ("level", "status", "field")


def refusal_text(language: str, key: str, values: dict[str, object]) -> str:
    """The refusal in `language`, its stored words ("commune") translated ("xã")."""
    shown = dict(values)
    for name in _WORDS:
        if name in shown:
            with suppress(KeyError):  # a word the catalogue does not name reads as stored
                shown[name] = REFUSALS(language, f"{name}.{shown[name]}")
    return REFUSALS(language, key, **shown)


def form_refusal_text(language: str, key: str, values: dict[str, object]) -> str:
    """The refusal as a form shows it: its `form.` wording when it has one."""
    try:
        return refusal_text(language, f"form.{key}", values)
    except KeyError:
        return refusal_text(language, key, values)
